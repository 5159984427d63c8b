-- The desired state of a small task tracker, as CREATE statements: the same schema as app.yaml.
-- liteform runs these in a scratch in-memory database and reads the schema back, so any SQL SQLite
-- accepts is fine. To rename a table or column, put a rename-hint comment on its line, as in
-- test/fixtures/cases/20-rename-table/desired.sql.

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (owner_id, name)
);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects ON DELETE CASCADE,
  title TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 2,
  done_at TEXT,
  is_done INTEGER GENERATED ALWAYS AS (done_at IS NOT NULL) VIRTUAL,
  updated_at TEXT,
  CONSTRAINT priority_range CHECK (priority BETWEEN 1 AND 3)
);
CREATE INDEX tasks_open ON tasks (project_id, priority DESC) WHERE done_at IS NULL;
CREATE INDEX tasks_title ON tasks (lower(title));

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE task_tags (
  task_id INTEGER,
  tag_id INTEGER,
  PRIMARY KEY (task_id, tag_id),
  FOREIGN KEY (task_id) REFERENCES tasks ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tags ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX task_tags_tag ON task_tags (tag_id);

CREATE VIEW open_tasks AS
SELECT t.id, t.title, t.priority, p.name AS project
  FROM tasks AS t JOIN projects AS p ON p.id = t.project_id
 WHERE t.done_at IS NULL;

CREATE TRIGGER tasks_touch AFTER UPDATE OF title, priority, done_at ON tasks BEGIN
  UPDATE tasks SET updated_at = CURRENT_TIMESTAMP WHERE id = new.id;
END;
