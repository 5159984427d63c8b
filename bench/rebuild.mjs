// Benchmark (a): rebuilding a 200,000-row table with an index (scenario 21-perf-rebuild-200k).
//  - time: liteform's applyDatabase (direct mode) and liteform's migrate() of the generated migration
//    file (apply --dir; its header names the copy, which runs in chunks), vs the hand-written 12-step
//    SQL, each on a fresh copy of one seeded file, runs interleaved, median of N;
//  - memory: peak RSS growth of one rebuild in a child process at 50k / 100k / 200k rows.
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { benchDir, buildSeeded, cliPath, importDist, log, makeTempDir, median, nowMs, rebuildScenario, removeDir } from './lib.mjs';
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

/** A migrations directory for the scenario (init = current.sql, then the rebuild to desired.sql) and a copy of `template` baselined at its first file. */
function migrationsFor(dir, scenario, template) {
  const cli = (...args) => {
    const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`liteform ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  };
  writeFileSync(join(dir, 'current.sql'), scenario.current);
  mkdirSync(join(dir, 'migrations'));
  cli('plan', 'init', '--dir', 'migrations', '--schema', 'current.sql');
  const baselined = join(dir, 'baselined.db');
  freshCopy(template, baselined);
  cli('baseline', '0001', '--db', baselined, '--dir', 'migrations');
  cli('plan', 'rebuild', '--dir', 'migrations', '--schema', scenario.desiredPath);
  return { dir: join(dir, 'migrations'), baselined };
}

export async function benchRebuildTime({ runs = 5 } = {}) {
  const { applyDatabase } = await importDist('api/apply-database.js');
  const { migrate } = await importDist('api/migrate.js');
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
    const migrations = migrationsFor(dir, scenario, template);
    let chunks = 0;
    const runFile = async () => {
      chunks = 0;
      const r = await migrate({ db: work, dir: migrations.dir, backup: false, onProgress: () => chunks++ });
      if (r.applied.length !== 1) throw new Error(`liteform migrate: applied ${r.applied.length} files`);
    };
    const contenders = { liteform: runLiteform, file: runFile, handwritten: runHandwritten };
    const templates = { liteform: template, file: migrations.baselined, handwritten: template };
    const times = { liteform: [], file: [], handwritten: [] };

    // One untimed run each (warms the page cache and the JIT), checked for correctness.
    for (const [name, fn] of Object.entries(contenders)) {
      freshCopy(templates[name], work);
      await fn();
      await checkResult(work, scenario, ROWS, name);
    }
    // Start (0 rows) plus one event per chunk: the file's copy did run in chunks.
    if (chunks < 2 + Math.floor(ROWS / 50_000)) throw new Error(`liteform migrate: ${chunks} progress events, expected the copy in chunks`);
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first so drift (thermal, page cache) does not favour one side.
      const order = i % 2 === 0 ? ['liteform', 'file', 'handwritten'] : ['handwritten', 'file', 'liteform'];
      for (const name of order) {
        freshCopy(templates[name], work);
        const t0 = nowMs();
        await contenders[name]();
        times[name].push(nowMs() - t0);
      }
    }
    const lf = median(times.liteform);
    const file = median(times.file);
    const hw = median(times.handwritten);
    log(`(a) liteform runs: ${times.liteform.map((t) => t.toFixed(0)).join(', ')} ms; migration file: ${times.file.map((t) => t.toFixed(0)).join(', ')} ms; hand-written: ${times.handwritten.map((t) => t.toFixed(0)).join(', ')} ms`);
    return { liteformMs: lf, fileMs: file, handwrittenMs: hw, ratio: lf / hw, fileRatio: file / hw, runs, origin: scenario.origin };
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
