// What people and scripts see: JSON validated against its schema, colour only when asked or on a
// TTY, the README's command table in step with --help, errors without stack traces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Ajv2020 from 'ajv/dist/2020.js';
import { allCases, buildCurrent, root, runCli, tempDir } from './helpers/cases.mjs';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schema/plan-output.schema.json'), 'utf8')));

test('--json plan output of every scenario validates against schema/plan-output.schema.json', () => {
  for (const c of allCases()) {
    const db = join(tempDir(), 'x.db');
    buildCurrent(c, db);
    const r = runCli(['plan', '--db', db, '--schema', join(c.dir, 'desired.sql'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.ok(validate(doc), `${c.name}: ${ajv.errorsText(validate.errors)}`);
    assert.ok(doc.changes.length > 0);
    for (const ch of doc.changes) assert.ok(ch.statements.length > 0, `${c.name}: ${ch.object} produced no statement`);
  }
});

test('colour appears with FORCE_COLOR and never when piped or with NO_COLOR / --no-color', () => {
  const c = allCases().find((x) => x.name.startsWith('04'));
  const db = join(tempDir(), 'x.db');
  buildCurrent(c, db);
  const args = ['plan', '--db', db, '--schema', join(c.dir, 'desired.sql')];
  const esc = /\u001b\[/;
  assert.doesNotMatch(runCli(args).stdout, esc, 'piped: no ANSI codes');
  assert.match(runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout, esc, 'FORCE_COLOR: colour');
  assert.doesNotMatch(runCli([...args.slice(0, 1), '--no-color', ...args.slice(1)], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout, esc);
  assert.doesNotMatch(runCli(['--no-color', ...args], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout, esc, '--no-color beats FORCE_COLOR');
});

test("the README's command table matches every command's --help description", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const help = runCli(['--help']).stdout;
  const names = [...help.matchAll(/^ {2}(\w+) (?:\[options\])?/gm)].map((m) => m[1]).filter((n) => n !== 'help');
  assert.ok(names.length >= 12, names.join(','));
  for (const name of names) {
    const h = runCli([name, '--help']).stdout;
    const desc = h.split('\n\n')[1].replace(/\s+/g, ' ').trim();
    const row = readme.split('\n').find((l) => l.startsWith(`| \`liteform ${name}`));
    assert.ok(row, `README lacks a row for ${name}`);
    assert.ok(row.includes(`| ${desc} |`), `README row for ${name} says something else than --help:\n  ${row}\n  help: ${desc}`);
    assert.match(h, /Example:\n {2}\$ liteform /, `${name} --help has an example`);
  }
});

test('errors print error: and hint:, exit 1, and no stack trace unless --verbose', () => {
  const r = runCli(['plan', '--db', '/nonexistent/x.db', '--schema', '/nonexistent/x.sql']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: /);
  assert.match(r.stderr, /\nhint: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const v = runCli(['--verbose', 'plan', '--db', '/nonexistent/x.db', '--schema', '/nonexistent/x.sql']);
  assert.match(v.stderr, /\n\s+at /);
});

test('diff --exit-code: 2 when two sources differ, 0 when they agree; inspect round-trips', () => {
  const dir = tempDir();
  const db = join(dir, 'a.db');
  const d = new Database(db);
  d.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE, n REAL DEFAULT -1.5, CHECK (n < 10)); CREATE INDEX t_s ON t(s DESC) WHERE n > 0; CREATE VIEW v AS SELECT s FROM t;");
  d.close();
  const yaml = runCli(['inspect', '--db', db]).stdout;
  writeFileSync(join(dir, 'back.yaml'), yaml);
  const sql = runCli(['inspect', '--db', db, '--format', 'sql']).stdout;
  writeFileSync(join(dir, 'back.sql'), sql);
  assert.equal(runCli(['diff', db, join(dir, 'back.yaml'), '--exit-code']).code, 0, yaml);
  assert.equal(runCli(['diff', db, join(dir, 'back.sql'), '--exit-code']).code, 0, sql);
  writeFileSync(join(dir, 'other.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY);');
  const r = runCli(['diff', db, join(dir, 'other.sql'), '--exit-code']);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^-  "s" TEXT NOT NULL DEFAULT 'x' COLLATE "NOCASE",$/m);
});
