// Applying a generated migration file verifies its result from the schema as SQLite stores it (issue 9):
// the header's `schema-text-after` is the hash of the `sqlite_schema` rows the directory's replay left;
// a database that ends with the same rows has the same schema, and nothing is introspected. Any other
// result (a hand-edited file, a drifted database, a database whose objects were written with other text)
// falls back to the full comparison, which still refuses a result the directory does not produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';
import { schemaTextHash } from '../dist/db/introspect.js';

const v1 = `CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id), note TEXT);
CREATE INDEX c_p ON c (p_id);
CREATE TABLE other (id INTEGER PRIMARY KEY, x TEXT);
CREATE VIEW named AS SELECT c.id, p.name FROM c JOIN p ON p.id = c.p_id;
`;
// Adds a column to `other` (in place) and makes c.note NOT NULL (a rebuild of c, its index and the view over it).
const v2 = v1.replace('x TEXT)', 'x TEXT, y INTEGER)').replace('note TEXT)', "note TEXT NOT NULL DEFAULT '')");

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');
const headerLine = (content, key) => new RegExp(`^-- liteform:${key} (\\S+)$`, 'm').exec(content)?.[1] ?? null;

function project() {
  const cwd = tempDir('liteform-stored-');
  const cli = (...args) => runCli(args, { cwd });
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'schema.sql'), v1);
  assert.equal(cli('plan', 'one', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  const db = join(cwd, 'app.db');
  const file = (prefix) => join(cwd, 'migrations', readdirSync(join(cwd, 'migrations')).find((f) => f.startsWith(prefix)));
  const storedHash = () => { const d = new Database(db, { readonly: true }); try { return schemaTextHash(d); } finally { d.close(); } };
  const planTwo = () => {
    writeFileSync(join(cwd, 'schema.sql'), v2);
    const r = cli('plan', 'two', '--dir', 'migrations', '--schema', 'schema.sql');
    assert.equal(r.code, 0, r.stderr);
    return file('0002');
  };
  const apply = (...extra) => cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup', ...extra);
  return { cwd, cli, db, file, storedHash, planTwo, apply };
}

function seed(db) {
  const d = new Database(db);
  d.exec(`INSERT INTO p (id, name) VALUES (1, 'a'); INSERT INTO c (id, p_id, note) VALUES (10, 1, NULL); INSERT INTO other (id, x) VALUES (1, 'x');`);
  d.close();
}

test('a generated file carries the stored schema it leaves, and applying it leaves exactly that', () => {
  const f = project();
  assert.equal(f.apply('--create').code, 0);
  const one = readFileSync(f.file('0001'), 'utf8');
  assert.match(one, /^-- liteform:schema-text-after sha256:[0-9a-f]{64}$/m);
  assert.equal(f.storedHash(), headerLine(one, 'schema-text-after'));
  seed(f.db);
  const two = readFileSync(f.planTwo(), 'utf8');
  const r = f.apply();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(f.storedHash(), headerLine(two, 'schema-text-after'), 'rebuild, ADD COLUMN, recreated index and view: the same text as the replay');
  assert.equal(f.cli('check', '--db', 'app.db', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
});

/**
 * Plans the second file, appends `edit` to it (hashed, as a reviewed edit), makes the database drift by
 * `drift`, and checks that apply refuses with LITEFORM_DRIFT naming `mention`, before anything runs.
 */
function refusedDrift(edit, drift, mention) {
  const f = project();
  assert.equal(f.apply('--create').code, 0);
  seed(f.db);
  appendFileSync(f.planTwo(), edit);
  assert.equal(f.cli('hash', '--dir', 'migrations').code, 0);
  const d = new Database(f.db);
  d.exec(drift);
  d.close();
  const before = sha(f.db);
  const r = f.apply('--json');
  assert.equal(r.code, 1, r.stdout);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_DRIFT');
  assert.match(r.stderr, mention);
  assert.equal(sha(f.db), before, 'database byte-for-byte unchanged');
  return r;
}

test('a hand edit that changes another column of a table the file changes is refused on a database that drifted in that table; nothing applied', () => {
  // The file still carries the hashes of the generated file; its statements now also drop column x of
  // `other`, a table that drifted (a column added by hand, which no file adds).
  const r = refusedDrift('\nALTER TABLE other DROP COLUMN x;\n', 'ALTER TABLE other ADD COLUMN by_hand TEXT', /by_hand/);
  // Refused before anything runs: the table the file changes is not the one the file was written for.
  assert.match(r.stderr, /differs from the schema this file was written for, in tables the file changes/);
});

test('a hand edit that changes a table the file was not generated to touch is refused when that table drifted; nothing applied', () => {
  // The hand edit makes the file touch p, which drifted and which neither the generated file nor the
  // header says anything about: refused before anything runs.
  refusedDrift('\nCREATE INDEX p_name ON p (name);\n', 'CREATE INDEX p_by_hand ON p (name, id)', /p_by_hand/);
});

test('the same hand edit on a database that did not drift is what the directory produces: applied', () => {
  const f = project();
  assert.equal(f.apply('--create').code, 0);
  seed(f.db);
  const path = f.planTwo();
  const generated = headerLine(readFileSync(path, 'utf8'), 'schema-text-after');
  appendFileSync(path, '\nCREATE INDEX p_name ON p (name);\n');
  assert.equal(f.cli('hash', '--dir', 'migrations').code, 0);
  const r = f.apply();
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(f.storedHash(), generated, 'the stored schema is not the generated one: the full comparison decided');
  const d = new Database(f.db, { readonly: true });
  assert.equal(d.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'p_name'").pluck().get(), 1);
  d.close();
});

test('a file without the line (written before it existed), or with a wrong one, is verified in full and applies', () => {
  for (const edit of [(s) => s.replace(/^-- liteform:schema-text-after .*\n/m, ''), (s) => s.replace(/^(-- liteform:schema-text-after sha256:)[0-9a-f]{64}$/m, `$1${'0'.repeat(64)}`)]) {
    const f = project();
    writeFileSync(f.file('0001'), edit(readFileSync(f.file('0001'), 'utf8')));
    assert.equal(f.cli('hash', '--dir', 'migrations').code, 0);
    const path = f.planTwo();
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    assert.equal(f.cli('hash', '--dir', 'migrations').code, 0);
    const r = f.apply('--create');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0002/);
  }
});

test('a database whose objects were written with other text (adopted with baseline) is verified in full and migrates', () => {
  const f = project();
  // The same schema as 0001, spelled differently: the stored text differs, the schema does not.
  const d = new Database(f.db);
  d.exec(v1.replace(/\(/g, '(  ').replace('CREATE TABLE other', 'create table "other"'));
  d.close();
  assert.equal(f.cli('baseline', '0001', '--db', 'app.db', '--dir', 'migrations').code, 0);
  seed(f.db);
  const path = f.planTwo();
  assert.notEqual(f.storedHash(), headerLine(readFileSync(f.file('0001'), 'utf8'), 'schema-text-after'));
  const r = f.apply();
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(f.storedHash(), headerLine(readFileSync(path, 'utf8'), 'schema-text-after'));
  assert.equal(f.cli('check', '--db', 'app.db', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
});
