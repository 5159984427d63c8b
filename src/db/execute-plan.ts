/**
 * Runs a Plan against a database: one transaction (BEGIN IMMEDIATE) for the whole plan, FK
 * enforcement turned off *outside* it when the plan rebuilds or drops tables, a foreign_key_check
 * before COMMIT, a verification of the resulting schema, and the history row written inside the
 * same transaction. Any failure rolls everything back: the file is as it was.
 */
import type Database from 'better-sqlite3';
import type { Plan, Step } from '../plan/plan.js';
import { isDestructive } from '../plan/plan.js';
import { fromSqliteError, LiteformError } from '../errors.js';
import { explainFailure } from './diagnose.js';
import { recordMigration } from './history.js';
import { runSchemaEdit } from './schema-edit.js';
import { countViolations, missingParentRows, newViolation, planCheckScope, type MissingParentRows, type ViolationCounts } from './foreign-key-check.js';
import { unknownFunctionHint } from './app-functions.js';
import { copyInChunks, type CopyProgress } from './chunked-copy.js';
import { chunkableCopy } from '../plan/chunkable-copy.js';
import { runTolerantAlter } from './tolerant-alter.js';

export interface MigrationRecord {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly appliedBy: string;
}

export interface ExecuteOptions {
  readonly allowDestructive?: boolean;
  /** Written to `_liteform_migrations` inside the transaction (computed from the plan made under the lock); omit to apply without history. */
  readonly record?: MigrationRecord | ((plan: Plan, db: Database.Database) => MigrationRecord);
  /** Called inside the transaction after the last step; returns problems (non-empty → rollback). */
  readonly verify?: (db: Database.Database) => readonly string[];
  /** Runs inside the transaction after the steps (e.g. `down` deleting its history row). */
  readonly finalize?: (db: Database.Database) => void;
  /** In-place schema edits also run `PRAGMA integrity_check` of the edited table (reads every row; see src/db/schema-edit.ts). */
  readonly integrityCheck?: boolean;
  /** Called before each step (progress display). */
  readonly onStep?: (step: Step, index: number) => void;
  /** Called after each chunk of a rebuild's copy (and once before the first, with 0 rows): rows copied of the total. */
  readonly onProgress?: (progress: CopyProgress) => void;
}

export type { CopyProgress } from './chunked-copy.js';
export { COPY_CHUNK_ROWS } from './chunked-copy.js';

export interface ExecuteResult {
  readonly statements: number;
  readonly durationMs: number;
  /** Foreign keys of the migrated database that name a missing table (the schema's, never refused). */
  readonly missingParents: readonly MissingParentRows[];
}


function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** Runs a plan computed beforehand. Prefer `planAndExecute`, which plans under the write lock. */
export function executePlan(db: Database.Database, plan: Plan, options: ExecuteOptions = {}): ExecuteResult {
  const outcome = planAndExecute(db, () => plan, options);
  return outcome.result ?? { statements: 0, durationMs: 0, missingParents: [] };
}

export interface PlannedExecution {
  /** The plan made under the write lock, and what running it took; null when there was nothing to do (nothing ran, nothing was recorded). */
  readonly result: ExecuteResult | null;
}

/** How often the lock is taken again because the plan made under it needed FK enforcement set otherwise. */
const MAX_ATTEMPTS = 4;

/**
 * Takes the write lock (BEGIN IMMEDIATE), then introspects and plans under it (`makePlan`; null:
 * nothing to do), then runs the plan in the same transaction. A process that waited for the lock plans against what the winner
 * left: it finds nothing to do, or refuses a destructive step; it never runs a plan made before.
 *
 * FK enforcement can only change outside a transaction, and whether the plan needs it off is known
 * only once planned under the lock: when the two disagree the transaction is rolled back (nothing ran)
 * and the lock taken again with enforcement set as the plan needs.
 */
export function planAndExecute(db: Database.Database, makePlan: (db: Database.Database) => Plan | null, options: ExecuteOptions = {}): PlannedExecution {
  const started = performance.now();
  const fkWasOn = (db.pragma('foreign_keys', { simple: true }) as number) === 1;
  let fkOff = false;
  try {
    for (let attempt = 1; ; attempt++) {
      beginImmediate(db);
      let plan: Plan | null;
      try {
        plan = makePlan(db);
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
      if (plan === null) {
        db.exec('ROLLBACK');
        return { result: null };
      }
      const wantOff = plan.foreignKeysOff && fkWasOn;
      if (wantOff !== fkOff && attempt < MAX_ATTEMPTS) {
        db.exec('ROLLBACK');
        fkOff = wantOff;
        db.pragma(`foreign_keys = ${fkOff ? 'OFF' : 'ON'}`);
        continue;
      }
      if (wantOff !== fkOff) {
        db.exec('ROLLBACK');
        throw new LiteformError('LITEFORM_DB_LOCKED', 'the schema kept changing under concurrent writers while planning', 'wait for the other processes to finish, then re-run');
      }
      return { result: runInTransaction(db, plan, options, started) };
    }
  } finally {
    if (fkOff) db.pragma('foreign_keys = ON');
  }
}

function beginImmediate(db: Database.Database): void {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    if (isBusy(e)) throw new LiteformError('LITEFORM_DB_LOCKED', 'database is locked by another process', 'wait for the other process to finish, or raise --busy-timeout');
    throw e;
  }
}

