/**
 * Direct mode (`plan` / `apply` with --db and --schema) on a database reached through an engine URL
 * (libSQL / Turso, D1). A plain path keeps the synchronous better-sqlite3 path (plan-database.ts,
 * apply-database.ts): `openEngine` decides the kind from the target string, and inside, procedures are
 * chosen from the engine's capabilities.
 *
 * Apply is one atomic unit: a schema check (optimistic concurrency: the unit aborts when the schema changed
 * since it was read; no lock spans round trips on these engines), the plan's statements (FK-safe where
 * enforcement cannot be turned off around the unit), the guard, and the history row. Round trips: the
 * connection check, one introspection, one unit.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Engine } from '../db/engines/engine.js';
import { openEngine } from '../db/engines/open-engine.js';
import { isEngineTarget } from './target-kind.js';
import { introspectEngine, introspectEngineWith } from '../db/engines/introspect-query.js';
import { checkStatementSizes, historyChangedMessage, historyStatements, planUnitStatements, schemaChangedMessage, schemaCheckStatements, schemaFingerprintSql } from '../db/engines/plan-unit.js';
import { guardCountMessage, guardFkMessage } from '../db/engines/safe-rebuild.js';
import { isLiteformError, LiteformError } from '../errors.js';
import { isDestructive, type Plan } from '../plan/plan.js';
import { renderSql } from '../render/sql.js';
import { loadDesiredWithCache } from './desired-with-cache.js';
import { appliedBy, applyDatabase, timestampVersion, type ApplyOptions, type ApplyResult } from './apply-database.js';
import { planDatabase, planSchemas, type PlanOptions, type PlanResult } from './plan-database.js';

export interface EngineConnection {
  /** libSQL / Turso auth token (--auth-token, LITEFORM_AUTH_TOKEN): passed to the engine, never printed or stored. */
  readonly authToken?: string;
  /** D1 persist directory (--d1-persist); default .wrangler/state/v3/d1. */
  readonly d1Persist?: string;
}

export { isEngineTarget };

export async function withEngine<T>(db: string, conn: EngineConnection, use: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openEngine(db, {
    ...(conn.authToken !== undefined && conn.authToken !== '' ? { authToken: conn.authToken } : {}),
    ...(conn.d1Persist !== undefined ? { d1Persist: conn.d1Persist } : {}),
  });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

/** plan, direct mode, on any target. */
export async function planTarget(options: PlanOptions & EngineConnection): Promise<PlanResult> {
  if (!isEngineTarget(options.db)) return planDatabase(options);
  return withEngine(options.db, options, (engine) => planEngine(engine, options));
}

/** plan against an engine already open (the library form; the caller closes it). */
export async function planEngine(engine: Engine, options: { readonly schema: string; readonly cacheDir?: string }): Promise<PlanResult> {
  const desired = loadDesiredWithCache(options.schema, options.cacheDir);
  return planSchemas(await introspectEngine(engine), desired);
}

/** apply, direct mode, on any target. */
export async function applyTarget(options: ApplyOptions & EngineConnection): Promise<ApplyResult> {
  if (!isEngineTarget(options.db)) return applyDatabase(options);
  return withEngine(options.db, options, (engine) => applyEngine(engine, options));
}

/** apply to an engine already open (the library form; the caller closes it). */
export async function applyEngine(engine: Engine, options: { readonly schema: string; readonly allowDestructive?: boolean; readonly cacheDir?: string }): Promise<ApplyResult> {
  const desired = loadDesiredWithCache(options.schema, options.cacheDir);
  const started = performance.now();
  const caps = engine.capabilities;
  const { model: current, extra } = await introspectEngineWith(engine, schemaFingerprintSql(caps.reservedPrefix));
  const result = planSchemas(current, desired);
  if (result.changes.length === 0) return { ...result, status: 'up-to-date', version: null, checksum: null, durationMs: 0 };
  refuseDestructive(result.plan, options.allowDestructive ?? false);
  const version = timestampVersion(new Date());
  const checksum = createHash('sha256').update(renderSql(result.plan)).digest('hex');
  const unit = planUnitStatements(result.plan, current, desired.model, caps);
  const durationMs = Math.round(performance.now() - started);
  const statements = [
    ...schemaCheckStatements(String(extra), caps.reservedPrefix),
    ...unit.statements,
    ...historyStatements({ version, name: `apply ${basename(options.schema)}`, checksum, applied_at: new Date().toISOString(), applied_by: appliedBy(), duration_ms: durationMs, statements: result.plan.steps.length }),
  ];
  checkStatementSizes(statements, caps, engine.target);
  await runUnitMapped(engine, statements, unit.foreignKeysOff);
  return { ...result, status: 'migrated', version, checksum, durationMs: Math.round(performance.now() - started) };
}

export function refuseDestructive(plan: Plan, allowed: boolean): void {
  if (isDestructive(plan) && !allowed) {
    const what = plan.warnings.filter((w) => w.level === 'destructive').map((w) => `  - ${w.message}`).join('\n');
    throw new LiteformError('LITEFORM_DESTRUCTIVE', `the plan destroys data:\n${what}`, 'review the plan, then re-run with --allow-destructive');
  }
}

/** Runs the unit; its failures get liteform's codes for what the unit's own checks mean. */
export async function runUnitMapped(engine: Engine, statements: readonly string[], foreignKeysOff: boolean): Promise<void> {
  try {
    await engine.runUnit(statements, { foreignKeysOff });
  } catch (e) {
    if (!isLiteformError(e)) throw e;
    const rolledBack = 'nothing was changed: the whole unit was rolled back';
    if (e.message.includes(schemaChangedMessage)) {
      throw new LiteformError('LITEFORM_DB_LOCKED', `${engine.target}: the schema changed while planning; re-run`, 'another process changed the schema between reading it and applying; nothing was changed: re-run to plan against the new schema');
    }
    if (e.message.includes(historyChangedMessage)) {
      throw new LiteformError('LITEFORM_DB_LOCKED', `${engine.target}: the migration history changed while planning; re-run`, 'another process applied or reverted a version meanwhile; nothing was changed: re-run to continue from where the database is');
    }
    if (e.message.includes(guardFkMessage)) throw new LiteformError('LITEFORM_FOREIGN_KEY', `${e.message} — add the missing parents or fix the rows first`, rolledBack);
    if (e.message.includes(guardCountMessage)) throw new LiteformError('LITEFORM_DATA', `${e.message} — the unit would have lost rows (an ON DELETE action on a table the plan drops?)`, rolledBack);
    if (e.code === 'LITEFORM_SQL_ERROR' && /constraint failed|cannot store|datatype mismatch/i.test(e.message)) throw new LiteformError('LITEFORM_DATA', e.message, rolledBack);
    if (/foreign key mismatch/i.test(e.message) && !foreignKeysOff) {
      // SQLite refuses any row change on a table whose foreign key names a parent key that is not PRIMARY KEY or
      // UNIQUE, once enforcement is on; on a file liteform turns it off around the rebuild, here it cannot.
      throw new LiteformError('LITEFORM_ENGINE_UNSUPPORTED', e.message, `a foreign key references columns that are neither the PRIMARY KEY nor UNIQUE in its parent, and ${engine.target} runs with FK enforcement on; fix that foreign key first; ${rolledBack}`);
    }
    throw e;
  }
}
