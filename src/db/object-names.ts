/** Every object name in a database's main schema: what a new table's name must not collide with. */
import type Database from 'better-sqlite3';

export function objectNames(db: Database.Database): string[] {
  return db.prepare('SELECT name FROM main.sqlite_schema').pluck().all() as string[];
}
