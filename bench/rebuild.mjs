// Benchmark (a): rebuilding a 200,000-row table with an index (scenario 21-perf-rebuild-200k).
//  - time: liteform's applyDatabase vs the hand-written 12-step SQL, each on a fresh copy of one
//    seeded file, runs interleaved, median of N;
//  - memory: peak RSS growth of one rebuild in a child process at 50k / 100k / 200k rows.
import { closeSync, copyFileSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { benchDir, buildSeeded, importDist, log, makeTempDir, median, nowMs, rebuildScenario, removeDir } from './lib.mjs';
import { handwrittenRebuild } from './handwritten.mjs';

const ROWS = 200_000;

export function removeDb(path) {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * A fresh copy of the seeded file, flushed to disk: otherwise the copy's dirty pages would be
 * written out by the rebuild's own fsync at COMMIT and bill the copy to whichever run comes next.
 */
export function freshCopy(template, path) {
  removeDb(path);
  copyFileSync(template, path);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Row count, and whether planning against `desired` again finds nothing to do. */
async function checkResult(path, scenario, rows, label) {
  const { planDatabase } = await importDist('api/plan-database.js');
  const db = new Database(path, { readonly: true });
  const n = db.prepare('SELECT count(*) AS n FROM logs').get().n;
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  if (n !== rows) throw new Error(`${label}: ${n} rows after the rebuild, expected ${rows}`);
  if (integrity !== 'ok') throw new Error(`${label}: integrity_check says ${integrity}`);
  const again = planDatabase({ db: path, schema: scenario.desiredPath });
  if (again.changes.length > 0) throw new Error(`${label}: the result still differs from desired.sql (${again.changes.length} changes)`);
}

export async function benchRebuildTime({ runs = 5 } = {}) {
  const { applyDatabase } = await importDist('api/apply-database.js');
  const scenario = rebuildScenario();
  const dir = makeTempDir('liteform-bench-rebuild-');
  try {
    const template = join(dir, 'seeded.db');
    const work = join(dir, 'work.db');
    log(`(a) seeding ${ROWS} rows from ${scenario.origin} scenario (${scenario.dir})`);
    buildSeeded(Database, scenario, template, ROWS);

    const runLiteform = () => {
      const r = applyDatabase({ db: work, schema: scenario.desiredPath, allowDestructive: true });
      if (r.status !== 'migrated' || r.plan.rebuilds.length !== 1) throw new Error(`liteform: expected one rebuild, got ${r.status} / ${r.plan.rebuilds.length}`);
    };
    const runHandwritten = () => handwrittenRebuild(Database, work);
    const contenders = { liteform: runLiteform, handwritten: runHandwritten };
    const times = { liteform: [], handwritten: [] };

    // One untimed run each (warms the page cache and the JIT), checked for correctness.
    for (const [name, fn] of Object.entries(contenders)) {
      freshCopy(template, work);
      fn();
      await checkResult(work, scenario, ROWS, name);
    }
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first so drift (thermal, page cache) does not favour one side.
      const order = i % 2 === 0 ? ['liteform', 'handwritten'] : ['handwritten', 'liteform'];
      for (const name of order) {
        freshCopy(template, work);
        const t0 = nowMs();
        contenders[name]();
        times[name].push(nowMs() - t0);
      }
    }
    const lf = median(times.liteform);
    const hw = median(times.handwritten);
    log(`(a) liteform runs: ${times.liteform.map((t) => t.toFixed(0)).join(', ')} ms; hand-written: ${times.handwritten.map((t) => t.toFixed(0)).join(', ')} ms`);
    return { liteformMs: lf, handwrittenMs: hw, ratio: lf / hw, runs, origin: scenario.origin };
  } finally {
    removeDir(dir);
  }
}

function childRss(mode, db, schema) {
  const r = spawnSync(process.execPath, [join(benchDir, 'rss-child.mjs'), mode, db, schema], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rss-child ${mode} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function benchRebuildRss({ sizes = [50_000, 100_000, 200_000] } = {}) {
  const scenario = rebuildScenario();
  const dir = makeTempDir('liteform-bench-rss-');
  try {
    const out = [];
    for (const rows of sizes) {
      const template = join(dir, `seeded-${rows}.db`);
      buildSeeded(Database, scenario, template, rows);
      const entry = { rows };
      for (const mode of ['liteform', 'handwritten']) {
        const work = join(dir, `work-${rows}-${mode}.db`);
        freshCopy(template, work);
        entry[mode] = childRss(mode, work, scenario.desiredPath);
        removeDb(work);
      }
      log(`(a) RSS at ${rows} rows: liteform +${(entry.liteform.growthKB / 1024).toFixed(1)} MB (peak ${(entry.liteform.peakKB / 1024).toFixed(1)} MB), hand-written +${(entry.handwritten.growthKB / 1024).toFixed(1)} MB (peak ${(entry.handwritten.peakKB / 1024).toFixed(1)} MB)`);
      removeDb(template);
      out.push(entry);
    }
    return out;
  } finally {
    removeDir(dir);
  }
}
