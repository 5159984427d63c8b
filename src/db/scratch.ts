/** A throwaway in-memory database: how `.sql` files and migration directories become a SchemaModel (SQLite parses, we introspect). */
import Database from 'better-sqlite3';
import type { SchemaModel } from '../model/schema-model.js';
import { introspect } from './introspect.js';

export class StatementError extends Error {
  constructor(readonly index: number, readonly sqliteMessage: string) {
    super(sqliteMessage);
  }
}

/** Runs the statements, in order, in a fresh in-memory database and introspects the result. Throws StatementError naming the failing statement. */
export function modelFromStatements(statements: readonly string[]): SchemaModel {
  const db = new Database(':memory:');
  try {
    statements.forEach((sql, index) => {
      try {
        db.exec(sql);
      } catch (e) {
        throw new StatementError(index, (e as Error).message);
      }
    });
    return introspect(db);
  } finally {
    db.close();
  }
}
