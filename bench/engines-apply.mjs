// Benchmark: direct apply of scenario 21-perf-rebuild-200k (a 200,000-row table rebuilt, with an index) on
// each engine — a local file (better-sqlite3), libSQL over HTTP (a real sqld on loopback), D1 (Miniflare) —
// and the round trips each remote apply takes. Median of RUNS (default 3), fresh seeded database each run.
// Run: node bench/engines-apply.mjs   (after npx tsc -p tsconfig.json)
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { startSqld, makeD1PersistDir } from '../test/helpers/servers.mjs';
import { resetEngine, loadScript, countingEngine } from '../test/helpers/engines.mjs';
import { openEngine } from '../dist/db/engines/open-engine.js';
import { applyEngine } from '../dist/api/engine-target.js';
import { applyDatabase } from '../dist/api/apply-database.js';

const RUNS = Number(process.env.RUNS ?? 3);
const dir = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'test', 'fixtures', 'cases', '21-perf-rebuild-200k');
const current = readFileSync(join(dir, 'current.sql'), 'utf8');
const seed = readFileSync(join(dir, 'seed-data.sql'), 'utf8');
const desired = join(dir, 'desired.sql');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = mkdtempSync(join(tmpdir(), 'liteform-bench-engines-'));

const results = {};
{
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const path = join(tmp, `file-${i}.db`);
    const db = new Database(path);
    db.exec(current);
    db.exec(seed);
    db.close();
    const t0 = performance.now();
    applyDatabase({ db: path, schema: desired, allowDestructive: true });
    times.push(performance.now() - t0);
  }
  results.file = { ms: Math.round(median(times)) };
}

const sqld = await startSqld();
const engines = [
  ['libsql', await openEngine(sqld.url)],
  ['d1', await openEngine('d1://bench-db', { d1Persist: makeD1PersistDir() })],
];
try {
  for (const [name, e] of engines) {
    const times = [];
    let trips = null;
    for (let i = 0; i < RUNS; i++) {
      await resetEngine(e);
      await loadScript(e, current);
      await loadScript(e, seed);
      const { engine, counter } = countingEngine(e);
      const t0 = performance.now();
      await applyEngine(engine, { schema: desired, allowDestructive: true });
      times.push(performance.now() - t0);
      trips = counter;
    }
    results[name] = { ms: Math.round(median(times)), queries: trips.queries, units: trips.units };
  }
} finally {
  for (const [, e] of engines) await e.close();
  await sqld.stop();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(JSON.stringify({ scenario: '21-perf-rebuild-200k', runs: RUNS, results }, null, 2));
