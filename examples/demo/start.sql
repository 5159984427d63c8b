-- The database as the application left it last year: the demo migrates it to examples/schema/app.yaml.
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT
);
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL
);
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  priority INTEGER,
  done_at TEXT,
  legacy_notes TEXT
);
CREATE INDEX tasks_project ON tasks(project_id);
CREATE VIEW open_tasks AS SELECT id, title FROM tasks WHERE done_at IS NULL;

INSERT INTO users (email, name) VALUES ('ann@example.org', 'Ann'), ('bob@example.org', 'Bob'), ('gone@example.org', 'Gone');
DELETE FROM users WHERE email = 'gone@example.org';
INSERT INTO projects (owner_id, name) VALUES (1, 'launch'), (2, 'garden');
INSERT INTO tasks (project_id, title, priority, done_at, legacy_notes) VALUES
  (1, 'write docs', 1, NULL, 'from the old tracker'),
  (1, 'ship it', NULL, NULL, NULL),
  (2, 'plant beans', 3, '2026-04-01', NULL);
