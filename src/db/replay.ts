/** The schema a migrations directory produces: its files replayed, in order, into an in-memory database. */
import type Database from 'better-sqlite3';
import type { Migration } from '../migrations/migration-file.js';
import type { SchemaModel } from '../model/schema-model.js';
import { splitStatements, type SqlStatement } from '../model/split-statements.js';
import { statementProblem } from '../model/statement-policy.js';
import { LiteformError } from '../errors.js';
import { introspect } from './introspect.js';
import { openScratch, runAsDefaultBuild } from './scratch.js';
import { runTolerantAlter } from './tolerant-alter.js';
import { unknownFunctionHint } from './app-functions.js';

/** Files already split and checked: apply checks every file up front, then splits the one it runs again. */
const sealed = new WeakMap<Migration, SqlStatement[]>();

/** The file's statements, after refusing the whole file if any one of them may not run (nothing has run yet). */
export function sealedStatements(m: Migration): SqlStatement[] {
  const known = sealed.get(m);
  if (known !== undefined) return known;
  const statements = splitStatements(m.content);
  for (const st of statements) {
    const problem = statementProblem(st.tokens.filter((t) => t.kind !== 'comment'), 'migration');
    if (problem !== null) {
      throw new LiteformError('LITEFORM_UNSAFE_STATEMENT', `${m.path}:${st.line}:${st.col}: ${problem}`, 'a migration may change only the target database; remove the statement (nothing from this file was run)');
    }
  }
  sealed.set(m, statements);
  return statements;
}

/** Runs one file's statements, one at a time, naming the file, line and statement on failure. */
export function runMigrationStatements(db: Database.Database, m: Migration, onStatement?: (sql: string) => boolean): number {
  let n = 0;
  for (const st of sealedStatements(m)) {
    if (onStatement && onStatement(st.sql)) { n++; continue; }
    try {
      runTolerantAlter(db, st.sql, () => runAsDefaultBuild(db, st.sql));
      n++;
    } catch (e) {
      const message = (e as Error).message;
      throw new LiteformError('LITEFORM_MIGRATION_FAILED', `${m.path}:${st.line}:${st.col}: ${message}\n  in: ${st.sql.split('\n')[0]!.slice(0, 100)}`, unknownFunctionHint(message) ?? 'fix the migration file (it is not applied yet), then `liteform hash`');
    }
  }
  return n;
}

export interface Replay {
  /** Schema after each version, in order; index i is the state after migrations[i]. */
  readonly after: readonly SchemaModel[];
  readonly empty: SchemaModel;
}

/** Schema after each of the given migrations (rows are irrelevant: the replay holds schema only). */
export function replayMigrations(migrations: readonly Migration[]): Replay {
  const db = openScratch();
  try {
    // Every file is checked before any of them runs.
    for (const m of migrations) sealedStatements(m);
    const empty = introspect(db);
    const after: SchemaModel[] = [];
    for (const m of migrations) {
      runMigrationStatements(db, m);
      after.push(introspect(db));
    }
    return { after, empty };
  } finally {
    db.close();
  }
}

/** Schema after `count` migrations (0 = empty). */
export function stateAfter(r: Replay, count: number): SchemaModel {
  return count === 0 ? r.empty : r.after[count - 1]!;
}
