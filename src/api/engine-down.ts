/**
 * `liteform down` and `liteform baseline` on an engine URL (libSQL / Turso, D1). The same rules as for a file
 * (src/api/down.ts, baseline.ts): the reverse of a version is a plan from the live schema back to the state the
 * directory produces before it, refused when the live schema drifted. Each revert (each baseline) is ONE atomic
 * unit: a schema check and a history check (optimistic concurrency: no lock spans round trips on these engines,
 * so the unit aborts when another process changed the schema or the history since it was read), the plan's
 * statements as plan-unit.ts builds them from the engine's capabilities (FK-safe where enforcement cannot be
 * turned off), and the history change.
 */
import type { Engine } from '../db/engines/engine.js';
import { introspectEngineWith } from '../db/engines/introspect-query.js';
import { checkStatementSizes, historyCheckStatements, planUnitStatements, schemaCheckStatements, schemaFingerprintSql } from '../db/engines/plan-unit.js';
import { replayMigrations, stateAfter } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { LiteformError } from '../errors.js';
import { assertSumIntact, readMigrationDirectory } from '../migrations/directory.js';
import { assertHistoryConsistent, compareHistory } from '../migrations/history-check.js';
import type { SchemaModel } from '../model/schema-model.js';
import { appliedBy, schemaDifferences } from './apply-database.js';
import type { BaselineResult } from './baseline.js';
import { down, reverseHints, type DownOptions, type DownResult, type Reverted } from './down.js';
import { baseline } from './baseline.js';
import { readEngineHistory } from './engine-read.js';
import { forgetStatements, newestEntry, newestEntrySql, readEngineHistoryStore, recordStatements, type EngineHistory } from './engine-history.js';
import { isEngineTarget, refuseDestructive, runUnitMapped, withEngine, type EngineConnection } from './engine-target.js';
import { planSchemas } from './plan-database.js';

/** down on any target. */
export async function downTarget(o: DownOptions & EngineConnection): Promise<DownResult> {
  if (!isEngineTarget(o.db)) return down(o);
  return withEngine(o.db, o, (engine) => downEngine(engine, o));
}

/** down on an engine already open (the library form; the caller closes it). */
export async function downEngine(engine: Engine, o: Omit<DownOptions, 'db' | 'busyTimeoutMs'>): Promise<DownResult> {
  const directory = readMigrationDirectory(o.dir);
  assertSumIntact(directory);
  const migrations = directory.migrations;
  const replay = replayWithCache(migrations, replayCacheIn(o.cacheDir));
  const first = compareHistory(await readEngineHistory(engine, migrations), migrations);
  assertHistoryConsistent(first);
  const applied = first.applied;
  if (applied.length === 0) return { reverted: [], current: null };
  if (o.to !== undefined && !migrations.some((m) => Number(m.version) === Number(o.to)) && Number(o.to) !== 0) {
    throw new LiteformError('LITEFORM_USAGE', `--to ${o.to}: no such version`, `applied versions: ${applied.map((m) => m.version).join(', ')}`);
  }
  const keep = o.to === undefined ? applied.length - 1 : applied.filter((m) => Number(m.version) <= Number(o.to)).length;
  const caps = engine.capabilities;
  const reverted: Reverted[] = [];
  // A dry run reads the database once and walks the states the directory gives (each revert reaches exactly
  // the state before its version); a real run re-reads history and schema before each revert.
  let assumed: SchemaModel | null = null;
  for (let k = applied.length; k > keep; k--) {
    const m = applied[k - 1]!;
    let live: SchemaModel;
    let fingerprint = '';
    let store: EngineHistory | null = null;
    if (o.dryRun && assumed !== null) live = assumed;
    else {
      store = await readEngineHistoryStore(engine, migrations);
      const now = compareHistory(store.rows, migrations);
      assertHistoryConsistent(now);
      if (now.applied.length !== k) {
        throw new LiteformError('LITEFORM_DB_LOCKED', `${engine.target}: the migration history changed while reverting; re-run`, 'another process applied or reverted a version meanwhile');
      }
      const read = await introspectEngineWith(engine, schemaFingerprintSql(caps.reservedPrefix));
      live = read.model;
      fingerprint = String(read.extra);
    }
    const drift = schemaDifferences(live, stateAfter(replay, k));
    if (drift.length > 0) throw new LiteformError('LITEFORM_DRIFT', `cannot revert ${m.file}: the live schema differs from the state after it:\n${drift.map((x) => `  - ${x}`).join('\n')}`, 'inspect with `liteform status`; nothing was reverted');
    const target = stateAfter(replay, k - 1);
    const { plan } = planSchemas(live, { model: target, hints: reverseHints(m), source: `${m.file} (reverse)` });
    refuseDestructive(plan, o.allowDestructive ?? false);
    reverted.push({ version: m.version, name: m.name, plan });
    assumed = target;
    if (o.dryRun || store === null) continue;
    const unit = planUnitStatements(plan, live, target, caps);
    const statements = [
      ...schemaCheckStatements(fingerprint, caps.reservedPrefix),
      ...historyCheckStatements(newestEntrySql(store), newestEntry(store, m)),
      ...unit.statements,
      ...forgetStatements(store, m),
    ];
    checkStatementSizes(statements, caps, `${engine.target} (revert ${m.file})`);
    await runUnitMapped(engine, statements, unit.foreignKeysOff);
  }
  return { reverted, current: applied[keep - 1]?.version ?? null };
}

