// Several processes apply the same migrations directory to the same database at once: the real CLI
// (human and --json output, with and without a backup) and small scripts calling migrate(). Each
// racer is preloaded with helpers/concurrency-barrier.mjs, which loads the heavy modules and then
// waits for the parent's signal, so that all of them reach the database within a millisecond or two.
// Every round starts from a fresh database: even rounds from no file at all, odd rounds from a
// seeded copy at version 0001 (so 0003 rebuilds a few thousand rows while the others wait).
//
// LITEFORM_CONCURRENCY_ROUNDS (default 20), LITEFORM_CONCURRENCY_ROWS (default 5000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliEnv, root, tempDir } from './helpers/cases.mjs';
import { applyTo, assertHistoryIsPrefix, buildMigrations, inspect, seed } from './helpers/crash-fixture.mjs';

const ROUNDS = Number(process.env.LITEFORM_CONCURRENCY_ROUNDS ?? 20);
const ROWS = Number(process.env.LITEFORM_CONCURRENCY_ROWS ?? 5000);
const barrier = join(root, 'test', 'helpers', 'concurrency-barrier.mjs');
const migrateScript = join(root, 'test', 'helpers', 'concurrency-migrate.mjs');
const READY = 'concurrency-barrier: ready\n';
/** Racers whose reported `to` was not the final version, filled by the race test. */
let staleTo = null;

/** The racers of one round: what each runs, and how to read the versions it applied from its stdout. */
function racers(db, dir) {
  const apply = ['apply', '--db', db, '--dir', dir, '--create', '--busy-timeout', '20000'];
  return [
    { label: 'cli --json --no-backup', args: [cli, ...apply, '--json', '--no-backup'], output: 'cli-json' },
    { label: 'cli --json (backup)', args: [cli, ...apply, '--json'], output: 'cli-json' },
    { label: 'cli human (backup)', args: [cli, ...apply], output: 'cli-human' },
    { label: 'cli human --no-backup', args: [cli, ...apply, '--no-backup'], output: 'cli-human' },
    { label: 'migrate() no backup', args: [migrateScript, db, dir], output: 'api' },
    { label: 'migrate() backup', args: [migrateScript, db, dir, '--backup'], output: 'api' },
  ];
}

