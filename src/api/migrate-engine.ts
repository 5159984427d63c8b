/**
 * Versioned `apply --dir migrations` on an engine URL (libSQL / Turso, D1). Each pending file is ONE atomic
 * unit: a schema check (optimistic concurrency: the unit aborts when the schema changed since it was read),
 * the file's statements, the guard (row counts + foreign_key_check) when the file drops or rebuilds tables,
 * and its history row. FK enforcement is turned off around the unit only where the engine can
 * (capabilities.foreignKeysOffAroundUnit); elsewhere `defer_foreign_keys` and the guard abort a file whose
 * DROP TABLE would fire ON DELETE actions on a child. The same refusals as for a file: a broken sum, an
 * applied file edited, a database ahead of the directory.
 */
import type { Engine } from '../db/engines/engine.js';
import { introspectEngineWith } from '../db/engines/introspect-query.js';
import { checkStatementSizes, schemaCheckStatements, schemaFingerprintSql } from '../db/engines/plan-unit.js';
import { isWranglerFile } from '../db/engines/wrangler-d1.js';
import { guardClose, guardCountMessage, guardOpen, reachableTables } from '../db/engines/safe-rebuild.js';
import type { AppliedFile, ApplyMigrationsResult } from '../db/apply-migrations.js';
import { sealedStatements, stateAfter, type Replay } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { LiteformError, isLiteformError } from '../errors.js';
import { assertSumIntact, readMigrationDirectory } from '../migrations/directory.js';
import { droppedParents } from '../migrations/dropped-parents.js';
import { assertHistoryConsistent, compareHistory } from '../migrations/history-check.js';
import type { Migration } from '../migrations/migration-file.js';
import { foldName } from '../model/normalize.js';
import { noRenames, type SchemaModel } from '../model/schema-model.js';
import { appliedBy } from './apply-database.js';
import { describeChange } from './describe-change.js';
import { backupEngine, type EngineBackupOptions } from './engine-restore.js';
import { readEngineHistoryStore, recordStatements, type EngineHistory } from './engine-history.js';
import { runUnitMapped, withEngine, type EngineConnection } from './engine-target.js';
import { isLegacyAlterPragma } from '../plan/legacy-alter.js';

export interface MigrateEngineOptions {
  readonly dir: string;
  readonly to?: string;
  readonly dryRun?: boolean;
  readonly onFile?: (m: Migration) => void;
  /** Where the directory's replay is kept between runs (`.liteform/cache/`); none: replayed every time. */
  readonly cacheDir?: string;
  /** A backup (the database as SQL, src/api/engine-restore.ts) before the first pending file; null or absent: none. */
  readonly backup?: EngineBackupOptions | null;
}

export async function migrateTarget(o: MigrateEngineOptions & EngineConnection & { readonly db: string }): Promise<ApplyMigrationsResult> {
  return withEngine(o.db, o, (engine) => migrateEngine(engine, o));
}

const within = (m: Migration, to: string | undefined): boolean => to === undefined || Number(m.version) <= Number(to);

export async function migrateEngine(engine: Engine, o: MigrateEngineOptions): Promise<ApplyMigrationsResult> {
  const directory = readMigrationDirectory(o.dir);
  assertSumIntact(directory);
  const all = directory.migrations;
  if (o.to !== undefined && !all.some((m) => Number(m.version) === Number(o.to))) {
    throw new LiteformError('LITEFORM_USAGE', `--to ${o.to}: no such version in ${directory.dir}`, `known versions: ${all.map((m) => m.version).join(', ') || '(none)'}`);
  }
  // The directory's states, replayed (or read from the cache) only when a file is pending.
  let replayed: Replay | null = null;
  const replay = (): Replay => (replayed ??= replayWithCache(all, replayCacheIn(o.cacheDir)));
  const store = await readEngineHistoryStore(engine, all);
  const first = compareHistory(store.rows, all);
  assertHistoryConsistent(first);
  const from = first.applied.at(-1)?.version ?? null;
  const wanted = first.pending.filter((m) => within(m, o.to));
  if (o.dryRun) return { status: 'dry-run', from, to: wanted.at(-1)?.version ?? from, applied: [], pending: wanted, backup: null };
  const backup = o.backup && wanted.length > 0 ? await backupEngine(engine, o.backup, wanted[0]!.version) : null;
  const applied: AppliedFile[] = [];
  for (const m of wanted) {
    o.onFile?.(m);
    applied.push(await applyFile(engine, m, all.indexOf(m), replay(), store));
  }
  const to = applied.at(-1)?.version ?? from;
  return { status: applied.length > 0 ? 'migrated' : 'up-to-date', from, to, applied, pending: [], backup };
}

