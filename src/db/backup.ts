/** Backups before apply (SQLite's online backup API via better-sqlite3), retention, and restore. */
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LiteformError } from '../errors.js';
import { openDatabase } from './open-database.js';

export interface BackupInfo {
  readonly path: string;
  readonly file: string;
  readonly size: number;
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Copies the live database into `<dir>/<db>-<version>-<timestamp>.db` and keeps the newest `keep` backups of this database. */
export async function backupDatabase(db: Database.Database, dbPath: string, dir: string, version: string, keep: number): Promise<string> {
  // keep < 1 would delete the backup just taken and still report it as taken.
  if (!Number.isSafeInteger(keep) || keep < 1) {
    throw new LiteformError('LITEFORM_CONFIG', `backups.keep is ${String(keep)}: at least 1 backup must be kept`, 'newest backups kept per database, at least 1; to take no backup, pass --no-backup to apply');
  }
  mkdirSync(dir, { recursive: true });
  const base = basename(dbPath).replace(/\.[^.]*$/, '');
  const target = join(dir, `${base}-${version}-${stamp(new Date())}.db`);
  // Write under a temporary name and rename when complete: a process killed mid-backup must not
  // leave a file that looks like a backup (restoring it would replace the database with nothing).
  // Another process may be writing its own backup right now: only partial files left long ago are removed.
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (f.startsWith(`${base}-`) && f.endsWith('.partial') && Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { force: true });
  }
  const partial = `${target}.${process.pid}.partial`;
  try {
    await db.backup(partial);
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  const mine = listBackups(dir, dbPath);
  for (const old of mine.slice(0, Math.max(0, mine.length - keep))) rmSync(old.path, { force: true });
  return target;
}

/** Backups of one database, oldest first. */
export function listBackups(dir: string, dbPath: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const base = basename(dbPath).replace(/\.[^.]*$/, '');
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.db'))
    .sort()
    .map((f) => ({ path: join(dir, f), file: f, size: statSync(join(dir, f)).size }));
}

const lockedError = (dbPath: string): LiteformError =>
  new LiteformError('LITEFORM_DB_LOCKED', `${dbPath}: another process is using the database`, 'stop the application (or the other liteform) and retry; nothing was changed');

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Proves no other connection is using the database, and leaves it in rollback-journal mode so the
 * restore writes one file. In WAL mode `BEGIN EXCLUSIVE` does not block readers, so the check is
 * the switch out of WAL: SQLite only allows it to the sole connection (every other connection that
 * has read a WAL database keeps a shared lock on it, idle or in a read transaction), and it
 * checkpoints the -wal into the file and removes the -wal and -shm. In rollback mode an exclusive
 * lock is refused while anyone reads or writes. Returns the journal mode to put back afterwards;
 * on refusal nothing was changed.
 */
function takeOver(dbPath: string): string {
  const db = openDatabase(dbPath, { busyTimeoutMs: 0 });
  try {
    const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
    try {
      if (mode === 'wal') {
        if (String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() !== 'delete') throw lockedError(dbPath);
      }
      db.exec('BEGIN EXCLUSIVE');
      db.exec('ROLLBACK');
    } catch (e) {
      if (e instanceof LiteformError || isBusy(e)) throw lockedError(dbPath);
      throw e;
    }
    return mode;
  } finally {
    db.close();
  }
}

/**
 * Puts a backup back with the backup API, refusing while any other connection uses the database
 * (rollback or WAL mode). The journal mode the database had (e.g. WAL) is kept.
 */
export async function restoreBackup(backupPath: string, dbPath: string): Promise<void> {
  if (!existsSync(backupPath)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${backupPath}: backup not found`, 'run `liteform restore` without arguments to use the newest backup');
  const source = openDatabase(backupPath, { readonly: true });
  try {
    // Checked before the database is touched: a refused backup leaves it as it was.
    const check = source.pragma('quick_check', { simple: true });
    const tables = (source.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number }).n;
    if (check !== 'ok' || tables === 0) {
      throw new LiteformError('LITEFORM_DB_OPEN', `${backupPath}: not a usable backup (${check !== 'ok' ? `quick_check: ${String(check)}` : 'it holds no tables'})`, 'pick another backup (they are listed in the backups directory)');
    }
    const mode = existsSync(dbPath) ? takeOver(dbPath) : null;
    // The backup API writes through SQLite's own rollback journal: a crash mid-restore leaves the
    // old database, never a mix. A process that opens the file between the check and the copy only
    // delays the copy's commit until its read ends (rollback mode: readers block the writer).
    try {
      await source.backup(dbPath);
    } catch (e) {
      // The copy rolled back: put the journal mode back too, so a failed restore leaves the database as it was.
      if (mode !== null) {
        try { keepJournalMode(dbPath, mode); } catch { /* the copy's error is the one to report */ }
      }
      throw e;
    }
    if (mode !== null) keepJournalMode(dbPath, mode);
  } finally {
    source.close();
  }
}

/**
 * The backup's header carries the journal mode of the database it was taken from; the restored file
 * keeps the live one's (WAL is the only mode stored in the file; the others are per connection).
 */
function keepJournalMode(dbPath: string, mode: string): void {
  const db = openDatabase(dbPath, { busyTimeoutMs: 5000 });
  try {
    const wanted = mode === 'wal' ? 'wal' : 'delete';
    const now = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? 'wal' : 'delete';
    if (now !== wanted) db.pragma(`journal_mode = ${wanted.toUpperCase()}`);
  } finally {
    db.close();
  }
}
