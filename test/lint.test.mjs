// lint over pending files: stable codes, breaking rows counted on the live database, nolint, hand edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

function setup() {
  const cwd = tempDir('liteform-lint-');
  const cli = (...args) => runCli(args, { cwd });
  cli('init');
  writeFileSync(join(cwd, 'schema/app.sql'), `
    CREATE TABLE p (id INTEGER PRIMARY KEY);
    CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, qty INTEGER, p_id INTEGER, old TEXT);`);
  cli('plan', 'one', '--schema', 'schema/app.sql');
  assert.equal(cli('apply', '--create').code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.exec("INSERT INTO p VALUES (1); INSERT INTO t (a, b, qty, p_id) VALUES (NULL, 'x', -1, 1), ('a', 'x', 2, 7), ('b', 'y', 3, NULL);");
  db.close();
  writeFileSync(join(cwd, 'schema/app.sql'), `
    CREATE TABLE p (id INTEGER PRIMARY KEY);
    CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT UNIQUE, qty INTEGER CHECK (qty >= 0), p_id INTEGER REFERENCES p(id));`);
  assert.equal(cli('plan', 'two', '--schema', 'schema/app.sql').code, 0);
  return { cwd, cli };
}

test('lint counts the rows each data-dependent change breaks and flags destructive steps', () => {
  const { cli } = setup();
  const r = cli('lint', '--json');
  assert.equal(r.code, 2, r.stderr);
  const out = JSON.parse(r.stdout);
  const by = Object.fromEntries(out.findings.map((f) => [f.code, f]));
  assert.equal(by.LF102.level, 'error');
  assert.match(by.LF102.message, /drops column t\.old/);
  assert.equal(by.LF201.breakingRows, 1);
  assert.match(by.LF201.example, /rowid=1/);
  assert.equal(by.LF202.breakingRows, 1);
  assert.match(by.LF202.example, /"b"='x'|b='x'/);
  assert.equal(by.LF203.breakingRows, 1);
  assert.match(by.LF203.example, /qty=-1/);
  assert.equal(by.LF204.breakingRows, 1);
  assert.match(by.LF204.example, /p_id=7/);
  const human = cli('lint');
  assert.match(human.stdout, /error LF102 0002_two\.sql/);
});

test('a nolint comment silences one finding; a hand-written DELETE is flagged', () => {
  const { cwd, cli } = setup();
  const file = join(cwd, 'migrations/0002_two.sql');
  appendFileSync(file, '\n-- liteform:nolint LF102\nDELETE FROM p WHERE id > 100;\n');
  cli('hash');
  const out = JSON.parse(cli('lint', '--json').stdout);
  const codes = out.findings.map((f) => f.code);
  assert.ok(!codes.includes('LF102'));
  assert.ok(codes.includes('LF301'));
});

test('lint without a database still reports destructive and data-dependent changes', () => {
  const { cwd } = setup();
  const r = runCli(['lint', '--json', '--dir', 'migrations', '--config', join(cwd, 'liteform.yaml'), '--db', join(cwd, 'missing.db')], { cwd });
  const out = JSON.parse(r.stdout);
  assert.ok(out.findings.some((f) => f.code === 'LF201' && f.breakingRows === undefined));
  assert.deepEqual(out.files, ['0001_one.sql', '0002_two.sql']);
});
