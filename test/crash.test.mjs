// `liteform apply` killed with SIGKILL at random points, then checked: the file passes
// integrity_check and foreign_key_check, holds exactly the schema of some version k (replayed from
// the directory) with k history rows (the first k files, in order), no half-built table, and every
// seeded row unchanged (count, id-weighted sums, text, AUTOINCREMENT counters); a following
// `liteform apply` then finishes the job (exit 0) and ends at the full replay with the same rows as
// an unkilled run.
//
//   random points  LITEFORM_CRASH_RUNS kills (default 40) anywhere in a whole run (start-up, backup,
//                  0002..0004 with a 0003 rebuild of LITEFORM_CRASH_SMALL_ROWS rows, default 20000),
//                  from a seeded file at 0001 (every fifth run: from no file at all). Even runs: delay
//                  uniform in 0..N after the spawn, N = an unkilled run's wall time; odd runs: delay
//                  uniform in 0..M after the first "applying" line, M = an unkilled run's time from
//                  that line to its exit. N and M are re-measured as the run goes (the load changes).
//   mid-rebuild    until LITEFORM_CRASH_REBUILD_KILLS kills (default 12) have landed inside 0003's
//                  transaction while it rebuilds LITEFORM_CRASH_ROWS rows (default 200000): the delay
//                  counts from the "applying 0003" line and is uniform in 0..D, D = the measured time
//                  0003 took unkilled. Every other run uses a WAL-mode copy (LITEFORM_CRASH_WAL=0: never).
//   backup         LITEFORM_CRASH_BACKUP_RUNS runs (default 6) killed the moment apply's backup file
//                  appears, then `liteform restore`.
//
// Seeded files are made once and copied for each run; one migrations directory serves every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, watch } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliEnv, runCli, tempDir } from './helpers/cases.mjs';
import { applyTo, assertHistoryIsPrefix, buildMigrations, inspect, leftoverJournal, seed } from './helpers/crash-fixture.mjs';

const RUNS = Number(process.env.LITEFORM_CRASH_RUNS ?? 40);
const SMALL_ROWS = Number(process.env.LITEFORM_CRASH_SMALL_ROWS ?? 20000);
const REBUILD_KILLS = Number(process.env.LITEFORM_CRASH_REBUILD_KILLS ?? 12);
const ROWS = Number(process.env.LITEFORM_CRASH_ROWS ?? 200000);
const WAL = process.env.LITEFORM_CRASH_WAL !== '0';
const BACKUP_RUNS = Number(process.env.LITEFORM_CRASH_BACKUP_RUNS ?? 6);

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
// Test timeouts guard against a hang only, never against a slow machine: under a loaded 2-core CI
// machine the random-points test alone measured 171 s (it had a 300 s limit).
const HANG_GUARD = 30 * 60_000;

// Kill delays are fractions of the measured windows drawn from a seeded generator, so every run aims
// at the same points (where a kill lands still depends on the machine's speed; every check holds
// wherever it lands). LITEFORM_CRASH_SEED picks other points.
const SEED = Number(process.env.LITEFORM_CRASH_SEED ?? 20261129);
function seededRandom(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0; // mulberry32
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(SEED);

/**
 * Spawns `liteform apply`; resolves `exit` with { code, signal, stdout, stderr, ms }. `waitFor(re)`
 * resolves (with the time it was seen) once stdout matches, or null if the process ended first.
 */
function startApply(db, dir, cwd, extra = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'apply', '--db', db, '--dir', dir, '--create', '--busy-timeout', '20000', ...extra], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers = [];
  child.stdout.setEncoding('utf8').on('data', (s) => {
    stdout += s;
    for (const w of watchers) if (!w.done && w.re.test(stdout)) { w.done = true; w.resolve(performance.now()); }
  });
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
  const exit = new Promise((res) => child.on('close', (code, signal) => {
    for (const w of watchers) if (!w.done) { w.done = true; w.resolve(null); }
    res({ code, signal, stdout, stderr, ms: performance.now() - started });
  }));
  const waitFor = (re) => new Promise((resolve) => {
    const w = { re, resolve, done: false };
    if (re.test(stdout)) { w.done = true; resolve(performance.now()); } else if (child.exitCode !== null || child.signalCode !== null) resolve(null); else watchers.push(w);
  });
  return { child, exit, waitFor, started };
}

