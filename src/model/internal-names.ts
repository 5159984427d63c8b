/** Tables that are never part of a user's schema: SQLite's own and liteform's bookkeeping. */
export const historyTable = '_liteform_migrations';

export function isUserTableName(name: string): boolean {
  const n = name.toLowerCase();
  return !n.startsWith('sqlite_') && !n.startsWith('_liteform_');
}
