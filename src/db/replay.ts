/** The schema a migrations directory produces: its files replayed, in order, into an in-memory database. */
import Database from 'better-sqlite3';
import type { Migration } from '../migrations/migration-file.js';
import type { SchemaModel } from '../model/schema-model.js';
import { splitStatements } from '../model/split-statements.js';
import { LiteformError } from '../errors.js';
import { introspect } from './introspect.js';

/** Runs one file's statements, naming the file, line and statement on failure. */
export function runMigrationStatements(db: Database.Database, m: Migration, onStatement?: (sql: string) => boolean): number {
  let n = 0;
  for (const st of splitStatements(m.content)) {
    if (onStatement && onStatement(st.sql)) { n++; continue; }
    try {
      db.exec(st.sql);
      n++;
    } catch (e) {
      throw new LiteformError('LITEFORM_MIGRATION_FAILED', `${m.path}:${st.line}:${st.col}: ${(e as Error).message}\n  in: ${st.sql.split('\n')[0]!.slice(0, 100)}`, 'fix the migration file (it is not applied yet), then `liteform hash`');
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
  const db = new Database(':memory:');
  try {
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
