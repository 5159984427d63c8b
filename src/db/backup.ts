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

/** Puts a backup back with the backup API, refusing while another process holds the database. */
export async function restoreBackup(backupPath: string, dbPath: string): Promise<void> {
  if (!existsSync(backupPath)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${backupPath}: backup not found`, 'run `liteform restore` without arguments to use the newest backup');
  const target = openDatabase(dbPath, { create: true, busyTimeoutMs: 0 });
  try {
    try {
      target.exec('BEGIN EXCLUSIVE');
      target.exec('ROLLBACK');
    } catch {
      throw new LiteformError('LITEFORM_DB_LOCKED', `${dbPath}: another process holds the database`, 'stop the application (or the other liteform) and retry');
    }
  } finally {
    target.close();
  }
  const source = openDatabase(backupPath, { readonly: true });
  try {
    const check = source.pragma('quick_check', { simple: true });
    const tables = (source.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number }).n;
    if (check !== 'ok' || tables === 0) {
      throw new LiteformError('LITEFORM_DB_OPEN', `${backupPath}: not a usable backup (${check !== 'ok' ? `quick_check: ${String(check)}` : 'it holds no tables'})`, 'pick another backup (they are listed in the backups directory)');
    }
    await source.backup(dbPath);
  } finally {
    source.close();
  }
}
