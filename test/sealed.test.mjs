// Scratch databases are sealed: a desired-state .sql file holds CREATE statements only, and no
// statement of a migration file may reach a file other than the target. Every command that reads such
// a file refuses it with file:line:col before anything runs; the live database, every other file in
// the project, and the directory's listing stay byte-for-byte as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

/** Every file under dir with its sha256: what "nothing was touched" means. */
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function project() {
  const cwd = tempDir('liteform-sealed-');
  const db = new Database(join(cwd, 'app.db'));
  db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@x'), ('b@x'), ('c@x');");
  db.close();
  return cwd;
}

const cli = (cwd, ...args) => runCli(args, { cwd });

// Each line: a statement that must never run from a desired-state file, and what the error names.
const hostileSchema = [
  ["ATTACH DATABASE 'app.db' AS live", /ATTACH/],
  ["ATTACH 'file:app.db?mode=rw' AS live", /ATTACH/],
  ['DELETE FROM users', /DELETE/],
  ["INSERT INTO users (email) VALUES ('x')", /INSERT/],
  ["VACUUM INTO 'copy.db'", /VACUUM/],
  ['PRAGMA journal_mode = WAL', /PRAGMA/],
  ["PRAGMA temp_store_directory = '.'", /PRAGMA/],
  ['DROP TABLE users', /DROP/],
  ['CREATE TEMP TABLE scratch (x)', /temporary/],
  ['CREATE TABLE live.t (x)', /schema "live"/],
  ["CREATE VIEW v AS SELECT load_extension('./evil')", /load_extension/],
  ["SELECT \"load_extension\"('./evil')", /load_extension/],
  ['BEGIN', /BEGIN/],
];

