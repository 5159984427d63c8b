// Declared column types keep the spelling the desired state gives them (issue 13, found replaying
// synapse and atuin-server histories: `bigint`, `bytea`, `boolean` came back as BIGINT, BYTEA,
// BOOLEAN, so PRAGMA table_info disagreed with a database built from the desired file). Types still
// compare by their normalised spelling: a change of case alone is no change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

const types = (db, t) => db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all(t).map((c) => `${c.name} ${c.type}`);

function setup(currentSql, desiredSql) {
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  const db = new Database(dbPath);
  db.exec(currentSql);
  db.close();
  const schema = join(dir, 'desired.sql');
  writeFileSync(schema, desiredSql);
  return { dbPath, schema };
}

test('a created and a rebuilt table declare their types as the desired state spells them', () => {
  const { dbPath, schema } = setup(
    'CREATE TABLE t (id INTEGER PRIMARY KEY, n bigint); INSERT INTO t (n) VALUES (1), (NULL);',
    'CREATE TABLE t (id INTEGER PRIMARY KEY, n bigint NOT NULL DEFAULT 0, ts timestamp);\nCREATE TABLE u (id integer PRIMARY KEY, b bytea, f double   precision, v varchar ( 255 ));\n');
  const r = runCli(['apply', '--db', dbPath, '--schema', schema, '--allow-destructive']);
  assert.equal(r.code, 0, r.stderr);
  const db = new Database(dbPath);
  assert.deepEqual(types(db, 't'), ['id INTEGER', 'n bigint', 'ts timestamp']);
  assert.deepEqual(types(db, 'u'), ['id INTEGER', 'b bytea', 'f double   precision', 'v varchar ( 255 )']);
  assert.deepEqual(db.prepare('SELECT id, n FROM t ORDER BY id').raw().all(), [[1, 1], [2, 0]]);
  db.close();
  const again = runCli(['plan', '--db', dbPath, '--schema', schema, '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).changes, []);
});

test('a type that differs only in case or spacing is no change (a table an older liteform created stays as it is)', () => {
  const { dbPath, schema } = setup('CREATE TABLE t (id INTEGER PRIMARY KEY, n BIGINT, v VARCHAR(255));', 'CREATE TABLE t (id integer PRIMARY KEY, n bigint, v varchar ( 255 ));\n');
  const r = runCli(['plan', '--db', dbPath, '--schema', schema, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).changes, []);
});

test('a different declaration is still a change: int → integer rebuilds (INT PRIMARY KEY is no rowid alias)', () => {
  const { dbPath, schema } = setup('CREATE TABLE t (id int PRIMARY KEY, n bigint);', 'CREATE TABLE t (id integer PRIMARY KEY, n bigint);\n');
  const r = runCli(['plan', '--db', dbPath, '--schema', schema, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(JSON.stringify(JSON.parse(r.stdout).changes), /type/);
});
