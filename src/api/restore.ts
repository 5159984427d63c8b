/** `liteform restore`: put a backup back (the newest of the database's, unless one is named). */
import { listBackups, restoreBackup } from '../db/backup.js';
import { LiteformError } from '../errors.js';

export interface RestoreResult {
  readonly restored: string;
  readonly db: string;
}

export async function restore(o: { readonly db: string; readonly backupDir: string; readonly backup?: string }): Promise<RestoreResult> {
  const chosen = o.backup ?? listBackups(o.backupDir, o.db).at(-1)?.path;
  if (!chosen) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `no backups of ${o.db} in ${o.backupDir}`, 'backups are taken by `liteform apply` (unless --no-backup)');
  await restoreBackup(chosen, o.db);
  return { restored: chosen, db: o.db };
}
