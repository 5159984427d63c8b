// Issue 13 class 2, in databases an application's SQLite wrote: "…" strings in objects a migration does
// not touch must not break the ALTER TABLE … RENAME / DROP COLUMN that parses the whole schema again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execAsDefaultSqlite, runCli, tempDir } from './helpers/cases.mjs';
import { runTolerantAlter, alteredTable } from '../dist/db/tolerant-alter.js';

const appSchema = `
CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT CHECK (b <> "x"));
CREATE VIEW v AS SELECT a FROM t WHERE b <> "y";
CREATE TABLE o (id INTEGER PRIMARY KEY, c TEXT CHECK (c <> "z"));
CREATE INDEX o_c ON o(c) WHERE c <> "w";
CREATE TRIGGER o_touch AFTER UPDATE ON o BEGIN UPDATE o SET c = "touched" WHERE id = NEW.id; END;
CREATE TABLE plain (id INTEGER PRIMARY KEY, gone TEXT, kept TEXT);`;

const schemaText = (db) => Object.fromEntries(db.prepare("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL").all().map((r) => [r.name, r.sql]));

test('alteredTable reads the table of ALTER TABLE … RENAME / DROP only', () => {
  assert.equal(alteredTable('ALTER TABLE "my t" RENAME COLUMN a TO b'), 'my t');
  assert.equal(alteredTable('alter table main.x drop column y'), 'x');
  assert.equal(alteredTable('ALTER TABLE x ADD COLUMN y'), null);
  assert.equal(alteredTable('DROP TABLE x'), null);
});

test('an ALTER that never touches the "…" objects runs, and leaves their text as the application wrote it', () => {
  const db = new Database(join(tempDir('liteform-dqs-'), 'app.db'));
  execAsDefaultSqlite(db, appSchema);
  const before = schemaText(db);
  assert.match(before.o, /"z"/);
  // Our build refuses the plain statement: SQLite parses o, o_c, v and o_touch again.
  assert.throws(() => db.exec('ALTER TABLE plain DROP COLUMN gone'), /should this be a string literal/);
  runTolerantAlter(db, 'ALTER TABLE plain DROP COLUMN gone', () => db.exec('ALTER TABLE plain DROP COLUMN gone'));
  runTolerantAlter(db, 'ALTER TABLE plain RENAME COLUMN kept TO kept2', () => db.exec('ALTER TABLE plain RENAME COLUMN kept TO kept2'));
  runTolerantAlter(db, 'ALTER TABLE plain RENAME TO plain2', () => db.exec('ALTER TABLE plain RENAME TO plain2'));
  const after = schemaText(db);
  for (const name of ['t', 'v', 'o', 'o_c', 'o_touch']) assert.equal(after[name], before[name], name);
  assert.equal(after.plain2, 'CREATE TABLE "plain2" (id INTEGER PRIMARY KEY, kept2 TEXT)');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('objects naming the altered table are rewritten as SQLite rewrites them, their "…" strings spelled \'…\'', () => {
  const db = new Database(join(tempDir('liteform-dqs-'), 'app.db'));
  execAsDefaultSqlite(db, appSchema);
  db.exec(`INSERT INTO t (a, b) VALUES ('one', 'keep'), ('two', 'y')`);
  const before = schemaText(db);
  runTolerantAlter(db, 'ALTER TABLE t RENAME COLUMN a TO a2', () => db.exec('ALTER TABLE t RENAME COLUMN a TO a2'));
  const after = schemaText(db);
  assert.equal(after.t, `CREATE TABLE t (id INTEGER PRIMARY KEY, a2 TEXT, b TEXT CHECK (b <> 'x'))`);
  assert.equal(after.v, `CREATE VIEW v AS SELECT a2 FROM t WHERE b <> 'y'`);
  for (const name of ['o', 'o_c', 'o_touch']) assert.equal(after[name], before[name], `${name} names no altered table: kept as written`);
  // The rewritten objects now run on this build too, and mean what they meant.
  assert.deepEqual(db.prepare('SELECT a2 FROM v').pluck().all(), ['one']);
  assert.throws(() => db.exec(`INSERT INTO t (b) VALUES ('x')`), /CHECK constraint failed/);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('any other failure of an ALTER is not retried', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE a (x, y); CREATE VIEW w AS SELECT y FROM a');
  assert.throws(() => runTolerantAlter(db, 'ALTER TABLE a DROP COLUMN y', () => db.exec('ALTER TABLE a DROP COLUMN y')), /error in view w/);
  assert.deepEqual(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('a'), ['x', 'y']);
  db.close();
});

test('migrations workflow on a database an application wrote: baseline, plan, apply a rebuild, RENAME COLUMN and DROP COLUMN, check', () => {
  const cwd = tempDir('liteform-dqs-project-');
  mkdirSync(join(cwd, 'schema'));
  const v1 = appSchema;
  const v2 = appSchema
    .replace('CREATE TABLE plain (id INTEGER PRIMARY KEY, gone TEXT, kept TEXT);', 'CREATE TABLE plain (id INTEGER PRIMARY KEY, kept2 TEXT -- @renamed from=kept\n);')
    .replace('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT CHECK (b <> "x"));', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT \'\', b TEXT CHECK (b <> "x"));');
  writeFileSync(join(cwd, 'schema', 'app.sql'), v1);
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\n');
  const db = new Database(join(cwd, 'app.db'));
  execAsDefaultSqlite(db, v1);
  db.exec(`INSERT INTO t (a, b) VALUES ('one', 'keep'), (NULL, 'other'); INSERT INTO plain (gone, kept) VALUES ('g', 'k')`);
  const oText = schemaText(db).o;
  db.close();
  const cli = (...args) => runCli(args, { cwd });
  let r = cli('plan', 'init');
  assert.equal(r.code, 0, r.stderr);
  r = cli('baseline', '0001');
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(cwd, 'schema', 'app.sql'), v2);
  r = cli('plan', 'reshape');
  assert.equal(r.code, 0, r.stderr);
  const file = readFileSync(join(cwd, 'migrations', '0002_reshape.sql'), 'utf8');
  assert.match(file, /RENAME COLUMN "kept" TO "kept2"/);
  assert.match(file, /DROP COLUMN "gone"/);
  assert.match(file, /ALTER TABLE "_liteform_new_t" RENAME TO "t"/);
  r = cli('apply');
  assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
  r = cli('check');
  assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
  const after = new Database(join(cwd, 'app.db'));
  assert.deepEqual(after.prepare('SELECT id, a, b FROM t ORDER BY id').all(), [{ id: 1, a: 'one', b: 'keep' }, { id: 2, a: '', b: 'other' }]);
  assert.deepEqual(after.prepare('SELECT kept2 FROM plain').pluck().all(), ['k']);
  assert.equal(schemaText(after).o, oText, 'an untouched table keeps the text the application wrote');
  assert.equal(after.pragma('integrity_check', { simple: true }), 'ok');
  after.close();
});
