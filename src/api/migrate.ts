/** `migrate()` / `liteform apply` in a migrations workflow: apply pending files, with a backup first. */
import { applyMigrations, type ApplyMigrationsResult } from '../db/apply-migrations.js';
import { readMigrationDirectory } from '../migrations/directory.js';
import type { Migration } from '../migrations/migration-file.js';
import { appliedBy } from './apply-database.js';

export interface MigrateOptions {
  /** Database file. */
  readonly db: string;
  /** Create the database file when it does not exist (default true here, for application start-up; the CLI asks for --create). */
  readonly create?: boolean;
  /** Migrations directory. */
  readonly dir: string;
  readonly to?: string;
  readonly dryRun?: boolean;
  /** Backup before the first pending file; default on. */
  readonly backup?: boolean;
  readonly backupDir?: string;
  readonly backupKeep?: number;
  readonly busyTimeoutMs?: number;
  readonly onFile?: (m: Migration) => void;
}

export type MigrateResult = ApplyMigrationsResult;

/**
 * Applies pending migrations; for application start-up:
 * `await migrate({ db: 'app.db', dir: 'migrations' })`. Throws LiteformError with a stable `code`
 * (LITEFORM_DB_AHEAD, LITEFORM_CHECKSUM_MISMATCH, LITEFORM_SUM_MISMATCH, LITEFORM_DB_LOCKED, …).
 */
export async function migrate(o: MigrateOptions): Promise<MigrateResult> {
  return applyMigrations({
    db: o.db,
    create: o.create ?? true,
    directory: readMigrationDirectory(o.dir),
    ...(o.to !== undefined ? { to: o.to } : {}),
    dryRun: o.dryRun ?? false,
    backup: o.backup === false ? null : { dir: o.backupDir ?? '.liteform/backups', keep: o.backupKeep ?? 5 },
    busyTimeoutMs: o.busyTimeoutMs ?? 5000,
    appliedBy: appliedBy(),
    ...(o.onFile ? { onFile: o.onFile } : {}),
  });
}
