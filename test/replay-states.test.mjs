// Issue 9: status and check read the migrations directory's replay from .liteform/cache/ (src/db/replay-states.ts)
// instead of replaying every file on every run. A cache must never change a result: the same output
// cold, warm, broken or stale; a cache file is only ever one the same files produced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cases.mjs';

function project() {
  const cwd = tempDir('liteform-replay-states-');
  mkdirSync(join(cwd, 'schema'));
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\n');
  const cli = (...args) => runCli(args, { cwd });
  const plan = (sql, name) => {
    writeFileSync(join(cwd, 'schema', 'app.sql'), sql);
    const r = cli('plan', name);
    assert.equal(r.code, 0, r.stderr);
  };
  plan('CREATE TABLE parent (id INTEGER PRIMARY KEY, a TEXT);\nCREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent);\n', 'init');
  plan('CREATE TABLE parent (id INTEGER PRIMARY KEY, a TEXT, b INT);\nCREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent);\nCREATE INDEX child_p ON child (p);\n', 'second');
  const cache = join(cwd, '.liteform', 'cache');
  rmSync(cache, { recursive: true, force: true }); // plan's own cache (replay-*.db) is not what status reads
  return { cwd, cli, plan, cache };
}

const statesFiles = (cache) => (existsSync(cache) ? readdirSync(cache) : []).filter((f) => f.startsWith('states-'));
const stable = (r) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });

test('status and check: the same output with no cache, with the cache they wrote, and with a broken one', () => {
  const { cli, cache } = project();
  assert.equal(cli('apply', '--create', '--to', '0001').code, 0);
  const runs = () => [stable(cli('status', '--json')), stable(cli('check', '--json')), stable(cli('status'))];
  const cold = runs();
  assert.equal(cold[0].code, 0, cold[0].stderr);
  assert.equal(JSON.parse(cold[0].stdout).pending.length, 1);
  assert.deepEqual(JSON.parse(cold[0].stdout).drift, []);
  assert.equal(cold[1].code, 0, cold[1].stdout);
  assert.equal(statesFiles(cache).length, 1, 'one states file for the directory');
  assert.equal(readFileSync(join(cache, '.gitignore'), 'utf8'), '*\n');
  assert.deepEqual(runs(), cold, 'warm');
  for (const f of statesFiles(cache)) writeFileSync(join(cache, f), 'not a cache file');
  assert.deepEqual(runs(), cold, 'broken');
  for (const f of statesFiles(cache)) writeFileSync(join(cache, f), readFileSync(join(cache, f), 'utf8').slice(0, 40));
  assert.deepEqual(runs(), cold, 'truncated');
});

/** Rewrites the states file so that the state after the first file lacks table `child`, with a digest that matches or not. */
function tamper(cache, { validDigest }) {
  const [f] = statesFiles(cache);
  const content = readFileSync(join(cache, f), 'utf8');
  const body = JSON.parse(content.slice(content.indexOf('\n') + 1));
  const childAt = body.objects.findIndex((o) => o !== null && typeof o === 'object' && o.name === 'child' && Array.isArray(o.columns));
  assert.ok(childAt >= 0);
  body.states[1].tables = body.states[1].tables.filter((i) => i !== childAt);
  const text = JSON.stringify(body);
  const digest = validDigest ? createHash('sha256').update(text).digest('hex') : '0'.repeat(64);
  writeFileSync(join(cache, f), `${digest}\n${text}`);
}

test('a warm cache is what status reads (no replay), and a cache file whose checksum does not match is replayed over', () => {
  const { cli, cache } = project();
  assert.equal(cli('apply', '--create', '--to', '0001').code, 0);
  assert.deepEqual(JSON.parse(cli('status', '--json').stdout).drift, []);
  // A states file that says the first file leaves no table child, with its digest: status believes it,
  // which shows it did not replay (only a test writes such a file).
  tamper(cache, { validDigest: true });
  const believed = JSON.parse(cli('status', '--json').stdout);
  assert.ok(believed.drift.some((d) => /child/.test(d)), JSON.stringify(believed.drift));
  // The same file without a matching digest is not trusted: the files are replayed, no drift.
  tamper(cache, { validDigest: false });
  assert.deepEqual(JSON.parse(cli('status', '--json').stdout).drift, []);
});

