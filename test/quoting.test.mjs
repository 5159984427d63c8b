// Every identifier is quoted on output: names with quotes, spaces, unicode and SQL keywords survive
// rebuilds, in-place alters, indexes, views and triggers; names differing only in case are the same name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

function migrate(current, desired, seed) {
  const dir = tempDir();
  const db = join(dir, 'q.db');
  const d = new Database(db);
  d.exec(current);
  d.exec(seed);
  d.close();
  const schema = join(dir, 'desired.sql');
  writeFileSync(schema, desired);
  const r = runCli(['apply', '--db', db, '--schema', schema, '--allow-destructive']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const again = runCli(['plan', '--db', db, '--schema', schema, '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).changes, []);
  return new Database(db);
}

const weird = `
CREATE TABLE "order" ("select" INTEGER PRIMARY KEY, "my col" TEXT, "q""uote" TEXT, "Ünïcode ✓" TEXT, "from" INTEGER);
CREATE TABLE "group by" ("id" INTEGER PRIMARY KEY, "order id" INTEGER REFERENCES "order"("select") ON DELETE CASCADE, "where" TEXT);
CREATE INDEX "idx ""q""" ON "order" ("my col", "q""uote" DESC);
CREATE VIEW "view ☃" AS SELECT "select", "my col" FROM "order";
CREATE TRIGGER "trg ""x""" AFTER INSERT ON "order" BEGIN INSERT INTO "group by" ("order id", "where") VALUES (new."select", 'trg'); END;
`;
const seed = `INSERT INTO "order" ("my col", "q""uote", "Ünïcode ✓", "from") VALUES ('a', 'it''s', 'ü', 1), ('b', NULL, '✓', 2);`;

test('rebuild of tables with quoted, spaced, unicode and keyword names keeps rows, indexes, views and triggers', () => {
  const desired = weird
    .replace('"from" INTEGER)', '"from" INTEGER NOT NULL DEFAULT 0, "new ""col""" TEXT DEFAULT \'n\')')
    .replace('"where" TEXT)', '"where" TEXT NOT NULL DEFAULT \'?\')');
  const db = migrate(weird, desired, seed);
  assert.deepEqual(db.prepare('SELECT "select", "my col", "q""uote", "Ünïcode ✓", "from", "new ""col""" FROM "order" ORDER BY 1').all().map((r) => Object.values(r)), [
    [1, 'a', "it's", 'ü', 1, 'n'],
    [2, 'b', null, '✓', 2, 'n'],
  ]);
  assert.equal(db.prepare('SELECT count(*) AS n FROM "view ☃"').get().n, 2);
  db.prepare('INSERT INTO "order" ("my col") VALUES (?)').run('c');
  assert.equal(db.prepare(`SELECT count(*) AS n FROM "group by" WHERE "where" = 'trg'`).get().n, 3);
  assert.ok(db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'idx "q"'`).get());
  db.close();
});

test('dropping a keyword-named column in place and renaming via hints with quoted names', () => {
  const current = 'CREATE TABLE "Tab le" ("id" INTEGER PRIMARY KEY, "drop" TEXT, "old name" TEXT);';
  const desired = 'CREATE TABLE "Tab le" ("id" INTEGER PRIMARY KEY,\n  "new name" TEXT -- @renamed from="old name"\n);';
  const db = migrate(current, desired, `INSERT INTO "Tab le" ("drop", "old name") VALUES ('x', 'kept');`);
  assert.deepEqual(db.prepare('SELECT "new name" AS v FROM "Tab le"').all(), [{ v: 'kept' }]);
  db.close();
});

test('names that differ only in case are the same name: nothing to plan', () => {
  const db = migrate(
    'CREATE TABLE Users (Id INTEGER PRIMARY KEY, EMail TEXT); CREATE INDEX Users_EMail ON Users(EMail);',
    'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); CREATE INDEX users_email ON USERS(EMAIL);',
    "INSERT INTO Users (EMail) VALUES ('a');",
  );
  assert.equal(db.prepare('SELECT count(*) AS n FROM users').get().n, 1);
  db.close();
});
