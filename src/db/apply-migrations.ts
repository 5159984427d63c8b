/**
 * Applies pending migration files. Each file runs in its own transaction, started with BEGIN
 * IMMEDIATE *before* deciding what is pending (so two processes never apply the same version); FK
 * enforcement is turned off around the transaction when the file says so; after the statements:
 * foreign_key_check and quick_check of the tables the file can have changed (src/db/file-check-scope.ts),
 * and the schema compared with the one the file's header says it produces (its stored text, else a
 * re-introspection: verifyResult), or, when that differs, with the schema the directory produces at that
 * version (the directory is replayed only then: replaying every file costs as much as planning); the
 * history row is written inside the same transaction.
 */
import type Database from 'better-sqlite3';
import { LiteformError, isLiteformError } from '../errors.js';
import type { Migration } from '../migrations/migration-file.js';
import { assertSumIntact, type MigrationDirectory } from '../migrations/directory.js';
import { assertHistoryConsistent, compareHistory } from '../migrations/history-check.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { noRenames, type SchemaModel } from '../model/schema-model.js';
import { describeChange } from '../api/describe-change.js';
import { openDatabase } from './open-database.js';
import { quoteIdent } from '../model/quote.js';
import { readHistory, recordMigration } from './history.js';
import { introspect, introspectTables, schemaTextHash } from './introspect.js';
import { foldName } from '../model/normalize.js';
import type { CopyProgress } from './chunked-copy.js';
import { replayMigrations, runMigrationStatements, sealedStatements, stateAfter, type Replay } from './replay.js';
import { droppedParents } from '../migrations/dropped-parents.js';
import { backupDatabase } from './backup.js';
import { countViolations, missingParentRows, newViolation, type MissingParentRows } from './foreign-key-check.js';
import { FileScope } from './file-check-scope.js';
import { schemaHash } from '../model/canonical.js';

export interface ApplyMigrationsOptions {
  readonly db: string;
  readonly directory: MigrationDirectory;
  /** Apply up to and including this version. */
  readonly to?: string;
  readonly dryRun?: boolean;
  /** Create the database file when it does not exist (otherwise a mistyped path is an error, not a new database). */
  readonly create?: boolean;
  /** null: no backup. */
  readonly backup?: { readonly dir: string; readonly keep: number } | null;
  readonly busyTimeoutMs?: number;
  readonly appliedBy: string;
  readonly onFile?: (m: Migration) => void;
  /** Rows copied so far by a rebuild the file's header names as liteform's own copy (src/db/chunked-copy.ts). */
  readonly onProgress?: (progress: CopyProgress) => void;
  /** The directory's replay, when the caller already has it (a fleet applies one directory to many databases). */
  readonly replay?: Replay;
}

export interface AppliedFile {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly statements: number;
  readonly durationMs: number;
  /** Foreign keys of the tables the file changed that name a missing table (the schema's own, never refused; issue 13 class 3). Local files only. */
  readonly missingParents?: readonly MissingParentRows[];
}

export interface ApplyMigrationsResult {
  readonly status: 'up-to-date' | 'migrated' | 'dry-run';
  readonly from: string | null;
  readonly to: string | null;
  readonly applied: readonly AppliedFile[];
  /** For --dry-run: the files that would run. */
  readonly pending: readonly Migration[];
  readonly backup: string | null;
}


