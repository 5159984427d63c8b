/** `migrate()` / `liteform apply` in a migrations workflow: apply pending files, with a backup first. */
import { applyMigrations, type ApplyMigrationsResult } from '../db/apply-migrations.js';
import { readMigrationDirectory } from '../migrations/directory.js';
import type { Migration } from '../migrations/migration-file.js';
import { appliedBy } from './applied-by.js';
import type { CopyProgress } from '../db/chunked-copy.js';
import { declareAppFunctions, declaredAppFunctions } from '../db/app-functions.js';

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
  /** Rows copied so far by a file's rebuild (the copies its header names run in chunks: src/db/chunked-copy.ts). */
  readonly onProgress?: (progress: CopyProgress) => void;
  /**
   * The application's own SQL functions, as it registers them on its connection
   * (`{ app_slug: (s) => … }`; the SQL arity is the function's `length`). A migration that must compute
   * one for its rows (a rebuilt table's expression index, generated column or CHECK) calls these; a
   * function only declared in liteform.yaml is a stub that refuses to be called (src/db/app-functions.ts).
   */
  readonly functions?: Readonly<Record<string, (...args: never[]) => unknown>>;
}

export type MigrateResult = ApplyMigrationsResult;

/**
 * Applies pending migrations; for application start-up:
 * `await migrate({ db: 'app.db', dir: 'migrations' })`. Throws LiteformError with a stable `code`
 * (LITEFORM_DB_AHEAD, LITEFORM_CHECKSUM_MISMATCH, LITEFORM_SUM_MISMATCH, LITEFORM_DB_LOCKED, …).
 */
export async function migrate(o: MigrateOptions): Promise<MigrateResult> {
  if (o.functions === undefined) return run(o);
  const before = declaredAppFunctions();
  const given = Object.entries(o.functions).map(([name, implementation]) => ({ name, arity: implementation.length, implementation }));
  declareAppFunctions([...before.filter((f) => !given.some((g) => g.name.toLowerCase() === f.name.toLowerCase())), ...given]);
  try {
    return await run(o);
  } finally {
    declareAppFunctions(before);
  }
}

function run(o: MigrateOptions): Promise<MigrateResult> {
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
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
}
