/** status / history / check: where a database and a migrations directory stand, and whether they agree with the desired state. */
import { existsSync } from 'node:fs';
import { readMigrationDirectory, sumProblems } from '../migrations/directory.js';
import { compareHistory } from '../migrations/history-check.js';
import type { Migration } from '../migrations/migration-file.js';
import { openDatabase } from '../db/open-database.js';
import { readHistory, type HistoryRow } from '../db/history.js';
import { introspect } from '../db/introspect.js';
import { replayMigrations, stateAfter } from '../db/replay.js';
import { loadDesired } from '../schema-file/load-desired.js';
import type { SchemaFileWarning } from '../plan/plan.js';
import type { SchemaModel } from '../model/schema-model.js';
import { schemaDifferences } from './apply-database.js';

export interface StatusResult {
  readonly current: string | null;
  readonly applied: readonly HistoryRow[];
  readonly pending: readonly { readonly version: string; readonly name: string; readonly file: string }[];
  /** Problems with history vs directory (checksums, ahead, gaps) and the sum file. */
  readonly problems: readonly string[];
  /** How the live schema differs from what the applied history says it should be; empty when it matches. */
  readonly drift: readonly string[];
}

const fileInfo = (m: Migration): { version: string; name: string; file: string } => ({ version: m.version, name: m.name, file: m.file });

/** What status and check read from a live database: its history, and its schema (read only when needed). */
export interface LiveDatabase {
  readonly history: readonly HistoryRow[];
  readonly model: () => SchemaModel;
}

/** Opens the live database when called (after the directory is read, so its errors come first), runs `use`, closes it. */
export type LiveProvider = <T>(use: (live: LiveDatabase) => T) => T;

function fileProvider(path: string, busyTimeoutMs: number | undefined): LiveProvider {
  return (use) => {
    const db = openDatabase(path, { readonly: true, busyTimeoutMs: busyTimeoutMs ?? 5000 });
    try {
      return use({ history: readHistory(db), model: () => introspect(db) });
    } finally {
      db.close();
    }
  };
}

export function status(o: { db: string; dir: string; busyTimeoutMs?: number }): StatusResult {
  return statusOf(fileProvider(o.db, o.busyTimeoutMs), o.dir);
}

export function statusOf(provider: LiveProvider, dir: string): StatusResult {
  const directory = readMigrationDirectory(dir, { mustExist: false });
  return provider((live) => statusOfLive(live, directory));
}

function statusOfLive(live: LiveDatabase, directory: ReturnType<typeof readMigrationDirectory>): StatusResult {
  const history = live.history;
  const state = compareHistory(history, directory.migrations);
  const problems = [...sumProblems(directory), ...state.problems.map((p) => p.message)];
  let drift: string[] = [];
  if (state.problems.length === 0) {
    const replay = replayMigrations(directory.migrations);
    drift = schemaDifferences(live.model(), stateAfter(replay, state.applied.length));
  }
  return { current: history.at(-1)?.version ?? null, applied: history, pending: state.pending.map(fileInfo), problems, drift };
}

export function history(o: { db: string; busyTimeoutMs?: number }): HistoryRow[] {
  const db = openDatabase(o.db, { readonly: true, busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
  try {
    return readHistory(db);
  } finally {
    db.close();
  }
}

export interface CheckResult {
  /** One line per problem; empty when everything agrees. */
  readonly problems: readonly string[];
  readonly checkedDatabase: boolean;
  /** What the desired-state file holds that SQLite accepts but cannot work (never a problem: exit code unchanged). */
  readonly warnings: readonly SchemaFileWarning[];
}

/**
 * The CI gate: the sum is intact, applied files are unchanged, the database is not ahead, the live
 * schema equals what the directory produces, and the desired state has no change no migration covers.
 */
export function check(o: { db: string | null; dir: string; schema: string | null; busyTimeoutMs?: number }): CheckResult {
  return checkOf(o.db === null || !existsSync(o.db) ? null : fileProvider(o.db, o.busyTimeoutMs), o);
}

/** check with the live database from `provider` (null: no database to check). */
export function checkOf(provider: LiveProvider | null, o: { dir: string; schema: string | null }): CheckResult {
  const directory = readMigrationDirectory(o.dir, { mustExist: false });
  const problems: string[] = [...sumProblems(directory)];
  const replay = replayMigrations(directory.migrations);
  const final = stateAfter(replay, directory.migrations.length);
  const warnings: SchemaFileWarning[] = [];
  if (o.schema !== null) {
    const desired = loadDesired(o.schema);
    warnings.push(...(desired.warnings ?? []).map((w) => ({ level: 'schema' as const, ...w })));
    const uncovered = schemaDifferences(final, desired.model);
    for (const u of uncovered) problems.push(`desired state has a change no migration covers: ${u} — run \`liteform plan\``);
  }
  provider?.((live) => {
    const state = compareHistory(live.history, directory.migrations);
    problems.push(...state.problems.map((p) => p.message));
    if (state.problems.length === 0) {
      for (const d of schemaDifferences(live.model(), stateAfter(replay, state.applied.length))) problems.push(`database drifted from its migration history: ${d}`);
    }
  });
  return { problems, checkedDatabase: provider !== null, warnings };
}

export { fileInfo };