function assertCleanExit(r, label) {
  assert.equal(r.signal, null, `${label}: killed by ${r.signal}`);
  assert.equal(r.code, 0, `${label}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at |error:/, `${label}: stderr: ${r.stderr}`);
}

/** The checks after a kill; returns the version k the file holds. */
function checkAfterKill(db, ctx, label) {
  if (!existsSync(db)) return 0; // killed before the database was created
  const s = inspect(db, ctx.replay);
  assert.equal(s.integrity, 'ok', `${label}: integrity_check`);
  assert.equal(s.fkViolations, 0, `${label}: foreign_key_check`);
  assert.notEqual(s.k, -1, `${label}: the schema is not that of any version (a half-applied file?)`);
  assert.equal(s.history.length, s.k, `${label}: the schema is that of version ${s.k} but history has ${s.history.length} rows`);
  assertHistoryIsPrefix(s, ctx.migrations, s.k, label);
  assert.deepEqual(s.leftovers, [], `${label}: a rebuild's temporary table survived`);
  if (ctx.startData !== undefined) assert.deepEqual(s.data, s.k === 0 ? null : ctx.startData, `${label}: rows after the kill (at version ${s.k})`);
  return s.k;
}

/** A following apply finishes and the file equals an unkilled run's end state. */
async function resumeAndCheck(db, dir, cwd, ctx, label, extra) {
  const r = await startApply(db, dir, cwd, extra).exit;
  assertCleanExit(r, `${label}, resuming apply`);
  const s = inspect(db, ctx.replay);
  assert.equal(s.integrity, 'ok', `${label}: integrity_check after resuming`);
  assert.equal(s.k, ctx.migrations.length, `${label}: schema after resuming equals the full replay`);
  assertHistoryIsPrefix(s, ctx.migrations, ctx.migrations.length, `${label}, after resuming`);
  assert.deepEqual(s.objects, ctx.end.objects, `${label}: sqlite_schema after resuming`);
  assert.deepEqual(s.data, ctx.end.data, `${label}: rows after resuming`);
  assert.deepEqual(s.leftovers, [], label);
}

function recordedDuration(db, version) {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT duration_ms AS ms FROM _liteform_migrations WHERE version = ?').get(version).ms;
  } finally {
    d.close();
  }
}

const tally = (xs) => Object.entries(xs.reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {})).map(([k, v]) => `${k}:${v}`).join(' ');
const fmt = (xs) => `min ${Math.round(Math.min(...xs))} max ${Math.round(Math.max(...xs))} mean ${Math.round(xs.reduce((a, b) => a + b, 0) / xs.length)}`;

let work;
let fixture;
let passed = 0;

test('setup: migrations directory and seeded files', { timeout: HANG_GUARD }, (t) => {
  work = tempDir('liteform-crash-');
  fixture = buildMigrations(work);
  const t0 = performance.now();
  const small = join(work, 'small-v1.db');
  applyTo(small, fixture.dir, '0001');
  seed(small, SMALL_ROWS);
  const big = join(work, 'big-v2.db');
  applyTo(big, fixture.dir, '0002');
  seed(big, ROWS);
  const bigWal = join(work, 'big-v2-wal.db');
  copyFileSync(big, bigWal);
  const w = new Database(bigWal);
  assert.equal(w.pragma('journal_mode = WAL', { simple: true }), 'wal');
  w.close();
  fixture.seeds = { small, big, bigWal };
  fixture.startData = { small: inspect(small, fixture.replay).data, big: inspect(big, fixture.replay).data };
  assert.equal(fixture.startData.big.n, ROWS);
  assert.equal(fixture.startData.big.titlesIntact, ROWS);
  passed++;
  t.diagnostic(`kill delays from LITEFORM_CRASH_SEED=${SEED}; seeded ${SMALL_ROWS} + ${ROWS} rows in ${Math.round(performance.now() - t0)} ms (${work})`);
});

