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

export function status(o: { db: string; dir: string; busyTimeoutMs?: number }): StatusResult {
  const directory = readMigrationDirectory(o.dir, { mustExist: false });
  const db = openDatabase(o.db, { readonly: true, busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
  try {
    const history = readHistory(db);
    const state = compareHistory(history, directory.migrations);
    const problems = [...sumProblems(directory), ...state.problems.map((p) => p.message)];
    let drift: string[] = [];
    if (state.problems.length === 0) {
      const replay = replayMigrations(directory.migrations);
      drift = schemaDifferences(introspect(db), stateAfter(replay, state.applied.length));
    }
    return { current: history.at(-1)?.version ?? null, applied: history, pending: state.pending.map(fileInfo), problems, drift };
  } finally {
    db.close();
  }
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
  let checkedDatabase = false;
  if (o.db !== null && existsSync(o.db)) {
    checkedDatabase = true;
    const db = openDatabase(o.db, { readonly: true, busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
    try {
      const state = compareHistory(readHistory(db), directory.migrations);
      problems.push(...state.problems.map((p) => p.message));
      if (state.problems.length === 0) {
        for (const d of schemaDifferences(introspect(db), stateAfter(replay, state.applied.length))) problems.push(`database drifted from its migration history: ${d}`);
      }
    } finally {
      db.close();
    }
  }
  return { problems, checkedDatabase, warnings };
}

export { fileInfo };
