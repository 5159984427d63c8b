/**
 * Backups of a database reached through an engine URL, and `liteform restore` to it. A remote engine has no
 * backup API and no file to copy: the backup is the database as SQL text (src/db/engines/dump.ts), written to
 * the backups directory as `<name>-<version>-<time>.sql` before a versioned apply, kept like file backups
 * (the newest `keep`). Restore runs the whole replacement as ONE unit on the engine: all of it, or nothing.
 * A backup taken of a local file (`.db`) can be restored to a remote database too: it is dumped through the
 * file engine first.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../db/engines/engine.js';
import { dumpEngine, restoreUnit } from '../db/engines/dump.js';
import { openEngine } from '../db/engines/open-engine.js';
import { checkStatementSizes } from '../db/engines/plan-unit.js';
import { LiteformError } from '../errors.js';
import { isEngineTarget, runUnitMapped, withEngine, type EngineConnection } from './engine-target.js';
import { restore, type RestoreResult } from './restore.js';

export interface EngineBackupOptions {
  readonly dir: string;
  readonly keep: number;
  /** Names the backups: the --db URL as given (scheme, host or id; never a token, password or query string). */
  readonly name?: string;
}

/** A file-name-safe name for a database URL: no credentials, no query string. */
export function backupBaseName(url: string): string {
  const bare = url.replace(/[?#].*$/, '').replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  return bare.replace(/:\/\//, '-').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+$/, '') || 'database';
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** SQL backups of one database, oldest first. */
export function listEngineBackups(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${escapeRe(backupBaseName(name))}-[^-]+-\\d{8}T\\d{6}Z\\.sql$`);
  return readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f));
}

/** Dumps the database into the backups directory (written under a temporary name, then renamed) and prunes old ones. */
export async function backupEngine(engine: Engine, o: EngineBackupOptions, version: string): Promise<string> {
  if (!Number.isSafeInteger(o.keep) || o.keep < 1) {
    throw new LiteformError('LITEFORM_CONFIG', `backups.keep is ${String(o.keep)}: at least 1 backup must be kept`, 'newest backups kept per database, at least 1; to take no backup, pass --no-backup to apply');
  }
  const name = o.name ?? engine.target;
  const when = new Date();
  const text = await dumpEngine(engine, [`liteform backup of ${engine.target}`, `taken ${when.toISOString()} before version ${version}`, 'restore with: liteform restore <this file> --db <the database URL>']);
  mkdirSync(o.dir, { recursive: true });
  const target = join(o.dir, `${backupBaseName(name)}-${version}-${stamp(when)}.sql`);
  const partial = `${target}.${process.pid}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  const mine = listEngineBackups(o.dir, name);
  for (const old of mine.slice(0, Math.max(0, mine.length - o.keep))) rmSync(old, { force: true });
  return target;
}

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** The backup as SQL text: an SQL backup as it is, a SQLite file dumped through the file engine. */
async function backupText(path: string): Promise<string> {
  if (!existsSync(path)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${path}: backup not found`, 'run `liteform restore` without arguments to use the newest backup');
  if (!isSqliteFile(path)) return readFileSync(path, 'utf8');
  const file = await openEngine(path, { readonly: true });
  try {
    return await dumpEngine(file);
  } finally {
    await file.close();
  }
}

/** restore on any target. */
export async function restoreTarget(o: { readonly db: string; readonly backupDir: string; readonly backup?: string } & EngineConnection): Promise<RestoreResult> {
  if (!isEngineTarget(o.db)) {
    // A SQL dump named for a local file goes back through the file engine, in one transaction like any unit.
    if (o.backup === undefined || !existsSync(o.backup) || isSqliteFile(o.backup)) return restore(o);
    const text = readFileSync(o.backup, 'utf8');
    const file = await openEngine(o.db);
    try {
      await restoreEngine(file, text);
    } finally {
      await file.close();
    }
    return { restored: o.backup, db: o.db };
  }
  const chosen = o.backup ?? listEngineBackups(o.backupDir, o.db).at(-1);
  if (chosen === undefined) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `no backups of ${backupBaseName(o.db)} in ${o.backupDir}`, 'backups are taken by `liteform apply --dir` (unless --no-backup); or name a backup file');
  const text = await backupText(chosen);
  await withEngine(o.db, o, (engine) => restoreEngine(engine, text));
  return { restored: chosen, db: o.db };
}

/** Replaces the engine's database with the dump, in one unit. */
export async function restoreEngine(engine: Engine, dumpText: string): Promise<void> {
  const statements = await restoreUnit(engine, dumpText);
  checkStatementSizes(statements, engine.capabilities, `${engine.target} (restore)`);
  await runUnitMapped(engine, statements, false);
}