/** Starts every racer, waits until all are ready, releases them together, and collects their ends. */
async function race(list, cwd) {
  const procs = list.map((r) => {
    const child = spawn(process.execPath, ['--import', barrier, ...r.args], { cwd, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const p = { ...r, child, stdout: '', stderr: '', readyResolve: null };
    p.ready = new Promise((res) => { p.readyResolve = res; });
    child.stdout.setEncoding('utf8').on('data', (s) => { p.stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => {
      p.stderr += s;
      if (p.stderr.includes(READY)) p.readyResolve();
    });
    p.exit = new Promise((res) => child.on('close', (code, signal) => { p.readyResolve(); res({ code, signal }); }));
    return p;
  });
  await Promise.all(procs.map((p) => p.ready));
  for (const p of procs) p.child.stdin.end('g');
  const ends = await Promise.all(procs.map((p) => p.exit));
  return procs.map((p, i) => ({ label: p.label, output: p.output, ...ends[i], stdout: p.stdout, stderr: p.stderr.replace(READY, '') }));
}

/** { status, to, applied } from a racer's stdout. */
function parseResult(r) {
  if (r.output === 'api' || r.output === 'cli-json') {
    const j = JSON.parse(r.stdout);
    return { status: j.status, to: j.to, applied: r.output === 'api' ? j.applied : j.applied.map((a) => a.version) };
  }
  const applied = [...r.stdout.matchAll(/^applied (\d{4})_\S+ \(/gm)].map((m) => m[1]);
  const upToDate = /^Already up to date(?: \(version (\d{4})\))?\.$/m.exec(r.stdout);
  const at = /^Database at version (\d{4})/m.exec(r.stdout);
  assert.ok(upToDate || at, `${r.label}: neither "Already up to date" nor "Database at version":\n${r.stdout}`);
  return { status: upToDate ? 'up-to-date' : 'migrated', to: upToDate ? (upToDate[1] ?? null) : at[1], applied };
}

// The timeout guards against a hang only (CI is a busy 2-core machine): never a speed limit.
test(`${ROUNDS} rounds of 6 processes applying one directory to one fresh database`, { timeout: 30 * 60_000 }, async (t) => {
  const work = tempDir('liteform-concurrency-');
  const { dir, migrations, replay } = buildMigrations(work);
  const versions = migrations.map((m) => m.version);

  // References: the same starting points migrated once, by one process.
  const seeded = join(work, 'seeded-v1.db');
  applyTo(seeded, dir, '0001');
  seed(seeded, ROWS);
  const refFresh = join(work, 'ref-fresh.db');
  const refSeeded = join(work, 'ref-seeded.db');
  copyFileSync(seeded, refSeeded);
  applyTo(refFresh, dir, '0004');
  applyTo(refSeeded, dir, '0004');
  const reference = { fresh: inspect(refFresh, replay), seeded: inspect(refSeeded, replay) };
  assert.equal(reference.fresh.k, 4);
  assert.equal(reference.seeded.data.n, ROWS);

  const stats = { split: 0, staleTo: [], wallMs: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const fromSeed = round % 2 === 1;
    const cwd = join(work, `round-${round}`);
    mkdirSync(cwd);
    const db = join(cwd, 'app.db');
    if (fromSeed) copyFileSync(seeded, db);
    const start = performance.now();
    const results = await race(racers(db, dir), cwd);
    stats.wallMs.push(Math.round(performance.now() - start));
    const label = `round ${round} (${fromSeed ? 'seeded at 0001' : 'no database file'})`;

    const parsed = [];
    for (const r of results) {
      assert.equal(r.signal, null, `${label}, ${r.label}: killed by ${r.signal}`);
      assert.equal(r.code, 0, `${label}, ${r.label}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at |error:|Error/, `${label}, ${r.label}: stderr: ${r.stderr}`);
      const p = parseResult(r);
      assert.ok(p.status === 'up-to-date' ? p.applied.length === 0 : p.applied.length > 0, `${label}, ${r.label}: status ${p.status} with ${p.applied.length} applied`);
      parsed.push({ label: r.label, ...p });
    }
    // The union of what the racers applied is every pending version exactly once; each racer's own
    // list is increasing (a subset of the directory, in order).
    const pending = fromSeed ? versions.slice(1) : versions;
    const all = parsed.flatMap((p) => p.applied);
    assert.deepEqual([...all].sort(), pending, `${label}: union of applied versions ${JSON.stringify(parsed.map((p) => [p.label, p.applied]))}`);
    for (const p of parsed) assert.deepEqual(p.applied, [...p.applied].sort(), `${label}, ${p.label}: applied out of order`);
    if (parsed.filter((p) => p.applied.length > 0).length > 1) stats.split++;
    for (const p of parsed) if (p.to !== '0004') stats.staleTo.push(`${label}, ${p.label}: ${p.status}, to=${p.to}, applied=${p.applied.join(',') || '-'}`);

    const end = inspect(db, replay);
    const ref = fromSeed ? reference.seeded : reference.fresh;
    assert.equal(end.integrity, 'ok', label);
    assert.equal(end.k, 4, `${label}: final schema equals the replayed 0004`);
    assertHistoryIsPrefix(end, migrations, 4, label);
    assert.deepEqual(end.objects, ref.objects, `${label}: sqlite_schema equals the single-process reference`);
    assert.deepEqual(end.live, ref.live, `${label}: introspection equals the single-process reference`);
    assert.deepEqual(end.data, ref.data, `${label}: rows equal the single-process reference`);
    assert.deepEqual(end.leftovers, [], label);
    rmSync(cwd, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
  t.diagnostic(`rounds=${ROUNDS} racers=6 rows(seeded rounds)=${ROWS}; rounds where >1 racer applied something: ${stats.split}; round wall ms: min ${Math.min(...stats.wallMs)} max ${Math.max(...stats.wallMs)} mean ${Math.round(stats.wallMs.reduce((a, b) => a + b, 0) / ROUNDS)}`);
  staleTo = stats.staleTo;
});

// A racer that waited for the lock and then found the work done reports the version it read before
// waiting: `to` (JSON, migrate()) and "Already up to date (version 0001)." / "Database at version
// 0002." (human) while the database is at 0004. applyMigrations (src/db/apply-migrations.ts) returns
// `to = applied.at(-1)?.version ?? from` instead of re-reading the history at the end.
test('every racer reports the version the database ended at', (t) => {
  assert.ok(staleTo !== null, 'the race test ran');
  for (const s of staleTo.slice(0, 5)) t.diagnostic(s);
  assert.deepEqual(staleTo, [], `${staleTo.length} of ${ROUNDS * 6} racers reported a stale version`);
});