function withinLimit(m: Migration, to: string | undefined): boolean {
  return to === undefined || Number(m.version) <= Number(to);
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export async function applyMigrations(o: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  assertSumIntact(o.directory);
  const all = o.directory.migrations;
  if (o.to !== undefined && !all.some((m) => Number(m.version) === Number(o.to))) {
    throw new LiteformError('LITEFORM_USAGE', `--to ${o.to}: no such version in ${o.directory.dir}`, `known versions: ${all.map((m) => m.version).join(', ') || '(none)'}`);
  }
  // Replayed only when needed (it checks every file it runs): an up-to-date database (the common case of
  // migrate-on-open) costs one open and one history read; the files to apply are checked below, before any runs.
  let replayed: Replay | null = o.replay ?? null;
  const replay = (): Replay => (replayed ??= replayMigrations(all));
  const db = openDatabase(o.db, { create: o.create ?? false, busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
  try {
    const first = compareHistory(readHistory(db), all);
    assertHistoryConsistent(first);
    const from = first.applied.at(-1)?.version ?? null;
    const wanted = first.pending.filter((m) => withinLimit(m, o.to));
    for (const m of first.pending) sealedStatements(m);
    if (o.dryRun) return { status: 'dry-run', from, to: wanted.at(-1)?.version ?? from, applied: [], pending: wanted, backup: null };
    if (wanted.length === 0) return { status: 'up-to-date', from, to: from, applied: [], pending: [], backup: null };
    const backup = o.backup ? await backupDatabase(db, o.db, o.backup.dir, from ?? '0000', o.backup.keep) : null;
    const applied: AppliedFile[] = [];
    for (;;) {
      const done = applyNext(db, all, replay, o, backup);
      if (done === null) break;
      applied.push(done);
    }
    // Another process may have applied files while this one waited for the lock: report where the database is now.
    const to = compareHistory(readHistory(db), all).applied.at(-1)?.version ?? null;
    return { status: applied.length > 0 ? 'migrated' : 'up-to-date', from, to, applied, pending: [], backup };
  } finally {
    db.close();
  }
}

/** Applies the next pending file under the write lock; null when there is none (another process may have applied it). */
function applyNext(db: Database.Database, all: readonly Migration[], replay: () => Replay, o: ApplyMigrationsOptions, backup: string | null): AppliedFile | null {
  // Which file is next is only known under the lock, but FK enforcement can only change outside a
  // transaction: peek first, then confirm under the lock.
  const peek = compareHistory(readHistory(db), all).pending.find((m) => withinLimit(m, o.to));
  if (!peek) return null;
  // The header's directive is a hint a person can delete; what the statements do decides.
  const statementsOfPeek = sealedStatements(peek);
  const needsFkOff = peek.header.foreignKeysOff || droppedParents(statementsOfPeek, () => stateAfter(replay(), all.indexOf(peek))).length > 0;
  const fkWasOn = (db.pragma('foreign_keys', { simple: true }) as number) === 1;
  const fkOff = needsFkOff && fkWasOn;
  if (fkOff) db.pragma('foreign_keys = OFF');
  try {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      if (isBusy(e)) throw new LiteformError('LITEFORM_DB_LOCKED', `${o.db}: database is locked by another process`, 'wait for it to finish, or raise --busy-timeout');
      throw e;
    }
    const started = performance.now();
    try {
      const state = compareHistory(readHistory(db), all);
      assertHistoryConsistent(state);
      const m = state.pending.find((x) => withinLimit(x, o.to));
      if (!m || m.version !== peek.version) {
        db.exec('ROLLBACK');
        return m ? applyNext(db, all, replay, o, backup) : null;
      }
      o.onFile?.(m);
      // With enforcement on, SQLite itself refuses violating statements; the check matters when it was off.
      const scope = new FileScope(statementsOfPeek);
      const drift = driftInScope(db, m, scope, () => stateAfter(replay(), all.indexOf(m)));
      if (drift.length > 0) {
        throw new LiteformError('LITEFORM_DRIFT', `${m.file}: the database differs from the schema this file was written for, in tables the file changes:\n${drift.map((d) => `  - ${d}`).join('\n')}`,
          'running it could lose what differs (a rebuild keeps only the columns the file knows of): bring the database back to the directory\'s schema (`liteform status` shows the drift), or put the difference in the desired state and plan again; nothing from this file was applied');
      }
      const before = needsFkOff ? countViolations(db, scope.foreignKeyScope(db)) : null;
      const checkForeignKeys = (): void => {
        if (before === null) return;
        const problem = newViolation(db, before, scope.foreignKeyScope(db));
        if (problem !== null) throw new LiteformError('LITEFORM_FOREIGN_KEY', `${m.file}: ${problem}`, 'fix the rows or the migration; nothing from this file was applied');
      };
      // Transaction control and anything reaching another file were refused before the lock (sealedStatements).
      const statements = runMigrationStatements(db, m, {
        onStatement: (sql) => {
          if (!/^PRAGMA\s+foreign_key_check\b/i.test(sql.trim())) return false;
          checkForeignKeys();
          return true;
        },
        chunkCopies: o.onProgress ? { onProgress: o.onProgress } : {},
      });
      checkForeignKeys();
      const changed = scope.changedTables(db);
      for (const table of changed) {
        const quick = db.prepare(`PRAGMA quick_check(${quoteIdent(table)})`).pluck().all() as string[];
        if (quick.length !== 1 || quick[0] !== 'ok') throw new LiteformError('LITEFORM_VERIFY', `${m.file}: quick_check of ${table} failed after applying: ${quick.slice(0, 5).join('; ')}`, 'nothing from this file was applied');
      }
      const differences = verifyResult(db, m, () => stateAfter(replay(), all.indexOf(m) + 1));
      if (differences.length > 0) {
        throw new LiteformError('LITEFORM_VERIFY', `${m.file}: after applying, the live schema differs from the schema the directory produces at ${m.version}:\n${differences.map((d) => `  - ${d}`).join('\n')}`, 'the database had drifted before this file ran: compare with `liteform status`; nothing from this file was applied');
      }
      const durationMs = Math.round(performance.now() - started);
      recordMigration(db, { version: m.version, name: m.name, checksum: m.checksum, applied_at: new Date().toISOString(), applied_by: o.appliedBy, duration_ms: durationMs, statements });
      const missingParents = missingParentRows(db, changed);
      db.exec('COMMIT');
      return { version: m.version, name: m.name, checksum: m.checksum, statements, durationMs, missingParents };
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (isLiteformError(e) && backup) throw new LiteformError(e.code, e.message, `${e.hint ?? ''}${e.hint ? '; ' : ''}a backup from before this run is at ${backup}`);
      if (!isLiteformError(e) && /constraint failed|cannot store/i.test((e as Error).message)) {
        throw new LiteformError('LITEFORM_DATA', `${peek.file}: ${(e as Error).message}`, 'existing rows break this migration; nothing from this file was applied');
      }
      throw e;
    }
  } finally {
    if (fkOff) db.pragma('foreign_keys = ON');
  }
}

/**
 * How the tables `m` changes differ, before it runs, from what the directory holds before it (empty when
 * they do not): a table that drifted (say, a column added by hand) would lose what differs when the file
 * rebuilds it, and the check after the file cannot see that (the rebuilt table is as the directory says).
 * The header's stored-schema hash first: a database holding exactly the schema the file was written for
 * has not drifted, and nothing is introspected. Otherwise those tables are read and compared with the
 * replayed directory. Drift elsewhere is left to `liteform status` / `check`: the file does not touch it.
 */
function driftInScope(db: Database.Database, m: Migration, scope: FileScope, replayed: () => SchemaModel): string[] {
  if (m.header.schemaTextBefore !== null && schemaTextHash(db) === m.header.schemaTextBefore) return [];
  const tables = scope.changedTables(db);
  if (tables.length === 0) return [];
  const names = new Set(tables.map(foldName));
  const only = (model: SchemaModel): SchemaModel => ({ tables: model.tables.filter((t) => names.has(foldName(t.name))), views: [], triggers: [], virtualTables: [] });
  return diffSchemas(only(introspectTables(db, tables)), only(replayed()), noRenames).map(describeChange);
}

/**
 * How the live schema after `m` differs from the schema the file must produce (empty when it does not).
 * The header's hashes are what the file was generated to produce. The stored schema text first: equal
 * to the one the directory's replay left, the schema is the same one (a schema is its stored text), and
 * nothing is introspected; it differs for a hand-edited file, a drifted database, or one whose objects
 * were created with other text (an adopted one). Then the model's hash, which needs the whole schema
 * introspected; a hand-edited file, or one without the hashes, is compared with the replayed directory
 * (which a matching hash makes unnecessary).
 */
function verifyResult(db: Database.Database, m: Migration, replayed: () => SchemaModel): string[] {
  if (m.header.schemaTextAfter !== null && schemaTextHash(db) === m.header.schemaTextAfter) return [];
  const live = introspect(db);
  if (m.header.schemaAfter !== null && schemaHash(live) === m.header.schemaAfter) return [];
  return diffSchemas(live, replayed(), noRenames).map(describeChange);
}