test('a desired-state .sql file with anything but CREATE statements is refused at file:line:col, before anything runs', () => {
  for (const [stmt, names] of hostileSchema) {
    const cwd = project();
    writeFileSync(join(cwd, 'schema.sql'), `-- desired\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n  ${stmt};\nCREATE TABLE t (x);\n`);
    const before = snapshot(cwd);
    for (const args of [
      ['plan', '--db', 'app.db', '--schema', 'schema.sql', '--dry-run'],
      ['apply', '--db', 'app.db', '--schema', 'schema.sql', '--allow-destructive'],
      ['diff', 'app.db', 'schema.sql'],
    ]) {
      const r = cli(cwd, ...args);
      assert.equal(r.code, 1, `${stmt} / ${args[0]}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr + r.stdout, /schema\.sql:3:3: statement 2/, `${stmt} / ${args[0]}: names file:line:col`);
      assert.match(r.stderr + r.stdout, names, `${stmt} / ${args[0]}: names the statement`);
      assert.deepEqual(snapshot(cwd), before, `${stmt} / ${args[0]}: no file touched or created`);
    }
  }
});

test('a desired-state file may still start with the PRAGMAs schema files carry for sqlite3 (foreign_keys)', () => {
  const cwd = project();
  writeFileSync(join(cwd, 'schema.sql'), 'PRAGMA foreign_keys = ON;\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n');
  const r = cli(cwd, 'plan', '--db', 'app.db', '--schema', 'schema.sql', '--dry-run');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No changes/);
});

test('a YAML view holding a second statement cannot smuggle it into the scratch database', () => {
  const cwd = project();
  writeFileSync(join(cwd, 'schema.yaml'), `tables:\n  users:\n    columns:\n      id: { type: INTEGER, primaryKey: true }\n      email: TEXT\nviews:\n  v: "SELECT 1; ATTACH 'app.db' AS live; DELETE FROM live.users"\n`);
  const before = snapshot(cwd);
  const r = cli(cwd, 'plan', '--db', 'app.db', '--schema', 'schema.yaml', '--dry-run');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /schema\.yaml:7:/);
  assert.deepEqual(snapshot(cwd), before);
  const db = new Database(join(cwd, 'app.db'), { readonly: true });
  assert.equal(db.prepare('SELECT count(*) FROM users').pluck().get(), 3);
  db.close();
});

// Statements a migration may never hold, and what the error names.
const hostileMigration = [
  ["ATTACH DATABASE 'app.db' AS live;\nDELETE FROM live.users", /ATTACH/],
  ["ATTACH 'victim.db' AS v", /ATTACH/],
  ["EXPLAIN ATTACH 'victim.db' AS v", /ATTACH/],
  ["VACUUM INTO 'copy.db'", /VACUUM/],
  ['DETACH other', /DETACH/],
  ["PRAGMA temp_store_directory = '/tmp'", /temp_store_directory/],
  ['PRAGMA journal_mode = WAL', /journal_mode/],
  ['PRAGMA writable_schema = ON', /writable_schema/],
  ['PRAGMA other.user_version = 3', /another database/],
  ["SELECT load_extension('./evil.so')", /load_extension/],
  ["INSERT INTO t VALUES (writefile('pwned.txt', 'x'))", /writefile/],
  ['CREATE TABLE aux.t2 (x)', /schema "aux"/],
  ['BEGIN', /transaction control/],
  ['SAVEPOINT s', /transaction control/],
  ['COMMIT', /transaction control/],
];

test('a migration that could reach another file is refused by plan, status, check, lint, apply, down and diff, and touches nothing', () => {
  for (const [stmt, names] of hostileMigration) {
    const cwd = project();
    writeFileSync(join(cwd, 'victim.db'), '');
    mkdirSync(join(cwd, 'migrations'));
    writeFileSync(join(cwd, 'schema.sql'), 'CREATE TABLE t (x);\n');
    writeFileSync(join(cwd, 'migrations', '0001_t.sql'), 'CREATE TABLE t (x);\n');
    writeFileSync(join(cwd, 'migrations', '0002_evil.sql'), `-- hand written\nINSERT INTO t VALUES (1);\n${stmt};\n`);
    assert.equal(cli(cwd, 'hash', '--dir', 'migrations').code, 0);
    const before = snapshot(cwd);
    for (const args of [
      ['plan', '--dir', 'migrations', '--schema', 'schema.sql', '--dry-run'],
      ['status', '--db', 'app.db', '--dir', 'migrations'],
      ['check', '--db', 'app.db', '--dir', 'migrations', '--schema', 'schema.sql'],
      ['lint', '--db', 'app.db', '--dir', 'migrations'],
      ['apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup'],
      ['down', '--db', 'app.db', '--dir', 'migrations', '--dry-run'],
      ['diff', 'migrations', 'schema.sql'],
    ]) {
      const r = cli(cwd, ...args);
      assert.notEqual(r.code, 0, `${stmt} / ${args[0]} must refuse: ${r.stdout}`);
      assert.match(r.stderr + r.stdout, /0002_evil\.sql:3:1: /, `${stmt} / ${args[0]}: names file:line:col\n${r.stderr}`);
      assert.match(r.stderr + r.stdout, names, `${stmt} / ${args[0]}: names the statement\n${r.stderr}`);
      assert.deepEqual(snapshot(cwd), before, `${stmt} / ${args[0]}: no file touched or created`);
    }
  }
});

test('ordinary migration statements still run: data changes, reads, safe pragmas, EXPLAIN, temp tables', () => {
  const cwd = project();
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'migrations', '0001_t.sql'), [
    'CREATE TABLE t (x INTEGER, y TEXT);',
    'CREATE TEMP TABLE stash (id INTEGER);',
    'INSERT INTO stash VALUES (1), (2), (3);',
    'INSERT INTO t (x) SELECT id FROM stash;',
    'WITH s AS (SELECT 1 AS one) UPDATE t SET y = (SELECT one FROM s);',
    'SELECT count(*) FROM t;',
    'EXPLAIN QUERY PLAN SELECT * FROM t;',
    'PRAGMA user_version = 7;',
    'PRAGMA main.application_id = 42;',
    'PRAGMA defer_foreign_keys = ON;',
    'PRAGMA foreign_key_check;',
    'DROP TABLE stash;',
    'CREATE INDEX t_x ON t (x);',
    'REINDEX t_x;',
    'ANALYZE t;',
    '',
  ].join('\n'));
  assert.equal(cli(cwd, 'hash', '--dir', 'migrations').code, 0);
  const r = cli(cwd, 'apply', '--db', 'fresh.db', '--create', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  const db = new Database(join(cwd, 'fresh.db'), { readonly: true });
  assert.equal(db.prepare('SELECT count(*) FROM t WHERE y = 1').pluck().get(), 3);
  assert.equal(db.pragma('user_version', { simple: true }), 7);
  db.close();
});
