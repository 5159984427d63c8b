// A migrations directory and seeded databases shared by test/crash.test.mjs and
// test/concurrency.test.mjs, plus the checks both make on a database file after the fact.
//
// Versions (desired states planned with the real `liteform plan`):
//   0001 authors (AUTOINCREMENT) + index, posts (AUTOINCREMENT, FK to authors) + index, a view, a trigger
//   0002 posts gains a nullable column (ALTER TABLE ADD COLUMN)
//   0003 posts.score becomes NOT NULL DEFAULT 0 with a CHECK: a full table rebuild (foreign keys off)
//   0004 drops index authors_name and adds table tags (FK to posts)
//
// Every helper that opens a database closes it before returning: nothing here ever holds a
// connection while the file is read, copied or hashed through another descriptor.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './cases.mjs';
import { readMigrationDirectory } from '../../dist/migrations/directory.js';
import { replayMigrations, stateAfter } from '../../dist/db/replay.js';
import { introspect } from '../../dist/db/introspect.js';
import { diffSchemas } from '../../dist/diff/diff-schemas.js';

const v1 = `
CREATE TABLE authors (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT);
CREATE INDEX authors_name ON authors (name);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT NOT NULL, body TEXT, score INTEGER);
CREATE INDEX posts_author ON posts (author_id);
CREATE VIEW post_titles AS SELECT p.id, p.title, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id;
CREATE TRIGGER posts_title_check BEFORE INSERT ON posts WHEN NEW.title = '' BEGIN SELECT RAISE(ABORT, 'empty title'); END;
`;
const v2 = v1.replace('score INTEGER)', 'score INTEGER, created_at TEXT)');
const v3 = v2.replace('score INTEGER,', 'score INTEGER NOT NULL DEFAULT 0 CHECK (score >= 0),');
const v4 = `${v3.replace(/^CREATE INDEX authors_name.*\n/m, '')}
CREATE TABLE tags (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE, tag TEXT NOT NULL, UNIQUE (post_id, tag));
`;
export const desiredVersions = [v1, v2, v3, v4];
/** The version whose file rebuilds posts. */
export const rebuildVersion = '0003';

/** Writes the desired states and plans one migration file per version into `<work>/migrations`. */
export function buildMigrations(work) {
  const dir = join(work, 'migrations');
  desiredVersions.forEach((sql, i) => {
    const schema = join(work, `desired-v${i + 1}.sql`);
    writeFileSync(schema, sql);
    const r = runCli(['plan', `v${i + 1}`, '--schema', schema, '--dir', dir]);
    assert.equal(r.code, 0, `plan v${i + 1} failed:\n${r.stdout}${r.stderr}`);
  });
  const directory = readMigrationDirectory(dir);
  assert.deepEqual(directory.migrations.map((m) => m.version), ['0001', '0002', '0003', '0004']);
  assert.match(directory.migrations[2].content, /INSERT INTO "_liteform_new_posts"/, '0003 must be a full rebuild of posts');
  const replay = replayMigrations(directory.migrations);
  return { dir, migrations: directory.migrations, replay };
}

/**
 * Seeds authors and `rows` posts (ids 1..rows+1 with id rows+1 deleted again, so the AUTOINCREMENT
 * counter is ahead of max(id)); every tenth score is NULL (the rebuild turns it into 0).
 */
export function seed(dbPath, rows, { wal = false } = {}) {
  const db = new Database(dbPath);
  try {
    if (wal) db.pragma('journal_mode = WAL');
    db.exec(`BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500)
  INSERT INTO authors (name, email) SELECT 'author ' || i, 'a' || i || '@example.com' FROM s;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${rows + 1})
  INSERT INTO posts (author_id, title, body, score)
  SELECT 1 + (i * 7919) % 500, 'post ' || i, printf('%.40c', 'x') || i, CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 31) % 1000 END FROM s;
DELETE FROM posts WHERE id = ${rows + 1};
COMMIT;`);
    if (wal) db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Applies the directory up to `to` with the CLI (no backup), for building seed files. */
export function applyTo(dbPath, dir, to) {
  const r = runCli(['apply', '--db', dbPath, '--dir', dir, '--to', to, '--create', '--no-backup']);
  assert.equal(r.code, 0, `apply --to ${to} failed:\n${r.stdout}${r.stderr}`);
}

/** Index k such that the live schema equals the replayed schema after k files; -1 when none does. */
export function matchingVersion(live, replay) {
  for (let k = 0; k <= replay.after.length; k++) {
    const a = stateAfter(replay, k);
    if (diffSchemas(live, a).length === 0 && diffSchemas(a, live).length === 0) return k;
  }
  return -1;
}

/**
 * The seeded rows, in a form every version agrees on (a NULL score and the 0 the rebuild makes of it
 * count alike): count, id-weighted sums of each column (a value moved to another row changes them),
 * how many rows still hold exactly the text they were seeded with, and the AUTOINCREMENT counters.
 */
function dataFingerprint(db) {
  const hasPosts = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'posts'`).get() !== undefined;
  if (!hasPosts) return null;
  const posts = db.prepare(`SELECT count(*) AS n, sum(id) AS ids, sum(id * author_id) AS authorIds, sum(id * IFNULL(score, 0)) AS scores,
      sum(title = 'post ' || id) AS titlesIntact, sum(body = printf('%.40c', 'x') || id) AS bodiesIntact FROM posts`).get();
  const authors = db.prepare(`SELECT count(*) AS n, sum(name = 'author ' || id AND email = 'a' || id || '@example.com') AS intact FROM authors`).get();
  const seq = db.prepare(`SELECT name, seq FROM sqlite_sequence WHERE name IN ('posts', 'authors') ORDER BY name`).all();
  return { ...posts, authors: authors.n, authorsIntact: authors.intact, sequence: seq.map((s) => `${s.name}=${s.seq}`).join(',') };
}

/**
 * Opens the database (which rolls back a hot journal or recovers a WAL), and returns what the tests
 * compare: integrity_check, the introspected schema, which replayed version it equals, the history
 * rows, the user objects' SQL, and a fingerprint of the rows.
 */
export function inspect(dbPath, replay, { data = true } = {}) {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 20000 });
  try {
    const integrity = db.pragma('integrity_check', { simple: false }).map((r) => r.integrity_check).join('; ');
    const fkViolations = db.prepare('PRAGMA foreign_key_check').all().length;
    const live = introspect(db);
    const k = matchingVersion(live, replay);
    const hasHistory = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_liteform_migrations'`).get() !== undefined;
    const history = hasHistory ? db.prepare('SELECT version, name, checksum FROM _liteform_migrations ORDER BY rowid').all() : [];
    const objects = db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_liteform_%' ORDER BY type, name`).all();
    const leftovers = db.prepare(`SELECT name FROM sqlite_schema WHERE name LIKE '_liteform_new_%'`).all().map((r) => r.name);
    return { integrity, fkViolations, live, k, history, objects, leftovers, data: data ? dataFingerprint(db) : null };
  } finally {
    db.close();
  }
}

/** History rows must be exactly the first k files of the directory, in order, with their checksums. */
export function assertHistoryIsPrefix(state, migrations, k, label) {
  assert.deepEqual(
    state.history.map((h) => [h.version, h.checksum]),
    migrations.slice(0, k).map((m) => [m.version, m.checksum]),
    `${label}: history must be the first ${k} files, each once, in order`,
  );
}

export const leftoverJournal = (dbPath) => existsSync(`${dbPath}-journal`) || existsSync(`${dbPath}-wal`);
