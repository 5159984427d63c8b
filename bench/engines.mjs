// Benchmark (e): introspection of a 200-table schema on each engine — a local file (better-sqlite3, through the
// engine interface and through the synchronous introspect()), libSQL over HTTP (a real sqld on loopback) and D1
// (Miniflare) — with the round trips each one takes, counted on the Engine interface: they must not grow with the
// number of tables (the same count at 1 table as at 200).
// Run alone: node bench/engines.mjs [--runs N]   (after npx tsc -p tsconfig.json); or as section e of bench/run.mjs.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { importDist, nowMs } from './lib.mjs';

/** `n` tables, each with a UNIQUE column, an index and a foreign key to the one before. */
export function schemaOf(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`CREATE TABLE t${i}(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT DEFAULT 'x', amount REAL CHECK (amount >= 0), prev INTEGER${i > 0 ? ` REFERENCES t${i - 1}(id) ON DELETE CASCADE` : ''});`);
    out.push(`CREATE INDEX t${i}_name ON t${i}(name, amount DESC);`);
  }
  return out.join('\n');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchEngineIntrospection({ tables = 200, runs = 5 } = {}) {
  const { openEngine } = await importDist('db/engines/open-engine.js');
  const { introspectEngine } = await importDist('db/engines/introspect-query.js');
  const { introspect } = await importDist('db/introspect.js');
  const { startSqld, makeD1PersistDir } = await import(pathToFileURL(join(import.meta.dirname, '..', 'test', 'helpers', 'servers.mjs')).href);
  const { resetEngine, loadScript, countingEngine } = await import(pathToFileURL(join(import.meta.dirname, '..', 'test', 'helpers', 'engines.mjs')).href);
  const tmp = mkdtempSync(join(tmpdir(), 'liteform-bench-introspect-'));
  const results = {};
  const sqld = await startSqld();
  const engines = [];
  try {
    // The file: one engine on a fresh file; the synchronous introspect() of the same file beside it.
    const path = join(tmp, 'file.db');
    engines.push(['file', await openEngine(path, { create: true })]);
    engines.push(['libsql', await openEngine(sqld.url)]);
    engines.push(['d1', await openEngine('d1://bench-introspect', { d1Persist: makeD1PersistDir() })]);
    for (const [name, e] of engines) {
      const trips = {};
      for (const n of [1, tables]) {
        await resetEngine(e);
        await loadScript(e, schemaOf(n));
        const { engine, counter } = countingEngine(e);
        const model = await introspectEngine(engine);
        if (model.tables.length !== n) throw new Error(`${name}: introspected ${model.tables.length} tables, expected ${n}`);
        trips[n] = counter.queries + counter.units;
      }
      await introspectEngine(e); // warm-up, untimed
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t0 = nowMs();
        await introspectEngine(e);
        times.push(nowMs() - t0);
      }
      results[name] = { ms: median(times), roundTrips: trips[tables], roundTripsAt1: trips[1] };
    }
    const db = new Database(path, { readonly: true });
    try {
      introspect(db); // warm-up, untimed
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t0 = nowMs();
        introspect(db);
        times.push(nowMs() - t0);
      }
      results.fileSync = { ms: median(times) };
    } finally {
      db.close();
    }
  } finally {
    for (const [, e] of engines) await e.close();
    await sqld.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return { tables, runs, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--runs');
  console.log(JSON.stringify(await benchEngineIntrospection({ runs: i >= 0 ? Number(process.argv[i + 1]) : 5 }), null, 2));
}
