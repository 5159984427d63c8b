// Fleets: plan, apply, check and status over many real database files (issue 10), through the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir, root } from './helpers/cases.mjs';
import { makeProject, makeTenant, sha, historyOf, journalLines, holdWriteLock } from './helpers/fleet.mjs';

const { expandGlob, segmentRegExp } = await import(join(root, 'dist', 'fleet', 'glob.js'));
const { parseTargetsText } = await import(join(root, 'dist', 'fleet', 'targets.js'));
const { groupBySchema } = await import(join(root, 'dist', 'fleet', 'group.js'));
const { planWaves } = await import(join(root, 'dist', 'fleet', 'waves.js'));

/**
 * A project with tenants: ok1..ok3 at 0001, current at 0002, fresh with nothing applied, drifted (0001 plus a
 * table nobody migrated), data (0001 with a row the new CHECK refuses), corrupt (not a database).
 */
async function fleetProject(names = ['ok1', 'ok2', 'ok3', 'current', 'drifted', 'data', 'corrupt']) {
  const dir = tempDir('liteform-fleet-');
  const migs = makeProject(dir);
  const tenants = join(dir, 'tenants');
  mkdirSync(tenants);
  const path = (n) => join(tenants, `${n}.db`);
  for (const n of names) {
    if (n === 'corrupt') { writeFileSync(path(n), 'SQLite format 3\0 but not really a database at all, just bytes'.repeat(20)); continue; }
    await makeTenant(path(n), migs, n === 'current' ? '0002' : '0001');
    if (n === 'drifted') { const db = new Database(path(n)); db.exec('CREATE TABLE local_cache (k TEXT)'); db.close(); }
    if (n === 'data') { const db = new Database(path(n)); db.exec("INSERT INTO account (name, qty) VALUES ('negative', -1)"); db.close(); }
  }
  return { dir, migs, tenants, path };
}

const cli = (args, cwd, env = {}) => runCli(args, { cwd, env });
const parse = (r) => JSON.parse(r.stdout);