test(`SIGKILL at random points of a whole apply (${RUNS} kills)`, { timeout: HANG_GUARD }, async (t) => {
  const { dir, migrations, replay } = fixture;
  // Calibration: unkilled runs from the small seed (with a backup, as by default) and from no file.
  // Even runs count the delay from the spawn (uniform in 0..N, N = an unkilled run's wall time);
  // odd runs from the first "applying" line, which is printed inside the first file's transaction
  // (uniform in 0..M, M = an unkilled run's time from that line to its exit), so that the database
  // work, not node's start-up, gets most of those kills. The load on the machine changes while the
  // suite runs, so N and M follow it: each is the median of the last three unkilled runs from the
  // small seed (every eighth run is left alone to measure one; a run that finishes before its signal
  // is a measurement too).
  const calib = join(work, 'calibrate');
  mkdirSync(calib);
  const samples = [];
  const ends = {};
  const firstLine = /^applying /m;
  for (const [i, from] of ['small', 'small', 'small', 'none'].entries()) {
    const db = join(calib, `c${i}.db`);
    if (from === 'small') copyFileSync(fixture.seeds.small, db);
    const p = startApply(db, dir, calib);
    const [first, r] = await Promise.all([p.waitFor(firstLine), p.exit]);
    assertCleanExit(r, `calibration ${i}`);
    if (from === 'small') samples.push({ n: r.ms, m: p.started + r.ms - first });
    ends[from] = inspect(db, replay);
    assert.equal(ends[from].k, 4);
  }
  const median = (key) => [...samples.slice(-3).map((x) => x[key])].sort((a, b) => a - b)[1];
  t.diagnostic(`unkilled apply 0001→0004 (${SMALL_ROWS} rows, with backup): wall ms ${samples.map((x) => Math.round(x.n)).join(', ')}; from the first "applying" line to exit: ${samples.map((x) => Math.round(x.m)).join(', ')}`);

  const outcomes = { spawn: [], line: [] };
  const windows = { spawn: [], line: [] };
  let kills = 0;
  let finishedFirst = 0;
  let measured = 0;
  let journals = 0;
  for (let i = 0; kills < RUNS; i++) {
    assert.ok(i < RUNS * 3, `only ${kills} of ${RUNS} runs were still running when killed`);
    const fromNothing = i % 5 === 4;
    const measure = i % 8 === 7;
    if (measure) measured++;
    const mode = i % 2 === 0 ? 'spawn' : 'line';
    const cwd = join(work, `random-${i}`);
    mkdirSync(cwd);
    const db = join(cwd, 'app.db');
    if (!fromNothing) copyFileSync(fixture.seeds.small, db);
    const window = mode === 'spawn' ? median('n') : median('m');
    const delay = random() * window;
    const label = `random run ${i} (${fromNothing ? 'no file' : 'seeded at 0001'}, ${measure ? 'not killed' : `kill ${Math.round(delay)} of ${Math.round(window)} ms after ${mode === 'spawn' ? 'the spawn' : 'the first "applying" line'}`})`;
    const p = startApply(db, dir, cwd);
    const first = p.waitFor(firstLine);
    if (!measure) {
      if (mode === 'line') await first;
      await sleep(delay);
      p.child.kill('SIGKILL');
      windows[mode].push(window);
    }
    const r = await p.exit;
    if (r.signal === 'SIGKILL') kills++;
    else {
      // It finished before the signal: a clean run like any other.
      assertCleanExit(r, label);
      if (!fromNothing) samples.push({ n: r.ms, m: p.started + r.ms - (await first) });
      if (!measure) finishedFirst++;
    }
    if (leftoverJournal(db)) journals++;
    const ctx = { replay, migrations, startData: fromNothing ? undefined : fixture.startData.small, end: fromNothing ? ends.none : ends.small };
    const k = checkAfterKill(db, ctx, label);
    if (!measure) outcomes[mode].push(r.signal === 'SIGKILL' ? `k${k}` : 'finished-first');
    await resumeAndCheck(db, dir, cwd, ctx, label, []);
    rmSync(cwd, { recursive: true, force: true });
  }
  passed++;
  t.diagnostic(`kills=${kills}; runs: ${outcomes.spawn.length + outcomes.line.length} meant to be killed (${finishedFirst} finished first) + ${measured} left alone to measure; a journal/WAL was left to recover after ${journals}`);
  t.diagnostic(`  delay from spawn (0..N, N ms ${fmt(windows.spawn)}): version after the kill ${tally(outcomes.spawn)}`);
  t.diagnostic(`  delay from the first "applying" line (0..M, M ms ${fmt(windows.line)}): version after the kill ${tally(outcomes.line)}`);
});

