/** Tables that are never part of a user's schema: SQLite's own and liteform's bookkeeping. */
import { foldName } from './normalize.js';
export const historyTable = '_liteform_migrations';

/** A rebuild builds the new table under this prefix and the table's name (src/plan/rebuild.ts). */
export const rebuildTempPrefix = '_liteform_new_';

export function isUserTableName(name: string): boolean {
  const n = foldName(name);
  return !n.startsWith('sqlite_') && !n.startsWith('_liteform_');
}