async function applyFile(engine: Engine, m: Migration, index: number, replay: Replay, store: EngineHistory): Promise<AppliedFile> {
  const started = performance.now();
  const caps = engine.capabilities;
  const before = stateAfter(replay, index);
  const after = stateAfter(replay, index + 1);
  const { model: live, extra } = await introspectEngineWith(engine, schemaFingerprintSql(caps.reservedPrefix));
  // No verification can run inside a remote unit: the schema is checked against the history before it instead.
  const drift = diffSchemas(live, before, noRenames).map(describeChange);
  if (drift.length > 0) {
    throw new LiteformError('LITEFORM_VERIFY', `${m.file}: the live schema differs from the schema the directory produces before ${m.version}:\n${drift.map((d) => `  - ${d}`).join('\n')}`, 'the database drifted from its history: compare with `liteform status`; nothing from this file was applied');
  }
  const sealed = sealedStatements(m);
  const statements = sealed.map((s) => s.sql).filter((s) => !/^\s*PRAGMA\s+foreign_key_check\b/i.test(s) && (caps.legacyAlterTable || !isLegacyAlterPragma(s)));
  const parents = droppedParents(sealed, before).map((p) => p.table);
  // A file written for wrangler carries its own FK-safe rebuild and guard (src/db/engines/wrangler-d1.ts).
  const needsGuard = !isWranglerFile(m.content) && (m.header.foreignKeysOff || parents.length > 0 || dropsTables(before, after));
  const counted = countedTables(before, after, parents);
  const fkOff = needsGuard && caps.foreignKeysOffAroundUnit;
  const body = !needsGuard ? statements
    : fkOff ? [...guardOpen(counted), ...statements, ...guardClose(counted)]
      : ['PRAGMA defer_foreign_keys = ON', ...guardOpen(counted), ...statements, ...guardClose(counted)];
  const durationMs = Math.round(performance.now() - started);
  const unit = [
    ...schemaCheckStatements(String(extra), caps.reservedPrefix),
    ...body,
    ...recordStatements(store, m, { applied_at: new Date().toISOString(), applied_by: appliedBy(), duration_ms: durationMs, statements: statements.length }),
  ];
  checkStatementSizes(unit, caps, `${engine.target} ${m.file}`);
  try {
    await runUnitMapped(engine, unit, fkOff);
  } catch (e) {
    if (!isLiteformError(e)) throw e;
    if (/UNIQUE constraint failed: (_liteform_migrations\.version|d1_migrations\.name)/i.test(e.message)) {
      throw new LiteformError('LITEFORM_DB_LOCKED', `${engine.target}: another process applied ${m.file} meanwhile; re-run`, 'nothing from this run was applied twice: re-run to continue from where the database is');
    }
    const lost = e.message.includes(guardCountMessage) && !caps.foreignKeysOffAroundUnit
      ? ' (this engine cannot turn FK enforcement off: a DROP TABLE in the file fired ON DELETE actions on a child table)' : '';
    throw new LiteformError(e.code, `${m.file}: ${e.message}${lost}`, `${e.hint ?? ''}${e.hint ? '; ' : ''}nothing from this file was applied`);
  }
  return { version: m.version, name: m.name, checksum: m.checksum, statements: statements.length, durationMs: Math.round(performance.now() - started) };
}

function dropsTables(before: SchemaModel, after: SchemaModel): boolean {
  const now = new Set(after.tables.map((t) => foldName(t.name)));
  return before.tables.some((t) => !now.has(foldName(t.name)));
}

/**
 * Tables whose row counts must not change: the parents the file drops (and re-creates) and every table an
 * ON DELETE action can reach from them, when present before and after under the same name. Other tables are
 * left out: a file may change their rows on purpose.
 */
function countedTables(before: SchemaModel, after: SchemaModel, parents: readonly string[]): string[] {
  const now = new Set(after.tables.map((t) => foldName(t.name)));
  const names = new Set<string>();
  for (const p of parents) {
    names.add(foldName(p));
    for (const r of reachableTables(before, p)) names.add(foldName(r.name));
  }
  return before.tables.filter((t) => names.has(foldName(t.name)) && now.has(foldName(t.name))).map((t) => t.name);
}