test(`SIGKILL in the middle of a ${ROWS}-row rebuild (${REBUILD_KILLS} kills inside 0003)`, { timeout: HANG_GUARD }, async (t) => {
  const { dir, migrations, replay } = fixture;
  const applying3 = /^applying 0003_\S+\.sql$/m;
  const applying4 = /^applying 0004_\S+\.sql$/m;
  const calib = join(work, 'calibrate-rebuild');
  mkdirSync(calib);
  const calDb = join(calib, 'app.db');
  copyFileSync(fixture.seeds.big, calDb);
  const cal = startApply(calDb, dir, calib, ['--no-backup']);
  const [at3, at4, calExit] = await Promise.all([cal.waitFor(applying3), cal.waitFor(applying4), cal.exit]);
  assertCleanExit(calExit, 'rebuild calibration');
  assert.ok(at3 !== null && at4 !== null, calExit.stdout);
  let D = at4 - at3;
  const end = inspect(calDb, replay);
  assert.equal(end.k, 4);
  assert.deepEqual(end.data, fixture.startData.big, 'an unkilled rebuild keeps every row');
  rmSync(calib, { recursive: true, force: true });
  t.diagnostic(`unkilled: spawn→"applying 0003" ${Math.round(at3 - cal.started)} ms, 0003 (rebuild of ${ROWS} rows + checks) ${Math.round(D)} ms, whole run ${Math.round(calExit.ms)} ms; kill delay uniform in 0..${Math.round(D)} ms after "applying 0003"`);

  let inside = 0;
  const outcomes = [];
  const killAfter = [];
  const checkMs = [];
  for (let i = 0; inside < REBUILD_KILLS; i++) {
    assert.ok(i < REBUILD_KILLS * 3, `only ${inside} of ${REBUILD_KILLS} kills landed inside 0003 (${tally(outcomes)})`);
    const wal = WAL && i % 2 === 1;
    const cwd = join(work, `rebuild-${i}`);
    mkdirSync(cwd);
    const db = join(cwd, 'app.db');
    copyFileSync(wal ? fixture.seeds.bigWal : fixture.seeds.big, db);
    const delay = random() * D;
    const label = `rebuild run ${i} (${wal ? 'WAL' : 'rollback journal'}, kill ${Math.round(delay)} of ${Math.round(D)} ms after "applying 0003")`;
    const p = startApply(db, dir, cwd, ['--no-backup']);
    const seen = await p.waitFor(applying3);
    if (seen === null) assert.fail(`${label}: never started 0003: ${(await p.exit).stderr}`);
    await sleep(delay);
    p.child.kill('SIGKILL');
    const r = await p.exit;
    const journal = leftoverJournal(db);
    const t0 = performance.now();
    const ctx = { replay, migrations, startData: fixture.startData.big, end };
    const k = checkAfterKill(db, ctx, label);
    // Killed after 0003 committed: the machine got faster; its history row says how long 0003 took now.
    if (k >= 3) D = Math.min(D, recordedDuration(db, '0003'));
    if (r.signal === 'SIGKILL' && k === 2) {
      inside++;
      killAfter.push(delay);
      // A kill inside the transaction leaves something to recover unless it came before the first page was written.
      outcomes.push(journal ? 'rolled-back' : 'inside-no-journal');
    } else outcomes.push(r.signal === 'SIGKILL' ? `after-0003(k${k})` : 'finished');
    await resumeAndCheck(db, dir, cwd, ctx, label, ['--no-backup']);
    checkMs.push(performance.now() - t0);
    rmSync(cwd, { recursive: true, force: true });
  }
  passed++;
  t.diagnostic(`kills inside 0003: ${inside} of ${outcomes.length} runs (${tally(outcomes)}); their delays after "applying 0003" ms: ${fmt(killAfter)}; check+resume+check ms: ${fmt(checkMs)}`);
});