test('a cache of other files is never used: an edited file (re-hashed), a new file, a new declared function are replayed', () => {
  const { cwd, cli, plan, cache } = project();
  assert.equal(cli('apply', '--create').code, 0);
  assert.deepEqual(JSON.parse(cli('status', '--json').stdout).drift, []);
  // The last (applied) file now also creates u: the live database lacks it.
  const dir = join(cwd, 'migrations');
  const last = join(dir, readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().at(-1));
  writeFileSync(last, `${readFileSync(last, 'utf8')}\nCREATE TABLE u (id INTEGER PRIMARY KEY);\n`);
  assert.equal(cli('hash').code, 0);
  const edited = JSON.parse(cli('status', '--json').stdout);
  assert.ok(edited.problems.length > 0 || edited.drift.some((d) => /\bu\b/.test(d)), JSON.stringify(edited));
  const check = cli('check', '--json');
  assert.equal(check.code, 2, 'check sees the edited file');
  // A new file: check replays it (the desired state adds v, the new file covers it).
  writeFileSync(last, readFileSync(last, 'utf8').replace('\nCREATE TABLE u (id INTEGER PRIMARY KEY);\n', ''));
  assert.equal(cli('hash').code, 0);
  plan('CREATE TABLE parent (id INTEGER PRIMARY KEY, a TEXT, b INT);\nCREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent);\nCREATE INDEX child_p ON child (p);\nCREATE TABLE v (id INTEGER PRIMARY KEY);\n', 'third');
  const pending = JSON.parse(cli('check', '--json').stdout);
  assert.deepEqual(pending.issues.filter((i) => i.kind === 'uncovered'), [], 'the new file covers v');
  // A declared function is part of the key.
  const before = statesFiles(cache).length;
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\nfunctions:\n  - name: slug\n    arity: 1\n');
  assert.equal(cli('status', '--json').code, 0);
  assert.equal(statesFiles(cache).length, before + 1);
});

test('a pending file that fails to replay fails status as without a cache, and leaves no cache', () => {
  const { cwd, cli, cache } = project();
  assert.equal(cli('apply', '--create').code, 0);
  assert.equal(cli('status').code, 0);
  rmSync(cache, { recursive: true, force: true });
  writeFileSync(join(cwd, 'migrations', '0003_broken.sql'), 'ALTER TABLE nowhere ADD COLUMN x INT;\n');
  assert.equal(cli('hash').code, 0);
  const first = stable(cli('status'));
  assert.notEqual(first.code, 0);
  assert.match(first.stderr, /0003_broken\.sql:1:1/);
  assert.deepEqual(statesFiles(cache), []);
  assert.deepEqual(stable(cli('status')), first);
});

test('lint and down read the same cache: the same findings and plans cold, warm and with a broken cache file', () => {
  const { cli, plan, cache } = project();
  // A pending file that drops a column (a lint finding) after two applied ones (down reverts the second).
  plan('CREATE TABLE parent (id INTEGER PRIMARY KEY, a TEXT);\nCREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent);\nCREATE INDEX child_p ON child (p);\n', 'drop_b');
  rmSync(cache, { recursive: true, force: true });
  assert.equal(cli('apply', '--create', '--to', '0002').code, 0);
  const runs = () => [stable(cli('lint', '--json')), stable(cli('down', '--dry-run', '--allow-destructive', '--json'))];
  const cold = runs();
  assert.equal(cold[0].code, 2, 'dropping a column is an error finding');
  assert.ok(JSON.parse(cold[0].stdout).findings.length > 0, cold[0].stdout);
  assert.equal(cold[1].code, 0, cold[1].stderr);
  assert.equal(JSON.parse(cold[1].stdout).reverted.length, 1);
  assert.equal(statesFiles(cache).length, 1, 'lint and down share the directory\'s states file');
  assert.deepEqual(runs(), cold, 'warm');
  for (const f of statesFiles(cache)) writeFileSync(join(cache, f), `${'0'.repeat(64)}\n{}`);
  assert.deepEqual(runs(), cold, 'broken');
});

test('diff of a migrations directory (and dir@VERSION) reads the same cache: the same output cold and warm', () => {
  const { cli, cache } = project();
  const runs = () => [stable(cli('diff', 'migrations@0001', 'migrations', '--json')), stable(cli('diff', 'migrations', 'schema/app.sql'))];
  const cold = runs();
  assert.equal(cold[0].code, 0, cold[0].stderr);
  assert.ok(JSON.parse(cold[0].stdout).changes.length > 0, 'the second file changes the schema');
  assert.equal(cold[1].code, 0, cold[1].stderr);
  assert.equal(statesFiles(cache).length, 1);
  assert.deepEqual(runs(), cold, 'warm');
});

test('report reads the same cache: the same report cold and warm, one states file', () => {
  const { cwd, cli, cache } = project();
  // The base branch has the first file only; this branch adds the second.
  mkdirSync(join(cwd, 'base'));
  const first = readdirSync(join(cwd, 'migrations')).find((f) => f.startsWith('0001'));
  writeFileSync(join(cwd, 'base', first), readFileSync(join(cwd, 'migrations', first), 'utf8'));
  const report = () => stable(cli('report', '--base-dir', 'base', '--json'));
  const cold = report();
  assert.equal(cold.code, 0, cold.stderr);
  assert.equal(JSON.parse(cold.stdout).files.length, 1, cold.stdout);
  assert.equal(statesFiles(cache).length, 1);
  assert.deepEqual(report(), cold, 'warm');
});
