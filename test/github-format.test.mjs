// --format github (issue 11, point 1): workflow commands for every finding kind of check, lint and plan,
// and for errors, escaped per the runner's rules; the Markdown report appended to $GITHUB_STEP_SUMMARY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';
import { escapeData, escapeProperty, renderAnnotation, placeOf } from '../dist/render/github.js';

const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');
/** The workflow commands in `stdout`, parsed back: level, properties (unescaped) and message (unescaped). */
function commands(stdout) {
  const unData = (s) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const unProp = (s) => unData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  return stdout.split('\n').filter((l) => l.startsWith('::')).map((l) => {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(l);
    assert.ok(m, `not a workflow command: ${l}`);
    const props = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), unProp(kv.slice(kv.indexOf('=') + 1))]));
    return { level: m[1], props, message: unData(m[3]), raw: l };
  });
}

test('escaping follows the runner: %, CR and LF in data; also : and , in properties', () => {
  assert.equal(escapeData('100% a\r\nb:c,d'), '100%25 a%0D%0Ab:c,d');
  assert.equal(escapeProperty('100% a\r\nb:c,d'), '100%25 a%0D%0Ab%3Ac%2Cd');
  assert.equal(renderAnnotation({ level: 'warning', file: 'm,1:x/0002_a.sql', line: 3, col: 1, title: 'LF201: x, y', message: 'a\nb %' }),
    '::warning file=m%2C1%3Ax/0002_a.sql,line=3,col=1,title=LF201%3A x%2C y::a%0Ab %25\n');
  assert.equal(renderAnnotation({ level: 'error', message: 'no place' }), '::error::no place\n');
  assert.deepEqual(placeOf('/a/b.sql:12:3: boom'), { file: '/a/b.sql', line: 12, col: 3, rest: 'boom' });
  assert.equal(placeOf('database drifted: x'), null);
});