/** Runs the plan inside the open transaction, then COMMIT; any failure rolls everything back. */
function runInTransaction(db: Database.Database, plan: Plan, options: ExecuteOptions, started: number): ExecuteResult {
  let statements = 0;
  try {
    if (isDestructive(plan) && !options.allowDestructive) {
      const what = plan.warnings.filter((w) => w.level === 'destructive').map((w) => `  - ${w.message}`).join('\n');
      throw new LiteformError('LITEFORM_DESTRUCTIVE', `the plan destroys data:\n${what}`, 'review the plan, then re-run with --allow-destructive');
    }
    // Only the tables the steps can break are checked, before (violations the database already had)
    // and at the check step (the scope is re-read there: renames and drops change the names).
    const before = plan.foreignKeysOff ? countViolations(db, planCheckScope(db, plan)) : new Map<string, number>();
    plan.steps.forEach((step, i) => {
      options.onStep?.(step, i);
      runStep(db, step, plan, before, options);
      statements++;
    });
    const problems = options.verify?.(db) ?? [];
    if (problems.length > 0) {
      throw new LiteformError('LITEFORM_VERIFY', `after applying, the schema differs from the desired state:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'this is a liteform bug: please report it with the plan (--sql); nothing was changed');
    }
    options.finalize?.(db);
    const durationMs = Math.round(performance.now() - started);
    const record = typeof options.record === 'function' ? options.record(plan, db) : options.record;
    if (record) {
      recordMigration(db, {
        version: record.version,
        name: record.name,
        checksum: record.checksum,
        applied_at: new Date().toISOString(),
        applied_by: record.appliedBy,
        duration_ms: durationMs,
        statements,
      });
    }
    const missingParents = missingParentRows(db);
    db.exec('COMMIT');
    return { statements, durationMs, missingParents };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (e instanceof StepFailure) {
      const fn = unknownFunctionHint(e.message);
      throw new LiteformError(e.code, explainFailure(db, plan, e.step, e.message), fn === null ? 'nothing was changed: the whole plan was rolled back' : `nothing was changed; ${fn}`);
    }
    throw e;
  }
}

class StepFailure extends Error {
  constructor(readonly step: Step, message: string, readonly code: 'LITEFORM_DATA' | 'LITEFORM_FOREIGN_KEY' | 'LITEFORM_SQL_ERROR') {
    super(message);
  }
}

function runStep(db: Database.Database, step: Step, plan: Plan, fkBefore: ViolationCounts, options: ExecuteOptions): void {
  switch (step.kind) {
    case 'sql':
    case 'copy':
      try {
        if (step.kind === 'copy') runCopy(db, step, plan, options);
        else runTolerantAlter(db, step.sql, () => db.exec(step.sql));
      } catch (e) {
        // A full disk or an I/O error is the environment's, not the step's: the one error handler names it.
        if (fromSqliteError(e) !== null) throw e;
        const msg = (e as Error).message;
        const dataError = /constraint failed|cannot store|datatype mismatch/i.test(msg);
        throw new StepFailure(step, msg, dataError ? 'LITEFORM_DATA' : 'LITEFORM_SQL_ERROR');
      }
      return;
    case 'schema-edit':
      try {
        if (step.edit === undefined) throw new Error('a schema-edit step without its edit');
        runSchemaEdit(db, step.edit, { integrityCheck: options.integrityCheck === true });
      } catch (e) {
        if (fromSqliteError(e) !== null) throw e;
        throw new StepFailure(step, (e as Error).message, 'LITEFORM_SQL_ERROR');
      }
      return;
    case 'foreign-key-check': {
      const problem = newViolation(db, fkBefore, planCheckScope(db, plan));
      if (problem !== null) throw new StepFailure(step, `${problem} — add the missing parents or fix the rows first`, 'LITEFORM_FOREIGN_KEY');
      return;
    }
  }
}

/** A rebuild's copy, in key-ordered chunks where plan/chunkable-copy.ts allows, else in one statement. */
function runCopy(db: Database.Database, step: Step, plan: Plan, options: ExecuteOptions): void {
  const chunkable = chunkableCopy(plan, step);
  if (chunkable === null) db.exec(step.sql);
  else copyInChunks(db, step.sql, chunkable.source, chunkable.key, options.onProgress);
}
