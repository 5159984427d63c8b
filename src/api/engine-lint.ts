/**
 * `liteform lint --db` and `liteform diff A B` with an engine URL as a source. lint reads the history through
 * the engine and counts the rows each data-dependent change of the first pending file would break with the
 * engine's own queries (lintPending is pure: the probes are measured first, then looked up); diff introspects a
 * URL in one round trip and compares it like any other source.
 */
import type { Engine } from '../db/engines/engine.js';
import { introspectEngine } from '../db/engines/introspect-query.js';
import type { ProbeResult } from '../db/run-probe.js';
import type { RowProbe } from '../lint/finding.js';
import { readMigrationDirectory } from '../migrations/directory.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { compareHistory } from '../migrations/history-check.js';
import { noRenames } from '../model/schema-model.js';
import { diffLoaded, diffSources, type DiffResult } from './diff-sources.js';
import { readEngineHistory } from './engine-read.js';
import { isEngineTarget, withEngine, type EngineConnection } from './engine-target.js';
import { lint, lintPending, type LintResult } from './lint.js';
import { loadSource, type LoadedSource } from './load-source.js';

export async function lintTarget(o: { dir: string; db: string | null; busyTimeoutMs?: number; cacheDir?: string } & EngineConnection): Promise<LintResult> {
  if (o.db === null || !isEngineTarget(o.db)) return lint(o);
  const directory = readMigrationDirectory(o.dir);
  return withEngine(o.db, o, (engine) => lintEngine(engine, directory, o.cacheDir));
}

export async function lintEngine(engine: Engine, directory: ReturnType<typeof readMigrationDirectory>, cacheDir?: string): Promise<LintResult> {
  const applied = compareHistory(await readEngineHistory(engine, directory.migrations), directory.migrations).applied.length;
  const wanted: RowProbe[] = [];
  // Two passes over one replay: the first collects the probes, the second looks up what the engine measured.
  const replay = replayWithCache(directory.migrations, replayCacheIn(cacheDir));
  lintPending(directory, applied, { replay, measure: (p, i) => { if (i === 0) wanted.push(p); return null; } });
  const measured = new Map<RowProbe['countSql'], ProbeResult | null>();
  for (const p of wanted) measured.set(p.countSql, await measureProbe(engine, p));
  return lintPending(directory, applied, { replay, measure: (p, i) => (i === 0 ? measured.get(p.countSql) ?? null : null) });
}

/** runProbe (src/db/run-probe.ts) through an engine. */
async function measureProbe(engine: Engine, probe: RowProbe): Promise<ProbeResult | null> {
  try {
    const n = Number((await engine.query(probe.countSql))[0]?.n ?? 0);
    const row = n > 0 ? (await engine.query(probe.sampleSql))[0] : undefined;
    const example = row ? Object.entries(row).map(([k, v]) => `${k}=${v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v)}`).join(', ') : null;
    return { rows: n, example };
  } catch {
    // The table may not exist yet (an earlier pending file creates it): not measurable now.
    return null;
  }
}

/** diff A B where either side may be an engine URL. */
export async function diffTarget(a: string, b: string, options: { busyTimeoutMs?: number; cacheDir?: string } & EngineConnection = {}): Promise<DiffResult> {
  if (!isEngineTarget(a) && !isEngineTarget(b)) return diffSources(a, b, options);
  const load = async (spec: string): Promise<LoadedSource> => isEngineTarget(spec)
    ? { kind: 'database', model: await withEngine(spec, options, introspectEngine), hints: noRenames, source: spec }
    : loadSource(spec, options);
  const from = await load(a);
  const to = await load(b);
  return diffLoaded(a, b, from, to);
}