test('glob: * ? [..] [!..] ** and hidden files', () => {
  const dir = tempDir('liteform-glob-');
  for (const f of ['a.db', 'b.db', 'ab.db', 'c.txt', '.hidden.db', 'x/y/deep.db', 'x/one.db', 'x/.h/z.db']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  const rel = (p) => expandGlob(p, dir).map((f) => f.slice(dir.length + 1));
  assert.deepEqual(rel('*.db'), ['a.db', 'ab.db', 'b.db']);
  assert.deepEqual(rel('?.db'), ['a.db', 'b.db']);
  assert.deepEqual(rel('[ab].db'), ['a.db', 'b.db']);
  assert.deepEqual(rel('[!a].db'), ['b.db']);
  assert.deepEqual(rel('**/*.db'), ['a.db', 'ab.db', 'b.db', 'x/one.db', 'x/y/deep.db']);
  assert.deepEqual(rel('.*.db'), ['.hidden.db']);
  assert.deepEqual(rel('nothing/*.db'), []);
  assert.equal(segmentRegExp('plain'), null);
  assert.ok(segmentRegExp('a+b(*).db').test('a+b(1).db'));
});

test('targets file: comments and blank lines; a line with two paths is refused with file:line:col', () => {
  assert.deepEqual(parseTargetsText('# tenants\n\na.db\n  b.db  # the second\nlibsql://x.turso.io\n', 't.txt').map((e) => e.entry), ['a.db', 'b.db', 'libsql://x.turso.io']);
  assert.throws(() => parseTargetsText('a.db\nb.db c.db\n', 't.txt'), (e) => e.code === 'LITEFORM_USAGE' && e.message.startsWith('t.txt:2:1:'));
});

test('grouping and waves are pure: largest group first, canary then waves', () => {
  const g = groupBySchema([
    { kind: 'read', target: 'a', version: '1', hash: 'h1' },
    { kind: 'read', target: 'b', version: '2', hash: 'h2' },
    { kind: 'read', target: 'c', version: '2', hash: 'h2' },
    { kind: 'failed', target: 'd', code: 'X', message: 'm' },
  ]);
  assert.deepEqual(g.map((x) => [x.hash, x.targets]), [['h2', ['b', 'c']], ['h1', ['a']]]);
  assert.deepEqual(planWaves([1, 2, 3, 4, 5, 6], 2, 3), [[1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(planWaves([1, 2, 3], 0, 0), [[1, 2, 3]]);
});

test('plan over a fleet: one plan per distinct starting state, drifted and corrupt tenants listed', async () => {
  const f = await fleetProject();
  const before = ['ok1', 'current', 'drifted', 'corrupt'].map((n) => sha(f.path(n)));
  const human = cli(['plan', '--db', 'tenants/*.db', '--dir', 'migrations'], f.dir);
  assert.equal(human.code, 1, human.stderr); // an unreadable target makes the command fail, after planning the rest
  assert.match(human.stdout, /Fleet: 7 target\(s\), 3 distinct schema\(s\), 1 unreadable\./);
  assert.match(human.stdout, /group 1: 4 target\(s\), 4 at 0001/);
  assert.match(human.stdout, /pending: 0002_v2\.sql/);
  assert.match(human.stdout, /drifted from history:\n\s+- .*local_cache/);
  assert.match(human.stdout, /failed\s+tenants\/corrupt\.db: LITEFORM_DB_/);
  const r = parse(cli(['plan', '--db', 'tenants/*.db', '--dir', 'migrations', '--json'], f.dir));
  assert.equal(r.total, 7);
  const byTargets = Object.fromEntries(r.groups.map((g) => [g.targets.map((t) => t.split('/').pop()).join(','), g]));
  assert.deepEqual(Object.keys(byTargets).sort(), ['current.db', 'data.db,ok1.db,ok2.db,ok3.db', 'drifted.db']);
  assert.deepEqual(byTargets['current.db'].pending, []);
  assert.equal(byTargets['current.db'].plan.changes.length, 0);
  assert.deepEqual(byTargets['data.db,ok1.db,ok2.db,ok3.db'].pending, ['0002_v2.sql']);
  assert.ok(byTargets['drifted.db'].drift.length > 0);
  assert.deepEqual(r.failed.map((x) => x.target.split('/').pop()), ['corrupt.db']);
  assert.deepEqual(['ok1', 'current', 'drifted', 'corrupt'].map((n) => sha(f.path(n))), before, 'plan writes nothing');
});

test('apply --on-error continue: every good tenant migrated; drifted, locked, data-breaking and corrupt ones fail unchanged', async () => {
  const f = await fleetProject(['ok1', 'ok2', 'current', 'drifted', 'data', 'corrupt', 'locked']);
  const bad = ['drifted', 'data', 'corrupt', 'locked'];
  const before = Object.fromEntries(bad.map((n) => [n, sha(f.path(n))]));
  const lock = await holdWriteLock(f.path('locked'));
  let r;
  try {
    r = cli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--on-error', 'continue', '--busy-timeout', '0', '--parallel', '2'], f.dir);
  } finally {
    await lock.release();
  }
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /2 applied, 1 up to date, 4 failed/);
  for (const n of ['ok1', 'ok2']) assert.deepEqual(historyOf(f.path(n)), ['0001', '0002']);
  assert.deepEqual(historyOf(f.path('current')), ['0001', '0002']);
  for (const n of bad) assert.equal(sha(f.path(n)), before[n], `${n} unchanged`);
  const [{ lines }] = journalLines(f.dir);
  assert.equal(lines[0].kind, 'run');
  const status = Object.fromEntries(lines.slice(1).map((l) => [l.target.split('/').pop().replace('.db', ''), l]));
  assert.equal(status.ok1.status, 'applied');
  assert.equal(status.ok1.from, '0001');
  assert.equal(status.ok1.to, '0002');
  assert.equal(status.current.status, 'up-to-date');
  assert.equal(status.drifted.error.code, 'LITEFORM_VERIFY');
  assert.equal(status.data.error.code, 'LITEFORM_MIGRATION_FAILED');
  assert.match(status.data.error.message, /CHECK constraint failed/);
  assert.match(status.corrupt.error.code, /^LITEFORM_DB_(OPEN|CORRUPT)$/);
  assert.equal(status.locked.error.code, 'LITEFORM_DB_LOCKED');
  for (const l of lines.slice(1)) assert.equal(typeof l.durationMs, 'number');
});

test('apply --on-error stop (the default): the run ends after the failing target; the rest are not attempted, then --resume finishes them', async () => {
  const f = await fleetProject(['a-data', 'b', 'c', 'd']);
  const db = new Database(f.path('a-data')); db.exec("INSERT INTO account (name, qty) VALUES ('negative', -1)"); db.close();
  const r = parse(cli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--parallel', '1', '--json'], f.dir));
  assert.equal(r.stopped, 'error');
  assert.equal(r.counts.failed, 1);
  assert.equal(r.counts.notAttempted, 3);
  for (const n of ['b', 'c', 'd']) assert.deepEqual(historyOf(f.path(n)), ['0001']);
  const resumed = cli(['apply', '--resume', r.runId, '--on-error', 'continue', '--parallel', '1', '--json'], f.dir);
  assert.equal(resumed.code, 1);
  const rr = parse(resumed);
  assert.deepEqual(rr.targets.map((t) => [t.target.split('/').pop(), t.status]), [['a-data.db', 'failed'], ['b.db', 'applied'], ['c.db', 'applied'], ['d.db', 'applied']]);
  for (const n of ['b', 'c', 'd']) assert.deepEqual(historyOf(f.path(n)), ['0001', '0002']);
});

test('apply --canary: a failing canary stops the run even with --on-error continue', async () => {
  const f = await fleetProject(['a', 'b-data', 'c', 'd']);
  const db = new Database(f.path('b-data')); db.exec("INSERT INTO account (name, qty) VALUES ('negative', -1)"); db.close();
  const r = cli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--canary', '2', '--on-error', 'continue', '--parallel', '1'], f.dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /stopped: a canary target failed/);
  assert.deepEqual(historyOf(f.path('a')), ['0001', '0002']);
  for (const n of ['c', 'd']) assert.deepEqual(historyOf(f.path(n)), ['0001']);
});

test('apply in waves: every target migrated, one line per target when stdout is not a terminal', async () => {
  const f = await fleetProject(['a', 'b', 'c', 'd', 'e']);
  const r = cli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--canary', '1', '--wave', '2'], f.dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('applied')).length, 5);
  for (const n of ['a', 'b', 'c', 'd', 'e']) assert.deepEqual(historyOf(f.path(n)), ['0001', '0002']);
});

test('a run killed with SIGKILL mid-way and resumed: every target at 0002 exactly once; journal and history agree', async () => {
  const names = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'];
  const f = await fleetProject(names);
  const killed = runCli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--parallel', '2'], { cwd: f.dir, env: { LITEFORM_TEST_KILL_AFTER: '3' } });
  assert.equal(killed.code, null); // killed by a signal
  const [{ id, lines }] = journalLines(f.dir);
  assert.equal(lines.length, 1 + 3, 'the header and the three fsync\'d lines before the kill');
  const resumed = cli(['apply', '--resume', id, '--json'], f.dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(parse(resumed).counts.skipped, 3);
  const all = journalLines(f.dir)[0].lines.slice(1);
  for (const n of names) {
    assert.deepEqual(historyOf(f.path(n)), ['0001', '0002'], `${n} at 0002, applied once`);
    const mine = all.filter((l) => l.target === f.path(n));
    assert.ok(mine.length >= 1 && mine.length <= 2);
    assert.ok(mine.filter((l) => l.status === 'applied').length <= 1, `${n} applied at most once in the journal`);
    assert.equal(mine.at(-1).to, '0002');
    assert.notEqual(mine.at(-1).status, 'failed');
  }
  // A target the kill caught in flight committed without its journal line: the resume found it up to date.
  assert.equal(all.filter((l) => l.status === 'applied').length + all.filter((l) => l.status === 'up-to-date').length, all.length);
});

test('Ctrl-C (SIGINT) finishes the target in flight, journals it and stops cleanly; --resume does the rest', async () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const f = await fleetProject(names);
  const r = runCli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--parallel', '1', '--json'], { cwd: f.dir, env: { LITEFORM_TEST_INTERRUPT_AFTER: '2' } });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted/);
  const out = parse(r);
  assert.equal(out.stopped, 'interrupted');
  // The signal arrives while the next target is in flight: it finishes and is journaled; none after it starts.
  assert.ok(out.counts.applied >= 2 && out.counts.notAttempted >= 1, JSON.stringify(out.counts));
  assert.equal(out.counts.applied + out.counts.notAttempted, names.length);
  const [{ id, lines }] = journalLines(f.dir);
  assert.equal(lines.length, 1 + out.counts.applied);
  for (const t of out.notAttempted) assert.deepEqual(historyOf(t), ['0001']);
  for (const l of lines.slice(1)) assert.deepEqual(historyOf(l.target), ['0001', '0002']);
  assert.equal(cli(['apply', '--resume', id], f.dir).code, 0);
  for (const n of names) assert.deepEqual(historyOf(f.path(n)), ['0001', '0002']);
});

test('check over a fleet: checks every target, one line per drifted or failing one, exit 2 on drift; --json per-target table', async () => {
  const f = await fleetProject(['ok1', 'ok2', 'current', 'drifted']);
  const r = cli(['check', '--db', 'tenants/*.db', '--dir', 'migrations'], f.dir);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('drifted')).length, 1);
  assert.match(r.stdout, /drifted\s+tenants\/drifted\.db at 0001: database drifted from its migration history: .*local_cache/);
  assert.match(r.stdout, /4 target\(s\): 3 ok, 1 drifted, 0 failed; 3 with pending files\./);
  assert.match(r.stdout, /versions: 0001 × 3, 0002 × 1/);
  const j = parse(cli(['check', '--db', 'tenants/*.db', '--dir', 'migrations', '--json'], f.dir));
  assert.equal(j.ok, false);
  assert.equal(j.rows.length, 4);
  assert.deepEqual(j.rows.map((x) => x.status).sort(), ['drifted', 'ok', 'ok', 'ok']);
  // A corrupt tenant: the command still checks every other one, and fails.
  writeFileSync(join(f.tenants, 'zz-corrupt.db'), 'not a database'.repeat(100));
  const c = cli(['check', '--db', 'tenants/*.db', '--dir', 'migrations', '--json'], f.dir);
  assert.equal(c.code, 1);
  assert.deepEqual(parse(c).counts, { ok: 3, drifted: 1, failed: 1 });
});

test('status over a fleet from a liteform.yaml environment that names it, and from --targets', async () => {
  const f = await fleetProject(['a', 'b', 'current']);
  writeFileSync(join(f.dir, 'liteform.yaml'), 'migrations: migrations\nenvironments:\n  tenants:\n    fleet: tenants/*.db\n  two:\n    fleet: [tenants/a.db, tenants/current.db]\n');
  const r = cli(['status', '--env', 'tenants'], f.dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /3 target\(s\): 3 ok, 0 drifted, 0 failed; 2 with pending files\./);
  assert.match(r.stdout, /versions: 0001 × 2, 0002 × 1/);
  assert.equal(parse(cli(['status', '--env', 'two', '--json'], f.dir)).rows.length, 2);
  writeFileSync(join(f.dir, 'targets.txt'), '# the tenants\ntenants/a.db\n\ntenants/b.db  # second\n');
  assert.deepEqual(parse(cli(['status', '--targets', 'targets.txt', '--json'], f.dir)).rows.map((x) => x.target.split('/').pop()), ['a.db', 'b.db']);
  const bad = cli(['status', '--env', 'tenants', '--db', 'tenants/none-*.db', '--json'], f.dir);
  assert.equal(bad.code, 1);
  assert.equal(parse(bad).error.code, 'LITEFORM_USAGE');
});

test('direct mode over a fleet: plan warns when the new state is not backward compatible (LF5xx), apply reaches it', async () => {
  const f = await fleetProject(['a', 'b']);
  writeFileSync(join(f.dir, 'v3.sql'), 'CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);\n');
  const p = cli(['plan', '--db', 'tenants/*.db', '--schema', 'v3.sql'], f.dir);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /\[LF501\]: drops table note/);
  assert.match(p.stdout, /\[LF502\]: drops column account\.qty/);
  assert.match(p.stdout, /\[LF505\]: adds account\.email NOT NULL without a default/);
  const refused = cli(['apply', '--db', 'tenants/*.db', '--schema', 'v3.sql', '--json'], f.dir);
  assert.equal(refused.code, 1);
  assert.equal(parse(refused).targets[0].error.code, 'LITEFORM_DESTRUCTIVE');
  writeFileSync(join(f.dir, 'v4.sql'), 'CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0, email TEXT);\nCREATE INDEX account_name ON account(name);\nCREATE TABLE note (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES account(id), body TEXT);\n');
  const a = parse(cli(['apply', '--db', 'tenants/*.db', '--schema', 'v4.sql', '--json'], f.dir));
  assert.equal(a.counts.applied, 2);
  assert.equal(parse(cli(['plan', '--db', 'tenants/*.db', '--schema', 'v4.sql', '--json'], f.dir)).groups[0].plan.changes.length, 0);
});

test('bad fleet options: a clear usage error, nothing written', async () => {
  const f = await fleetProject(['a']);
  const before = sha(f.path('a'));
  for (const [args, code] of [
    [['--parallel', '0'], 'LITEFORM_USAGE'],
    [['--on-error', 'maybe'], 'LITEFORM_USAGE'],
    [['--canary', 'x'], 'LITEFORM_USAGE'],
  ]) {
    const r = cli(['apply', '--db', 'tenants/*.db', '--dir', 'migrations', '--json', ...args], f.dir);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(parse(r).error.code, code);
  }
  const resume = cli(['apply', '--resume', 'no-such-run', '--json'], f.dir);
  assert.equal(parse(resume).error.code, 'LITEFORM_FILE_NOT_FOUND');
  const none = cli(['apply', '--db', 'tenants/*.sqlite', '--dir', 'migrations', '--json'], f.dir);
  assert.equal(parse(none).error.code, 'LITEFORM_USAGE');
  assert.match(parse(none).error.message, /matches no file/);
  const missing = cli(['apply', '--targets', 'nope.txt', '--dir', 'migrations', '--json'], f.dir);
  assert.equal(parse(missing).error.code, 'LITEFORM_FILE_NOT_FOUND');
  assert.equal(sha(f.path('a')), before);
  assert.equal(existsSync(join(f.dir, '.liteform', 'runs')), false);
});

test('migrateFleet(): the library form over a glob, failures as data; migrate() on an up-to-date tenant does no work', async () => {
  const f = await fleetProject(['a', 'b', 'current', 'corrupt']);
  const { migrateFleet, migrate } = await import(join(root, 'dist', 'index.js'));
  const seen = [];
  const r = await migrateFleet({ targets: join(f.tenants, '*.db'), dir: f.migs, parallel: 2, backupDir: join(f.dir, 'backups'), runsDir: join(f.dir, 'runs'), onTarget: (e) => seen.push(e.target) });
  assert.deepEqual(r.counts, { applied: 2, upToDate: 1, failed: 1, notAttempted: 0, skipped: 0 });
  assert.equal(seen.length, 4);
  assert.ok(existsSync(r.journal));
  assert.equal(readFileSync(r.journal, 'utf8').trim().split('\n').length, 5);
  for (const n of ['a', 'b', 'current']) assert.deepEqual(historyOf(f.path(n)), ['0001', '0002']);
  const before = sha(f.path('a'));
  const again = await migrate({ db: f.path('a'), dir: f.migs });
  assert.equal(again.status, 'up-to-date');
  assert.equal(again.backup, null);
  assert.equal(sha(f.path('a')), before);
});

test('fleet plan in a migrations workflow: a pending rename is reported as a rename (LF504), from the file\'s rename directive', async () => {
  const dir = tempDir('liteform-fleet-rename-');
  const { generateMigration, migrate } = await import(join(root, 'dist', 'index.js'));
  writeFileSync(join(dir, 'v1.sql'), 'CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT);\n');
  writeFileSync(join(dir, 'v2.yaml'), 'tables:\n  doc:\n    columns:\n      id: { type: INTEGER, primaryKey: true }\n      content: { type: TEXT, renamedFrom: body }\n');
  const migs = join(dir, 'migrations');
  generateMigration({ schema: join(dir, 'v1.sql'), dir: migs, name: 'init' });
  mkdirSync(join(dir, 'tenants'));
  for (const n of ['a', 'b']) await migrate({ db: join(dir, 'tenants', `${n}.db`), dir: migs, backup: false, create: true });
  generateMigration({ schema: join(dir, 'v2.yaml'), dir: migs, name: 'rename' });
  const r = cli(['plan', '--db', 'tenants/*.db', '--dir', 'migrations', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const [g] = parse(r).groups;
  assert.deepEqual(g.compat.map((c) => c.code), ['LF504']);
  assert.match(g.compat[0].message, /renames column doc\.body to content/);
});

test('liteform.yaml: a wrong fleet value is one clear error at file:line:col', () => {
  const dir = tempDir('liteform-fleet-config-');
  writeFileSync(join(dir, 'liteform.yaml'), 'migrations: migrations\nenvironments:\n  t:\n    fleet: 3\n');
  const r = cli(['status', '--env', 't', '--json'], dir);
  assert.equal(r.code, 1);
  const e = parse(r).error;
  assert.equal(e.code, 'LITEFORM_CONFIG');
  assert.equal(e.message, 'liteform.yaml:4:12: environments.t.fleet: must be a path or glob, or a non-empty list of paths, globs and URLs, not 3');
});

test('on a terminal: one live progress line (done / failed / remaining, rate, ETA), failures kept above it', { skip: !existsSync('/usr/bin/script') && 'needs script(1) for a pseudo-terminal' }, async () => {
  const f = await fleetProject(['a', 'b', 'corrupt']);
  const r = spawnSync('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist', 'cli', 'main.js'))} apply --db 'tenants/*.db' --dir migrations --on-error continue --parallel 1`, '/dev/null'], { cwd: f.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' } });
  assert.match(r.stdout, /\r\x1b\[2Kdone 1\/3 {2}failed 0 {2}remaining 2 {2}[\d.]+\/s {2}ETA \d+ s/);
  assert.match(r.stdout, /\r\x1b\[2Kfailed {5}tenants\/corrupt\.db: LITEFORM_DB_/);
  assert.match(r.stdout, /\r\x1b\[2Kdone 3\/3 {2}failed 1 {2}remaining 0/);
  assert.doesNotMatch(r.stdout, /^applied/m);
  assert.match(r.stdout, /2 applied, 0 up to date, 1 failed/);
});

test('lanes: every d1:// target of one persist directory shares a lane (one Miniflare at a time on its files); files and libSQL have none', async () => {
  const { laneOf } = await import('../dist/api/fleet-pool.js');
  const task = (db, d1Persist) => ({ kind: 'read', db, withModel: false, settings: { busyTimeoutMs: 1, conn: d1Persist === undefined ? {} : { d1Persist } } });
  assert.equal(laneOf(task('d1://one', '/p')), laneOf(task('d1://two', '/p')));
  assert.notEqual(laneOf(task('d1://one', '/p')), laneOf(task('d1://one', '/q')));
  assert.equal(laneOf(task('tenants/a.db')), null);
  assert.equal(laneOf(task('http://127.0.0.1:8080')), null);
});