/** A project whose migrations directory name needs property escaping, a table name that needs data escaping, rows that break. */
function project() {
  const cwd = tempDir('liteform-gh-');
  const cli = (args, env = {}) => runCli(args, { cwd, env });
  const dir = 'mig,1:x%';
  const flags = ['--dir', dir, '--db', 'app.db'];
  writeFileSync(join(cwd, 'app.sql'), `CREATE TABLE "we%ird\nname" (id INTEGER PRIMARY KEY, v TEXT);
    CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, old TEXT);`);
  assert.equal(cli(['plan', 'one', '--schema', 'app.sql', ...flags]).code, 0);
  assert.equal(cli(['apply', '--create', ...flags]).code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.exec("INSERT INTO t (a) VALUES (NULL), ('x');");
  db.close();
  writeFileSync(join(cwd, 'app.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL);');
  return { cwd, cli, dir, flags };
}

test('plan --format github: destructive and data-dependent warnings on the written file\'s statement lines, and the job summary', () => {
  const { cwd, cli, dir, flags } = project();
  const summary = join(cwd, 'summary.md');
  writeFileSync(summary, 'earlier step\n');
  const r = cli(['plan', 'two', '--schema', 'app.sql', '--format', 'github', ...flags], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: cwd });
  assert.equal(r.code, 0, r.stderr);
  const cmds = commands(r.stdout);
  const file = `${dir}/0002_two.sql`;
  const content = readFileSync(join(cwd, file), 'utf8').split('\n');
  const drop = cmds.find((c) => c.props.title.startsWith('liteform LF101'));
  assert.equal(drop.level, 'error');
  assert.equal(drop.props.file, file);
  assert.match(drop.raw, /file=mig%2C1%3Ax%25\/0002_two\.sql,/);
  assert.match(content[Number(drop.props.line) - 1], /^DROP TABLE "we%ird$/, 'the annotation is on the DROP statement');
  assert.match(drop.message, /we%ird\nname/, 'unescaped, the message holds the name as it is');
  assert.match(drop.raw, /we%25ird%0Aname/, 'the name\'s % and newline are escaped in the message');
  const nn = cmds.find((c) => c.props.title.startsWith('liteform LF201'));
  assert.equal(nn.level, 'warning');
  assert.match(content[Number(nn.props.line) - 1], /^CREATE TABLE/, 'the NOT NULL finding sits on the rebuild\'s first statement');
  const text = readFileSync(summary, 'utf8');
  assert.ok(text.startsWith('earlier step\n### liteform plan: `0002_two.sql`'), 'appended, not overwritten');
  assert.match(text, /\*\*Destructive\*\* \(LF101\)/);
});

test('lint --format github: every finding kind on its file and line (LF1xx, LF2xx with breaking rows, LF301, LF302, LF303)', () => {
  const { cwd, cli, dir, flags } = project();
  assert.equal(cli(['plan', 'two', '--schema', 'app.sql', ...flags]).code, 0);
  const file = join(cwd, dir, '0002_two.sql');
  appendFileSync(file, '\nDELETE FROM t WHERE a IS NULL;\nDROP INDEX IF EXISTS nothing_here;\n');
  assert.equal(cli(['hash', '--dir', dir]).code, 0);
  const before = hash(join(cwd, 'app.db'));
  const summary = join(cwd, 'summary.md');
  const r = cli(['lint', '--format', 'github', ...flags], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: cwd });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(hash(join(cwd, 'app.db')), before);
  const lines = readFileSync(file, 'utf8').split('\n');
  const by = Object.fromEntries(commands(r.stdout).map((c) => [c.props.title.split(':')[0].replace('liteform ', ''), c]));
  assert.deepEqual(Object.keys(by).sort(), ['LF101', 'LF102', 'LF201', 'LF301', 'LF302']);
  for (const c of Object.values(by)) assert.equal(c.props.file, `${dir}/0002_two.sql`);
  assert.equal(by.LF201.level, 'error', 'rows break it');
  assert.match(by.LF201.message, /1 existing row\(s\) break it, e\.g\. rowid=1/);
  assert.equal(by.LF101.level, 'error');
  assert.match(lines[by.LF301.props.line - 1], /^DELETE FROM t/);
  assert.match(lines[by.LF302.props.line - 1], /^DROP INDEX IF EXISTS nothing_here/);
  assert.match(readFileSync(summary, 'utf8'), /^### liteform lint\n\n3 error\(s\), 2 warning\(s\)/);

  // LF303: a parent dropped without the foreign-keys directive.
  const cwd2 = tempDir('liteform-gh-');
  const cli2 = (args) => runCli(args, { cwd: cwd2 });
  writeFileSync(join(cwd2, 'a.sql'), 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id));');
  assert.equal(cli2(['plan', 'one', '--schema', 'a.sql', '--dir', 'm']).code, 0);
  writeFileSync(join(cwd2, 'm', '0002_hand.sql'), '-- by hand\nDROP TABLE p;\n');
  assert.equal(cli2(['hash', '--dir', 'm']).code, 0);
  const r2 = cli2(['lint', '--format', 'github', '--dir', 'm']);
  const fk = commands(r2.stdout).find((c) => c.props.title.startsWith('liteform LF303'));
  assert.ok(fk, r2.stdout);
  assert.deepEqual([fk.props.file, fk.props.line, fk.props.col], ['m/0002_hand.sql', '2', '1']);
});

test('check --format github: sum, checksum, drift, uncovered change and version conflict, each on its file:line where there is one', () => {
  const { cwd, cli, dir, flags } = project();
  const env = { GITHUB_WORKSPACE: cwd };
  // Uncovered: the desired state changed with no migration; on the desired-state file.
  writeFileSync(join(cwd, 'app.sql'), '-- the app\n\nCREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL);\n');
  let r = cli(['check', '--schema', 'app.sql', '--format', 'github', ...flags], env);
  assert.equal(r.code, 2);
  let c = commands(r.stdout);
  assert.ok(c.every((x) => x.level === 'error' && x.props.file === 'app.sql' && /no migration covers/.test(x.message)), r.stdout);
  // On the CREATE of the changed table; a dropped table is no longer in the file: its first line.
  assert.deepEqual(c.map((x) => [x.props.line, /we%ird/.test(x.message) ? 'drop' : 'modify']).sort(), [['1', 'drop'], ['3', 'modify']]);
  // YAML: on the table's key.
  writeFileSync(join(cwd, 'app.yaml'), 'tables:\n  "we%ird\\nname":\n    columns:\n      id: { type: integer, primaryKey: true }\n      v: { type: text }\n  t:\n    columns:\n      id: { type: integer, primaryKey: true }\n      a: { type: text }\n      old: { type: text }\n      added: { type: text }\n');
  r = cli(['check', '--schema', 'app.yaml', '--format', 'github', ...flags], env);
  c = commands(r.stdout);
  assert.deepEqual(c.map((x) => [x.props.file, x.props.line]), [['app.yaml', '6']], r.stdout);
  // Checksum: an applied file edited and re-hashed; on that file.
  const applied = join(cwd, dir, '0001_one.sql');
  const original = readFileSync(applied, 'utf8');
  appendFileSync(applied, '\n-- edited\n');
  r = cli(['check', '--format', 'github', ...flags], env);
  c = commands(r.stdout);
  assert.deepEqual(c.map((x) => [x.props.title, x.props.file, x.props.line]), [
    ['liteform check: sum (LITEFORM_SUM_MISMATCH)', `${dir}/liteform.sum`, '2'],
    ['liteform check: history (LITEFORM_CHECKSUM_MISMATCH)', `${dir}/0001_one.sql`, '1'],
  ]);
  assert.equal(cli(['hash', '--dir', dir]).code, 0);
  r = cli(['check', '--format', 'github', ...flags], env);
  c = commands(r.stdout);
  assert.deepEqual(c.map((x) => [x.props.title, x.props.file, x.props.line]), [['liteform check: history (LITEFORM_CHECKSUM_MISMATCH)', `${dir}/0001_one.sql`, '1']]);
  writeFileSync(applied, original);
  assert.equal(cli(['hash', '--dir', dir]).code, 0);
  // Drift: the database changed behind the migrations' back; no file holds it, so no file property.
  const db = new Database(join(cwd, 'app.db'));
  db.exec('CREATE INDEX sneaky ON t (a);');
  db.close();
  r = cli(['check', '--format', 'github', ...flags], env);
  c = commands(r.stdout);
  assert.equal(c.length, 1);
  assert.equal(c[0].props.file, undefined);
  assert.match(c[0].message, /database drifted from its migration history/);
  // Version conflict: two files with one version.
  writeFileSync(join(cwd, dir, '0001_other.sql'), 'CREATE TABLE other (id INTEGER PRIMARY KEY);\n');
  const summary = join(cwd, 'summary.md');
  r = cli(['check', '--format', 'github', ...flags], { ...env, GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 2);
  c = commands(r.stdout);
  assert.deepEqual(c.map((x) => [x.props.title, x.props.file, x.props.line]), [['liteform check: version-conflict (LITEFORM_VERSION_CONFLICT)', `${dir}/0001_other.sql`, '1']]);
  assert.match(c[0].message, /liteform plan --rebase --since/);
  assert.match(readFileSync(summary, 'utf8'), /❌ 1 problem\(s\)/);
});

test('an error under --format github is an annotation on the file, line and column it names', () => {
  const cwd = tempDir('liteform-gh-');
  mkdirSync(join(cwd, 'm'));
  writeFileSync(join(cwd, 'm', '0001_bad.sql'), "CREATE TABLE a (id INTEGER);\n\nATTACH DATABASE 'x.db' AS x;\n");
  const r = runCli(['check', '--dir', 'm', '--format', 'github'], { cwd, env: { GITHUB_WORKSPACE: cwd } });
  assert.equal(r.code, 1);
  const [c] = commands(r.stdout);
  assert.deepEqual([c.level, c.props.file, c.props.line, c.props.col, c.props.title], ['error', 'm/0001_bad.sql', '3', '1', 'liteform LITEFORM_UNSAFE_STATEMENT']);
  assert.match(c.message, /\nhint: /);
  assert.match(r.stderr, /error: /, 'the person reading the log still sees the error');
});

test('plan --format github in direct mode: the warnings on the desired-state file (no migration file is written)', () => {
  const cwd = tempDir('liteform-gh-');
  const db = new Database(join(cwd, 'app.db'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, old TEXT);');
  db.close();
  writeFileSync(join(cwd, 'app.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);');
  const before = hash(join(cwd, 'app.db'));
  const r = runCli(['plan', '--db', 'app.db', '--schema', 'app.sql', '--format', 'github'], { cwd, env: { GITHUB_WORKSPACE: cwd } });
  assert.equal(r.code, 0, r.stderr);
  const [c] = commands(r.stdout);
  assert.deepEqual([c.level, c.props.file, c.props.title], ['error', 'app.sql', 'liteform LF102: destructive']);
  assert.match(r.stdout, /^liteform plan: Plan: 0 to add, 1 to change, 0 to destroy\.$/m);
  assert.equal(hash(join(cwd, 'app.db')), before);
});
