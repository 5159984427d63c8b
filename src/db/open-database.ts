/** Opening a database file with the errors a user can act on. */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { LiteformError, fromSqliteError } from '../errors.js';
import { registerAppFunctions } from './app-functions.js';

export interface OpenOptions {
  readonly readonly?: boolean;
  /** Create the file when it does not exist (otherwise a missing file is an error: a typo must not create an empty database). */
  readonly create?: boolean;
  /** How long to wait for another process's lock, in ms. */
  readonly busyTimeoutMs?: number;
}

/** What a connection was opened with, read back from SQLite itself (for `--verbose`). */
export interface OpenedDatabase {
  readonly path: string;
  readonly readonly: boolean;
  readonly busyTimeoutMs: number;
}

const openListeners = new Set<(opened: OpenedDatabase) => void>();

/** Calls `listener` after every successful open; returns the function that stops it. */
export function onDatabaseOpened(listener: (opened: OpenedDatabase) => void): () => void {
  openListeners.add(listener);
  return () => void openListeners.delete(listener);
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  if (path !== ':memory:') {
    if (!existsSync(path)) {
      if (!options.create) {
        throw new LiteformError('LITEFORM_DB_OPEN', `${path}: database file does not exist`, 'check --db, or pass --create to start a new database');
      }
      if (!existsSync(dirname(path) || '.')) {
        throw new LiteformError('LITEFORM_DB_OPEN', `${path}: directory ${dirname(path)} does not exist`, 'create the directory first');
      }
    } else {
      const st = statSync(path);
      if (st.isDirectory()) throw new LiteformError('LITEFORM_DB_OPEN', `${path}: is a directory, not a database file`, 'point --db at a SQLite database file');
      // SQLite reads a 0-byte file as an empty database; here it is more often a failed copy or a stray
      // `touch`, and treating it as empty would plan (and apply) every table into it.
      if (st.size === 0 && !options.create) {
        throw new LiteformError('LITEFORM_DB_OPEN', `${path}: the file is empty (0 bytes), not a SQLite database yet`, 'if it was copied from somewhere, the copy failed; to start a new database in it, pass --create');
      }
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !options.create, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (e) {
    throw fromSqliteError(e, path) ?? new LiteformError('LITEFORM_DB_OPEN', `${path}: cannot open database (${(e as Error).message})`, 'check the path and its permissions');
  }
  try {
    // Reading the schema fails on a file that is not a SQLite database; say so now, not mid-plan.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    db.close();
    throw fromSqliteError(e, path) ?? new LiteformError('LITEFORM_DB_OPEN', `${path}: not a usable SQLite database (${(e as Error).message})`, 'check --db points at a SQLite database file');
  }
  registerAppFunctions(db);
  if (openListeners.size > 0) {
    const opened = { path, readonly: db.readonly, busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number };
    for (const l of openListeners) l(opened);
  }
  return db;
}
