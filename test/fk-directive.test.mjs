// Safety does not hang on a comment line: a migration file that drops a table other tables reference
// runs with FK enforcement off around its transaction whether or not its `-- liteform:foreign-keys off`
// line is still there, so ON DELETE CASCADE / SET NULL never fire on the children; lint reports the
// missing line under LF303. And a versioned apply to a database that does not exist needs --create.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

const v1 = `CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);
CREATE TABLE n (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE SET NULL);
CREATE TABLE g (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c (id) ON DELETE CASCADE);
`;
// p.name becomes NOT NULL: a rebuild of the parent.
const v2 = v1.replace('name TEXT)', "name TEXT NOT NULL DEFAULT '')");

const counts = (path) => {
  const db = new Database(path, { readonly: true });
  const r = Object.fromEntries(['p', 'c', 'n', 'g'].map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]));
  r.nullParents = db.prepare('SELECT count(*) FROM n WHERE p_id IS NULL').pluck().get();
  r.violations = db.prepare('SELECT count(*) FROM pragma_foreign_key_check').pluck().get();
  db.close();
  return r;
};

function setup() {
  const cwd = tempDir('liteform-fkdir-');
  const cli = (...args) => runCli(args, { cwd });
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'schema.sql'), v1);
  assert.equal(cli('plan', 'one', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  assert.equal(cli('apply', '--db', 'app.db', '--create', '--dir', 'migrations', '--no-backup').code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.exec(`INSERT INTO p (id, name) VALUES (1, 'a'), (2, 'b');
    INSERT INTO c (id, p_id) VALUES (10, 1), (11, 2), (12, 2);
    INSERT INTO n (id, p_id) VALUES (20, 1), (21, 2);
    INSERT INTO g (id, c_id) VALUES (30, 10), (31, 12);`);
  db.close();
  return { cwd, cli };
}

const expected = { p: 2, c: 3, n: 2, g: 2, nullParents: 0, violations: 0 };

test('a rebuild file whose foreign-keys line was deleted keeps every child row, and lint says LF303', () => {
  const { cwd, cli } = setup();
  writeFileSync(join(cwd, 'schema.sql'), v2);
  assert.equal(cli('plan', 'rebuild p', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  const file = join(cwd, 'migrations', readdirSync(join(cwd, 'migrations')).find((f) => f.startsWith('0002_')));
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^-- liteform:foreign-keys off$/m, 'the generated file carries the directive');
  assert.match(text, /DROP TABLE "p"/);
  writeFileSync(file, text.replace(/^-- liteform:foreign-keys off\n/m, ''));
  assert.equal(cli('hash', '--dir', 'migrations').code, 0);

  const lint = cli('lint', '--db', 'app.db', '--dir', 'migrations', '--json');
  const findings = JSON.parse(lint.stdout).findings;
  assert.ok(findings.some((f) => f.code === 'LF303' && f.table === 'p'), `lint reports LF303: ${lint.stdout}`);

  const r = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(counts(join(cwd, 'app.db')), expected);
});

test('a hand-written rename dance without the directive keeps every child row too', () => {
  const { cwd, cli } = setup();
  writeFileSync(join(cwd, 'migrations', '0002_by_hand.sql'), [
    "CREATE TABLE p_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');",
    "INSERT INTO p_new (id, name) SELECT id, IFNULL(name, '') FROM p;",
    'DROP TABLE p;',
    'ALTER TABLE p_new RENAME TO p;',
    '',
  ].join('\n'));
  assert.equal(cli('hash', '--dir', 'migrations').code, 0);
  const lint = cli('lint', '--db', 'app.db', '--dir', 'migrations', '--json');
  assert.ok(JSON.parse(lint.stdout).findings.some((f) => f.code === 'LF303'), lint.stdout);
  const r = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(counts(join(cwd, 'app.db')), expected);
});

test('with enforcement off, a file that leaves orphans is refused and rolled back', () => {
  const { cwd, cli } = setup();
  writeFileSync(join(cwd, 'migrations', '0002_orphans.sql'), [
    "CREATE TABLE p_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');",
    "INSERT INTO p_new (id, name) SELECT id, IFNULL(name, '') FROM p WHERE id = 1;",
    'DROP TABLE p;',
    'ALTER TABLE p_new RENAME TO p;',
    '',
  ].join('\n'));
  assert.equal(cli('hash', '--dir', 'migrations').code, 0);
  const hash = () => createHash('sha256').update(readFileSync(join(cwd, 'app.db'))).digest('hex');
  const before = hash();
  const r = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /foreign key/i);
  assert.equal(hash(), before, 'database byte-identical');
});

test('a versioned apply to a database file that does not exist needs --create', () => {
  const cwd = tempDir('liteform-create-');
  const cli = (...args) => runCli(args, { cwd });
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'schema.sql'), v1);
  assert.equal(cli('plan', 'one', '--dir', 'migrations', '--schema', 'schema.sql').code, 0);
  const r = cli('apply', '--db', 'ap.db', '--dir', 'migrations');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ap\.db: database file does not exist/);
  assert.match(r.stderr, /--create/);
  assert.ok(!existsSync(join(cwd, 'ap.db')), 'no database created');
  assert.ok(!existsSync(join(cwd, '.liteform', 'backups')), 'no backup directory created');
  assert.equal(cli('apply', '--db', 'ap.db', '--dir', 'migrations', '--create').code, 0);
  assert.ok(existsSync(join(cwd, 'ap.db')));
});
