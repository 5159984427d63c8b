// Applying migration files checks what the file can have changed, not the whole database (issue 9):
// foreign_key_check and quick_check cover the tables the file names and, transitively, the tables
// that triggers on those name; the result is compared with the schema hash in the file's header and,
// only when that differs (a hand-edited file, a drifted database), with the replayed directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

const v1 = `CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));
CREATE TABLE a (id INTEGER PRIMARY KEY, p_id INTEGER);
CREATE TABLE other (id INTEGER PRIMARY KEY, x TEXT);
CREATE TRIGGER a_gone AFTER DELETE ON a BEGIN DELETE FROM p WHERE id = OLD.p_id; END;
`;

const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

function setup() {
  const cwd = tempDir('liteform-scope-');
  const cli = (...args) => runCli(args, { cwd });
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'schema.sql'), v1);
  assert.equal(cli('plan', 'one', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  assert.equal(cli('apply', '--db', 'app.db', '--create', '--dir', 'migrations', '--no-backup').code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.exec(`INSERT INTO p (id, name) VALUES (1, 'a'), (2, 'b');
    INSERT INTO c (id, p_id) VALUES (10, 1), (11, 2);
    INSERT INTO a (id, p_id) VALUES (100, 2);
    INSERT INTO other (id, x) VALUES (1, 'x');`);
  db.close();
  return { cwd, cli, db: join(cwd, 'app.db') };
}

function writeFile(cwd, cli, name, body) {
  writeFileSync(join(cwd, 'migrations', name), `-- liteform:foreign-keys off\n${body}`);
  const r = cli('hash', '--dir', 'migrations');
  assert.equal(r.code, 0, r.stderr);
}

test('a file that names only table a still fails when a trigger on a orphans rows of c (FK check follows triggers)', () => {
  const { cwd, cli, db } = setup();
  writeFile(cwd, cli, '0002_delete_a.sql', 'DELETE FROM a WHERE id = 100;\n');
  const before = hash(db);
  const r = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /LITEFORM_FOREIGN_KEY|foreign key to p has no parent row/);
  assert.match(r.stderr, /table c/, r.stderr);
  assert.equal(hash(db), before, 'nothing applied');
});

test('a file that deletes parent rows it names fails; one that changes an unrelated table passes', () => {
  const { cwd, cli, db } = setup();
  writeFile(cwd, cli, '0002_other.sql', "UPDATE other SET x = 'y';\nCREATE INDEX other_x ON other (x);\n");
  const ok = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(ok.code, 0, ok.stderr);
  writeFile(cwd, cli, '0003_delete_p.sql', 'DELETE FROM "P" WHERE id = 1;\n');
  const before = hash(db);
  const r = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /table c, rowid 10: foreign key to p has no parent row/);
  assert.equal(hash(db), before);
});

test('a generated file edited by hand is checked against the replayed directory, and a drifted database is still refused', () => {
  const { cwd, cli, db } = setup();
  writeFileSync(join(cwd, 'schema.sql'), v1.replace('x TEXT)', 'x TEXT, y INTEGER)'));
  assert.equal(cli('plan', 'two', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  const file = readdirSync(join(cwd, 'migrations')).find((f) => f.startsWith('0002'));
  // The header's schema-after no longer describes the result: the replay decides, and agrees.
  appendFileSync(join(cwd, 'migrations', file), '\nCREATE INDEX other_y ON other (y);\n');
  assert.equal(cli('hash', '--dir', 'migrations').code, 0);
  const ok = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(ok.code, 0, ok.stderr);

  // Drift: an index created by hand that no file creates; the next file's result then matches neither.
  const d = new Database(db);
  d.exec('CREATE INDEX drifted ON c (p_id)');
  d.close();
  writeFileSync(join(cwd, 'schema.sql'), v1.replace('x TEXT)', 'x TEXT, y INTEGER, z TEXT)'));
  assert.equal(cli('plan', 'three', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  const before = hash(db);
  const r = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /differs from the schema the directory produces at 0003/);
  assert.match(r.stderr, /drifted/);
  assert.equal(hash(db), before);
});
