/**
 * `liteform down`: reverts applied versions. The reverse is not a hand-written down file but a plan
 * computed from the live schema back to the state the directory produces before each version (renames
 * recorded in the file header are reversed, so a renamed table gets its rows back under the old name).
 */
import type Database from 'better-sqlite3';
import { readMigrationDirectory, assertSumIntact } from '../migrations/directory.js';
import { assertHistoryConsistent, compareHistory } from '../migrations/history-check.js';
import type { Migration } from '../migrations/migration-file.js';
import type { RenameHints } from '../model/schema-model.js';
import { historyTable } from '../model/internal-names.js';
import { openDatabase } from '../db/open-database.js';
import { readHistory } from '../db/history.js';
import { introspect } from '../db/introspect.js';
import { objectNames } from '../db/object-names.js';
import { planAndExecute } from '../db/execute-plan.js';
import { stateAfter, type Replay } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { copyIntoMemory } from '../db/memory-copy.js';
import { LiteformError } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { planSchemas } from './plan-database.js';
import { schemaDifferences } from './apply-database.js';
import { foldName } from '../model/normalize.js';

export interface DownOptions {
  readonly db: string;
  readonly dir: string;
  /** Revert every version after this one; default: only the last applied version. */
  readonly to?: string;
  readonly allowDestructive?: boolean;
  readonly dryRun?: boolean;
  readonly busyTimeoutMs?: number;
  /** Where the directory's replay is kept between runs (`.liteform/cache/`; src/db/replay-states.ts); none: replay every time. */
  readonly cacheDir?: string;
}

export interface Reverted {
  readonly version: string;
  readonly name: string;
  readonly plan: Plan;
}

export interface DownResult {
  readonly reverted: readonly Reverted[];
  readonly current: string | null;
}

/** Hints that undo the renames a migration performed. */
export function reverseHints(m: Migration): RenameHints {
  const tables = new Map<string, string>();
  for (const [oldName, newName] of m.header.renamedTables) tables.set(foldName(oldName), newName);
  const backTo = (t: string): string => m.header.renamedTables.find(([, n]) => foldName(n) === foldName(t))?.[0] ?? t;
  const columns = new Map<string, string>();
  for (const [table, oldCol, newCol] of m.header.renamedColumns) columns.set(foldName(`${backTo(table)}.${oldCol}`), newCol);
  return { tables, columns };
}

/**
 * Reverts versions one at a time, last first; each revert starts from the schema the previous one left.
 * A dry run walks the same way on an in-memory copy of the database (src/db/memory-copy.ts), so it
 * reports the plans — and the refusals — the real run would produce, and leaves the file untouched.
 */
export function down(o: DownOptions): DownResult {
  const directory = readMigrationDirectory(o.dir);
  assertSumIntact(directory);
  const replay = replayWithCache(directory.migrations, replayCacheIn(o.cacheDir));
  // Not opened read-only even for a dry run: a read-only connection cannot open a WAL database whose
  // -wal/-shm are absent. The dry run only reads the file (to copy it); it writes to the copy.
  const file = openDatabase(o.db, { busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
  try {
    const db = o.dryRun ? copyIntoMemory(file) : file;
    try {
      return revert(db, directory.migrations, replay, o);
    } finally {
      if (db !== file) db.close();
    }
  } finally {
    file.close();
  }
}

function revert(db: Database.Database, migrations: readonly Migration[], replay: Replay, o: DownOptions): DownResult {
  const state = compareHistory(readHistory(db), migrations);
  assertHistoryConsistent(state);
  const applied = state.applied;
  if (applied.length === 0) return { reverted: [], current: null };
  const keep = o.to === undefined ? applied.length - 1 : applied.filter((m) => Number(m.version) <= Number(o.to)).length;
  if (o.to !== undefined && !migrations.some((m) => Number(m.version) === Number(o.to)) && Number(o.to) !== 0) {
    throw new LiteformError('LITEFORM_USAGE', `--to ${o.to}: no such version`, `applied versions: ${applied.map((m) => m.version).join(', ')}`);
  }
  const reverted: Reverted[] = [];
  for (;;) {
    // History is read and the reverse planned under the write lock: a concurrent `down` or `apply`
    // that committed first is seen, never reverted twice or planned against a stale schema.
    const picked: Reverted[] = [];
    const { result } = planAndExecute(db, (d) => {
      const now = compareHistory(readHistory(d), migrations);
      assertHistoryConsistent(now);
      const k = now.applied.length;
      if (k <= keep) return null;
      const m = now.applied[k - 1]!;
      const live = introspect(d);
      const drift = schemaDifferences(live, stateAfter(replay, k));
      if (drift.length > 0) throw new LiteformError('LITEFORM_DRIFT', `cannot revert ${m.file}: the live schema differs from the state after it:\n${drift.map((x) => `  - ${x}`).join('\n')}`, 'inspect with `liteform status`; nothing was reverted');
      const { plan } = planSchemas(live, { model: stateAfter(replay, k - 1), hints: reverseHints(m), source: `${m.file} (reverse)` }, objectNames(d));
      picked.push({ version: m.version, name: m.name, plan });
      return plan;
    }, {
      allowDestructive: o.allowDestructive ?? false,
      verify: (d) => schemaDifferences(introspect(d), stateAfter(replay, compareHistory(readHistory(d), migrations).applied.length - 1)),
      finalize: (d) => void d.prepare(`DELETE FROM "${historyTable}" WHERE version = ?`).run(picked.at(-1)!.version),
    });
    if (result === null) break;
    reverted.push(picked.at(-1)!);
  }
  return { reverted, current: applied[keep - 1]?.version ?? null };
}
