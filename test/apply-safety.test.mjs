// apply's guarantees on real database files: destructive steps need a flag, data-dependent failures
// name the table/column/row and leave the file byte-for-byte as it was, history rows are written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

function setup(currentSql, desiredSql, seed = '') {
  const dir = tempDir();
  const db = join(dir, 'app.db');
  const d = new Database(db);
  d.exec(currentSql);
  if (seed) d.exec(seed);
  d.close();
  const schema = join(dir, 'desired.sql');
  writeFileSync(schema, desiredSql);
  return { dir, db, schema };
}

function expectFailure(s, args, pattern) {
  const before = sha(s.db);
  const r = runCli(['apply', '--db', s.db, '--schema', s.schema, ...args]);
  assert.equal(r.code, 1, `expected exit 1, got ${r.code}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for a user error');
  assert.equal(sha(s.db), before, 'database file unchanged byte for byte');
  return r;
}

test('destructive plan is refused without --allow-destructive, and the file is unchanged', () => {
  const s = setup('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);', "INSERT INTO t (a, b) VALUES ('x', 'y');");
  const r = expectFailure(s, [], /drops column t\.b/);
  assert.match(r.stderr, /--allow-destructive/);
  const ok = runCli(['apply', '--db', s.db, '--schema', s.schema, '--allow-destructive']);
  assert.equal(ok.code, 0, ok.stderr);
});

test('dropping a table is destructive', () => {
  const s = setup('CREATE TABLE keep (id INTEGER PRIMARY KEY); CREATE TABLE gone (id INTEGER PRIMARY KEY);', 'CREATE TABLE keep (id INTEGER PRIMARY KEY);');
  expectFailure(s, [], /drops table gone/);
});

test('NOT NULL over NULLs without a default fails naming table, column and a row', () => {
  const s = setup('CREATE TABLE accounts (id INTEGER PRIMARY KEY, login TEXT);', 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, login TEXT NOT NULL);', "INSERT INTO accounts (login) VALUES ('ann'), (NULL), ('cy');");
  expectFailure(s, [], /table accounts, column login: NOT NULL.*rowid=2/);
});

test('UNIQUE over duplicates fails naming the duplicated value', () => {
  const s = setup('CREATE TABLE m (id INTEGER PRIMARY KEY, email TEXT);', 'CREATE TABLE m (id INTEGER PRIMARY KEY, email TEXT UNIQUE);', "INSERT INTO m (email) VALUES ('a@x'), ('b@x'), ('a@x');");
  expectFailure(s, [], /table m, column email: UNIQUE.*email='a@x'.*copies=2/);
});

test('a new unique index over duplicates fails and rolls back', () => {
  const s = setup('CREATE TABLE m (id INTEGER PRIMARY KEY, email TEXT);', 'CREATE TABLE m (id INTEGER PRIMARY KEY, email TEXT); CREATE UNIQUE INDEX m_email ON m(email);', "INSERT INTO m (email) VALUES ('a@x'), ('a@x');");
  expectFailure(s, [], /UNIQUE/);
});

test('a CHECK that existing rows break fails naming a row', () => {
  const s = setup('CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER);', 'CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER CHECK (qty >= 0));', 'INSERT INTO items (qty) VALUES (1), (-5);');
  expectFailure(s, [], /table items: CHECK \(qty >= 0\) fails.*qty=-5/);
});

test('a foreign key that existing rows break fails naming table and rowid', () => {
  const s = setup(
    'CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER);',
    'CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));',
    'INSERT INTO a VALUES (1); INSERT INTO b VALUES (1, 1), (2, 99);',
  );
  expectFailure(s, [], /table b, rowid 2: foreign key to a has no parent row/);
});

test('a STRICT type change that stored values cannot satisfy fails cleanly', () => {
  const s = setup('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT) STRICT;', 'CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER) STRICT;', "INSERT INTO t (v) VALUES ('12'), ('abc');");
  expectFailure(s, ['--allow-destructive'], /table t, column v: a stored TEXT value does not fit INTEGER.*v='abc'/);
});

test('a locked database is reported, not waited on forever, and not changed', () => {
  const s = setup('CREATE TABLE t (id INTEGER PRIMARY KEY);', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);');
  // Hash outside the lock: closing any descriptor of the file drops this process's POSIX locks.
  const before = sha(s.db);
  const holder = new Database(s.db);
  holder.exec('BEGIN IMMEDIATE');
  let r;
  try {
    r = runCli(['apply', '--db', s.db, '--schema', s.schema, '--busy-timeout', '200']);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /locked/);
  assert.equal(sha(s.db), before);
});

test('history row: version, name, sha256 checksum of the SQL, timestamps, who, duration', () => {
  const s = setup('CREATE TABLE t (id INTEGER PRIMARY KEY);', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT \'x\', b INTEGER CHECK (b > 0));', 'INSERT INTO t DEFAULT VALUES;');
  const plan = runCli(['plan', '--db', s.db, '--schema', s.schema, '--sql']);
  const r = runCli(['apply', '--db', s.db, '--schema', s.schema, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const d = new Database(s.db);
  const rows = d.prepare('SELECT * FROM _liteform_migrations').all();
  d.close();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].version, out.version);
  assert.equal(rows[0].checksum, createHash('sha256').update(plan.stdout).digest('hex'));
  assert.match(rows[0].applied_at, /^\d{4}-\d\d-\d\dT/);
  assert.ok(rows[0].applied_by.length > 0);
  assert.ok(rows[0].statements > 0);
  // liteform's own table is never part of the user schema: a second plan is empty.
  const again = runCli(['plan', '--db', s.db, '--schema', s.schema, '--json']);
  assert.deepEqual(JSON.parse(again.stdout).changes, []);
});

test('a rebuilt parent does not cascade-delete children even with foreign_keys on', () => {
  const s = setup(
    'PRAGMA foreign_keys=ON; CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);',
    'CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT \'\'); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);',
    'INSERT INTO p (n) VALUES (NULL), (\'b\'); INSERT INTO c (p_id) VALUES (1), (2), (2);',
  );
  const r = runCli(['apply', '--db', s.db, '--schema', s.schema]);
  assert.equal(r.code, 0, r.stderr);
  const d = new Database(s.db);
  assert.equal(d.prepare('SELECT count(*) AS n FROM c').get().n, 3);
  d.close();
});

test('plan never writes to the database', () => {
  const s = setup('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);', 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT 1);', "INSERT INTO t (a) VALUES ('x');");
  const before = sha(s.db);
  for (const flags of [[], ['--sql'], ['--json']]) {
    const r = runCli(['plan', '--db', s.db, '--schema', s.schema, ...flags]);
    assert.equal(r.code, 0, r.stderr);
  }
  assert.equal(sha(s.db), before);
});

test('plan --sql output runs as-is and reaches the desired state', () => {
  const s = setup(
    'CREATE TABLE e (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT); CREATE VIEW v AS SELECT kind FROM e; CREATE TRIGGER tr AFTER INSERT ON e BEGIN SELECT 1; END;',
    'CREATE TABLE e (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL DEFAULT \'k\'); CREATE VIEW v AS SELECT kind FROM e; CREATE TRIGGER tr AFTER INSERT ON e BEGIN SELECT 1; END;',
    "INSERT INTO e (kind) VALUES ('a'), (NULL), ('c'); DELETE FROM e WHERE id = 3;",
  );
  const script = runCli(['plan', '--db', s.db, '--schema', s.schema, '--sql']).stdout;
  const d = new Database(s.db);
  d.exec(script);
  assert.equal(d.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'e'").get().seq, 3);
  d.close();
  const again = runCli(['plan', '--db', s.db, '--schema', s.schema, '--json']);
  assert.deepEqual(JSON.parse(again.stdout).changes, []);
});

test('apply --dir refuses a file that would rebuild a table that drifted (a column added by hand): LITEFORM_DRIFT, nothing lost or changed', () => {
  const cwd = tempDir('liteform-drift-rebuild-');
  writeFileSync(join(cwd, 'v1.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n');
  writeFileSync(join(cwd, 'v2.sql'), "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '');\n");
  const cli = (...args) => runCli(args, { cwd });
  assert.equal(cli('plan', '--schema', 'v1.sql', '--dir', 'm', 'a').code, 0);
  assert.equal(cli('apply', '--db', 'app.db', '--dir', 'm', '--create').code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.exec(`ALTER TABLE t ADD COLUMN extra TEXT; INSERT INTO t (a, extra) VALUES (NULL, 'precious')`);
  db.close();
  assert.equal(cli('plan', '--schema', 'v2.sql', '--dir', 'm', 'b').code, 0);
  const file = readdirSync(join(cwd, 'm')).find((f) => f.startsWith('0002'));
  assert.match(readFileSync(join(cwd, 'm', file), 'utf8'), /^-- liteform:schema-text-before sha256:[0-9a-f]{64}$/m);
  const sha = () => createHash('sha256').update(readFileSync(join(cwd, 'app.db'))).digest('hex');
  const before = sha();
  const r = cli('apply', '--db', 'app.db', '--dir', 'm', '--no-backup', '--json');
  assert.equal(r.code, 1, r.stdout);
  const error = JSON.parse(r.stdout).error;
  assert.equal(error.code, 'LITEFORM_DRIFT');
  assert.match(error.message, /differs from the schema this file was written for, in tables the file changes:\n {2}- t\.extra/);
  assert.equal(sha(), before, 'nothing changed');
  // Without the drift, the same file applies.
  const clean = new Database(join(cwd, 'app.db'));
  clean.exec('ALTER TABLE t DROP COLUMN extra');
  clean.close();
  assert.equal(cli('apply', '--db', 'app.db', '--dir', 'm', '--no-backup').code, 0);
});
