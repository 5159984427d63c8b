/** status / history / check: where a database and a migrations directory stand, and whether they agree with the desired state. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationDirectory, sumIssuesOf, sumProblems, versionConflicts } from '../migrations/directory.js';
import { sumFileName, rebaseHint } from '../migrations/sum-file.js';
import { fileNamePattern } from '../migrations/migration-file.js';
import type { ErrorCode } from '../errors.js';
import type { BaseMigrations } from '../vcs/base-migrations.js';
import { compareHistory } from '../migrations/history-check.js';
import type { Migration } from '../migrations/migration-file.js';
import { openDatabase } from '../db/open-database.js';
import { readHistory, type HistoryRow } from '../db/history.js';
import { introspect } from '../db/introspect.js';
import { stateAfter, type ReplayCache } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { loadDesiredWithCache } from './desired-with-cache.js';
import type { SchemaFileWarning } from '../plan/plan.js';
import type { SchemaModel } from '../model/schema-model.js';
import { schemaDifferences } from './apply-database.js';
import { describeChange } from './describe-change.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { changedObjects } from '../diff/changed-objects.js';
import { foldName } from '../model/normalize.js';
import { noRenames } from '../model/schema-model.js';
import { objectLines } from '../schema-file/object-lines.js';

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

export function status(o: { db: string; dir: string; busyTimeoutMs?: number; cacheDir?: string }): StatusResult {
  return statusOf(fileProvider(o.db, o.busyTimeoutMs), o.dir, o.cacheDir);
}

/** The directory's replay is kept in `cacheDir` (`.liteform/cache/`; src/db/replay-states.ts); none: replay every time. */
export function statusOf(provider: LiveProvider, dir: string, cacheDir?: string): StatusResult {
  const directory = readMigrationDirectory(dir, { mustExist: false });
  return provider((live) => statusOfLive(live, directory, replayCacheIn(cacheDir)));
}