/** baseline on any target. */
export async function baselineTarget(o: { db: string; dir: string; version: string; busyTimeoutMs?: number } & EngineConnection): Promise<BaselineResult> {
  if (!isEngineTarget(o.db)) return baseline(o);
  return withEngine(o.db, o, (engine) => baselineEngine(engine, o));
}

/** baseline on an engine already open: the history rows up to VERSION written in one unit, after the schema is checked. */
export async function baselineEngine(engine: Engine, o: { dir: string; version: string }): Promise<BaselineResult> {
  const directory = readMigrationDirectory(o.dir);
  assertSumIntact(directory);
  const index = directory.migrations.findIndex((m) => Number(m.version) === Number(o.version));
  if (index < 0) throw new LiteformError('LITEFORM_USAGE', `baseline ${o.version}: no such version in ${o.dir}`, `known versions: ${directory.migrations.map((m) => m.version).join(', ') || '(none)'}`);
  const replay = replayMigrations(directory.migrations);
  const caps = engine.capabilities;
  const store = await readEngineHistoryStore(engine, directory.migrations);
  const state = compareHistory(store.rows, directory.migrations);
  assertHistoryConsistent(state);
  const { model, extra } = await introspectEngineWith(engine, schemaFingerprintSql(caps.reservedPrefix));
  const differences = schemaDifferences(model, stateAfter(replay, index + 1));
  if (differences.length > 0) {
    throw new LiteformError('LITEFORM_DRIFT', `the database schema is not the one ${directory.migrations[index]!.file} leaves:\n${differences.map((d) => `  - ${d}`).join('\n')}`, 'baseline at the version that matches, or bring the database in line first');
  }
  const done = new Set(state.applied.map((m) => m.version));
  const todo = directory.migrations.slice(0, index + 1).filter((m) => !done.has(m.version));
  if (todo.length === 0) return { version: directory.migrations[index]!.version, recorded: [] };
  // The history table's CREATE (liteform's store) is the first statement of the first row only.
  const rows = todo.flatMap((m, i) => recordStatements(store, m, { applied_at: new Date().toISOString(), applied_by: `baseline by ${appliedBy()}`, duration_ms: 0, statements: 0 }).slice(i === 0 || store.store === 'wrangler' ? 0 : 1));
  const statements = [
    ...schemaCheckStatements(String(extra), caps.reservedPrefix),
    ...historyCheckStatements(newestEntrySql(store), newestEntry(store, state.applied.at(-1))),
    ...rows,
  ];
  checkStatementSizes(statements, caps, engine.target);
  await runUnitMapped(engine, statements, false);
  return { version: directory.migrations[index]!.version, recorded: todo.map((m) => m.version) };
}
