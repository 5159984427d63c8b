/**
 * The read-only commands (status, history, check, inspect) on any target: a plain path keeps the
 * better-sqlite3 path; an engine URL is read through the engine layer: the schema in one round trip
 * (introspectEngine) and the history table in one or two more.
 */
import type { Engine } from '../db/engines/engine.js';
import type { HistoryRow } from '../db/history.js';
import { readMigrationDirectory } from '../migrations/directory.js';
import type { Migration } from '../migrations/migration-file.js';
import { canonicalSchema } from '../model/canonical.js';
import { renderYaml } from '../render/yaml.js';
import type { EngineConnection } from './engine-target.js';
import { isEngineTarget } from './target-kind.js';
import { check, checkOf, history, status, statusOf, type CheckResult, type LiveDatabase, type StatusResult } from './status.js';
import { inspect, type InspectResult } from './inspect.js';
import type { BaseMigrations } from '../vcs/base-migrations.js';

/**
 * The history rows of an engine's database ([] without a history table): liteform's own, or adopted from
 * wrangler's d1_migrations (engine-history.ts; `migrations` give adopted rows their checksums).
 */
export async function readEngineHistory(engine: Engine, migrations: readonly Migration[] = []): Promise<HistoryRow[]> {
  const { readEngineHistoryStore } = await import('./engine-history.js');
  return (await readEngineHistoryStore(engine, migrations)).rows;
}

export async function readEngineLive(engine: Engine, migrations: readonly Migration[] = []): Promise<LiveDatabase> {
  const rows = await readEngineHistory(engine, migrations);
  const model = await (await engineIntrospection()).introspectEngine(engine);
  return { history: rows, model: () => model };
}

/** The directory's files when it exists (adopted wrangler rows take their checksums from it); its errors are reported later, by statusOf / checkOf. */
function directoryFiles(dir: string): readonly Migration[] {
  try {
    return readMigrationDirectory(dir, { mustExist: false }).migrations;
  } catch {
    return [];
  }
}

// The engine layer (engine-target.ts loads planning and apply too), its introspection and history
// reader are loaded only for an engine URL: a local file's status or check needs none of them.
const engineTarget = () => import('./engine-target.js');
const engineIntrospection = () => import('../db/engines/introspect-query.js');

type Target = { readonly db: string; readonly busyTimeoutMs?: number } & EngineConnection;

export async function statusTarget(o: Target & { readonly dir: string; readonly cacheDir?: string }): Promise<StatusResult> {
  if (!isEngineTarget(o.db)) return status(o);
  const live = await (await engineTarget()).withEngine(o.db, o, (e) => readEngineLive(e, directoryFiles(o.dir)));
  return statusOf((use) => use(live), o.dir, o.cacheDir);
}

export async function historyTarget(o: Target): Promise<HistoryRow[]> {
  if (!isEngineTarget(o.db)) return history(o);
  return (await engineTarget()).withEngine(o.db, o, (e) => readEngineHistory(e));
}

export async function checkTarget(o: Omit<Target, 'db'> & { readonly db: string | null; readonly dir: string; readonly schema: string | null; readonly base?: BaseMigrations | null; readonly cacheDir?: string }): Promise<CheckResult> {
  if (o.db === null || !isEngineTarget(o.db)) return check(o);
  const live = await (await engineTarget()).withEngine(o.db, o, (e) => readEngineLive(e, directoryFiles(o.dir)));
  return checkOf((use) => use(live), o);
}

export async function inspectTarget(o: Target & { readonly format?: 'yaml' | 'sql' }): Promise<InspectResult> {
  if (!isEngineTarget(o.db)) return inspect(o);
  const { introspectEngine } = await engineIntrospection();
  const model = await (await engineTarget()).withEngine(o.db, o, introspectEngine);
  return { model, text: o.format === 'sql' ? canonicalSchema(model) : renderYaml(model) };
}
