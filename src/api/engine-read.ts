/**
 * The read-only commands (status, history, check, inspect) on any target: a plain path keeps the
 * better-sqlite3 path; an engine URL is read through the engine layer: the schema in one round trip
 * (introspectEngine) and the history table in one or two more.
 */
import type { Engine } from '../db/engines/engine.js';
import { introspectEngine } from '../db/engines/introspect-query.js';
import { assertHistoryColumns, readHistorySql, type HistoryRow } from '../db/history.js';
import { historyTable } from '../model/internal-names.js';
import { quoteString } from '../model/quote.js';
import { canonicalSchema } from '../model/canonical.js';
import { renderYaml } from '../render/yaml.js';
import { isEngineTarget, withEngine, type EngineConnection } from './engine-target.js';
import { check, checkOf, history, status, statusOf, type CheckResult, type LiveDatabase, type StatusResult } from './status.js';
import { inspect, type InspectResult } from './inspect.js';
import type { BaseMigrations } from '../vcs/base-migrations.js';

/** The history rows of an engine's database ([] without the table); a foreign table of that name is refused. */
export async function readEngineHistory(engine: Engine): Promise<HistoryRow[]> {
  const cols = await engine.query(`SELECT name FROM pragma_table_info(${quoteString(historyTable)})`);
  if (cols.length === 0) return [];
  assertHistoryColumns(cols.map((c) => String(c.name)));
  return (await engine.query(readHistorySql)).map((r) => ({
    version: String(r.version), name: String(r.name), checksum: String(r.checksum), applied_at: String(r.applied_at),
    applied_by: String(r.applied_by), duration_ms: Number(r.duration_ms), statements: Number(r.statements),
  }));
}

export async function readEngineLive(engine: Engine): Promise<LiveDatabase> {
  const rows = await readEngineHistory(engine);
  const model = await introspectEngine(engine);
  return { history: rows, model: () => model };
}

type Target = { readonly db: string; readonly busyTimeoutMs?: number } & EngineConnection;

export async function statusTarget(o: Target & { readonly dir: string }): Promise<StatusResult> {
  if (!isEngineTarget(o.db)) return status(o);
  const live = await withEngine(o.db, o, readEngineLive);
  return statusOf((use) => use(live), o.dir);
}

export async function historyTarget(o: Target): Promise<HistoryRow[]> {
  if (!isEngineTarget(o.db)) return history(o);
  return withEngine(o.db, o, readEngineHistory);
}

export async function checkTarget(o: Omit<Target, 'db'> & { readonly db: string | null; readonly dir: string; readonly schema: string | null; readonly base?: BaseMigrations | null }): Promise<CheckResult> {
  if (o.db === null || !isEngineTarget(o.db)) return check(o);
  const live = await withEngine(o.db, o, readEngineLive);
  return checkOf((use) => use(live), o);
}

export async function inspectTarget(o: Target & { readonly format?: 'yaml' | 'sql' }): Promise<InspectResult> {
  if (!isEngineTarget(o.db)) return inspect(o);
  const model = await withEngine(o.db, o, introspectEngine);
  return { model, text: o.format === 'sql' ? canonicalSchema(model) : renderYaml(model) };
}