// apply takes a backup (SQLite's backup API into .liteform/backups/<db>-<version>-<stamp>.db) before
// its first file. Killed while writing it, it leaves that file behind: empty (0 bytes), or partial
// with a hot journal. `liteform restore` with no argument restores the newest backup — the one the
// killed run left. Restoring must either bring back the database as it was when the backup was
// taken, or refuse and leave the database alone; an empty backup restored over the database loses
// every row. The kill here is sent the moment the backup file appears (fs.watch on the directory).
test(`a backup left by a killed apply is never restored over the database (${BACKUP_RUNS} runs)`, { timeout: HANG_GUARD }, async (t) => {
  const { dir, migrations, replay } = fixture;
  const ctx = { replay, migrations, startData: fixture.startData.small };
  const outcomes = [];
  const lost = [];
  for (let i = 0; i < BACKUP_RUNS; i++) {
    const cwd = join(work, `backup-${i}`);
    const backups = join(cwd, '.liteform', 'backups');
    mkdirSync(backups, { recursive: true });
    const db = join(cwd, 'app.db');
    copyFileSync(fixture.seeds.small, db);
    const p = startApply(db, dir, cwd);
    const watcher = watch(backups, () => p.child.kill('SIGKILL'));
    const r = await p.exit;
    watcher.close();
    const left = readdirSync(backups).map((f) => `${f.replace(/^.*Z/, '*')}:${statSync(join(backups, f)).size}`).join(' ');
    const label = `backup run ${i} (${r.signal ?? `exit ${r.code}`}; left ${left || 'nothing'})`;
    const k = checkAfterKill(db, ctx, label);
    const restore = runCli(['restore', '--db', db], { cwd });
    const after = inspect(db, replay);
    const restored = restore.code === 0 && after.k === 1 && after.history.length === 1 && isDeepStrictEqual(after.data, ctx.startData);
    const refused = restore.code !== 0 && after.k === k && isDeepStrictEqual(after.data, ctx.startData);
    outcomes.push(`${left || 'none'} → ${restore.code === 0 ? 'restored' : 'refused'}`);
    if (!restored && !refused) lost.push(`${label}: restore exit ${restore.code} ${restore.stdout.trim()} ${restore.stderr.trim()}; afterwards the database is at version ${after.k} with ${after.data?.n ?? 'no'} posts rows (had ${ctx.startData.n})`);
    rmSync(cwd, { recursive: true, force: true });
  }
  passed++;
  t.diagnostic(`backups left → restore: ${tally(outcomes)}`);
  assert.deepEqual(lost, [], 'restore replaced the database with an incomplete backup');
});

test('cleanup (the work directory is kept when a test failed)', (t) => {
  if (!work) return;
  if (passed === 4) rmSync(work, { recursive: true, force: true });
  else t.diagnostic(`kept ${work}`);
});