function statusOfLive(live: LiveDatabase, directory: ReturnType<typeof readMigrationDirectory>, cache: ReplayCache | null): StatusResult {
  const history = live.history;
  const state = compareHistory(history, directory.migrations);
  const problems = [...sumProblems(directory), ...state.problems.map((p) => p.message)];
  let drift: string[] = [];
  if (state.problems.length === 0) {
    const replay = replayWithCache(directory.migrations, cache);
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

/** One thing check found, with where it is (a path and a 1-based line) when it is in a file. */
export interface CheckIssue {
  readonly kind: 'sum' | 'version-conflict' | 'edited-base' | 'uncovered' | 'history' | 'drift';
  readonly code: ErrorCode;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export interface CheckResult {
  /** One line per problem; empty when everything agrees. */
  readonly problems: readonly string[];
  /** The same problems as data, each with its file and line when it has one. */
  readonly issues: readonly CheckIssue[];
  readonly checkedDatabase: boolean;
  /** What the desired-state file holds that SQLite accepts but cannot work (never a problem: exit code unchanged). */
  readonly warnings: readonly SchemaFileWarning[];
}

/**
 * The CI gate: the sum is intact, applied files are unchanged, the database is not ahead, the live
 * schema equals what the directory produces, and the desired state has no change no migration covers.
 * With a base (the pull request's target), also: this branch's new files come after the base's last one.
 */
export function check(o: { db: string | null; dir: string; schema: string | null; busyTimeoutMs?: number; base?: BaseMigrations | null; cacheDir?: string }): CheckResult {
  return checkOf(o.db === null || !existsSync(o.db) ? null : fileProvider(o.db, o.busyTimeoutMs), o);
}

const result = (issues: CheckIssue[], checkedDatabase: boolean, warnings: SchemaFileWarning[]): CheckResult => ({ problems: issues.map((i) => i.message), issues, checkedDatabase, warnings });

/** check with the live database from `provider` (null: no database to check). */
export function checkOf(provider: LiveProvider | null, o: { dir: string; schema: string | null; base?: BaseMigrations | null; cacheDir?: string }): CheckResult {
  // Two files with one version cannot be replayed in any order that means something: report them and stop.
  const conflicts = versionConflicts(o.dir);
  if (conflicts.length > 0) {
    return result(conflicts.map((c) => ({
      kind: 'version-conflict', code: 'LITEFORM_VERSION_CONFLICT', file: join(o.dir, c.files[1]!), line: 1,
      message: `version ${c.version} is used by both ${c.files.join(' and ')}: two branches added the same version — ${rebaseHint}`,
    })), false, []);
  }
  const directory = readMigrationDirectory(o.dir, { mustExist: false });
  const issues: CheckIssue[] = sumIssuesOf(directory).map((i) => ({
    kind: 'sum', code: 'LITEFORM_SUM_MISMATCH', message: i.message,
    ...(i.sumLine !== null ? { file: join(o.dir, sumFileName), line: i.sumLine } : i.file !== null ? { file: join(o.dir, i.file), line: 1 } : {}),
  }));
  if (o.base) issues.push(...baseIssues(directory.migrations, o.dir, o.base));
  const cache = replayCacheIn(o.cacheDir);
  const replay = replayWithCache(directory.migrations, cache);
  const final = stateAfter(replay, directory.migrations.length);
  const warnings: SchemaFileWarning[] = [];
  if (o.schema !== null) {
    const desired = loadDesiredWithCache(o.schema, cache);
    warnings.push(...(desired.warnings ?? []).map((w) => ({ level: 'schema' as const, ...w })));
    const uncovered = diffSchemas(final, desired.model, noRenames);
    // Each on the line that defines its object (a dropped object is no longer there: the file's first line).
    const lines = uncovered.length > 0 ? objectLines(o.schema) : new Map<string, number>();
    for (const u of uncovered) {
      const line = changedObjects(u).map((n) => lines.get(foldName(n))).find((l) => l !== undefined) ?? 1;
      issues.push({ kind: 'uncovered', code: 'LITEFORM_DRIFT', file: o.schema, line, message: `desired state has a change no migration covers: ${describeChange(u)} — run \`liteform plan\`` });
    }
  }
  provider?.((live) => {
    const state = compareHistory(live.history, directory.migrations);
    issues.push(...state.problems.map((p): CheckIssue => ({ kind: 'history', code: p.code, message: p.message, ...(p.file !== undefined ? { file: join(o.dir, p.file), line: 1 } : {}) })));
    if (state.problems.length === 0) {
      for (const d of schemaDifferences(live.model(), stateAfter(replay, state.applied.length))) issues.push({ kind: 'drift', code: 'LITEFORM_DRIFT', message: `database drifted from its migration history: ${d}` });
    }
  });
  return result(issues, provider !== null, warnings);
}

/** This branch's files against the base's: new files numbered after the base's last, base files unedited. */
function baseIssues(migrations: readonly Migration[], dir: string, base: BaseMigrations): CheckIssue[] {
  const baseNames = [...base.files.keys()].filter((f) => fileNamePattern.test(f)).sort((a, b) => versionOf(a) - versionOf(b) || a.localeCompare(b));
  const last = baseNames.at(-1);
  const out: CheckIssue[] = [];
  for (const m of migrations) {
    const theirs = base.files.get(m.file);
    if (theirs !== undefined) {
      if (theirs !== m.content) out.push({ kind: 'edited-base', code: 'LITEFORM_CHECKSUM_MISMATCH', file: join(dir, m.file), line: 1, message: `${m.file} differs from its copy on ${base.label} — a migration already merged there must not change; restore it and make the change in a new file` });
    } else if (last !== undefined && Number(m.version) <= versionOf(last)) {
      out.push({ kind: 'version-conflict', code: 'LITEFORM_VERSION_CONFLICT', file: join(dir, m.file), line: 1, message: `${m.file} is new on this branch but not numbered after ${base.label}'s last migration ${last}: two branches added version ${m.version} — ${rebaseHint}` });
    }
  }
  return out;
}

const versionOf = (file: string): number => Number(fileNamePattern.exec(file)?.[1] ?? '0');

export { fileInfo };
