/**
 * `ALTER TABLE … RENAME` re-parses every view and trigger in the schema (SQLite ≥ 3.26), so a rebuild of
 * one table fails on a view that calls a function liteform's connection does not have (`app_setting(…)`),
 * or reads a "…" string our SQLITE_DQS=0 build refuses. With `PRAGMA legacy_alter_table = ON` the rename
 * leaves views and triggers alone. That is safe for a rebuild's final rename: the temporary name is
 * referenced by nothing, and every view and trigger that reads the rebuilt table is dropped before and
 * re-created after it (plan-changes.ts). A rename the user asked for keeps SQLite's modern rename,
 * which carries the new name into views, triggers and child foreign keys.
 */
import type { Step } from './plan.js';

export const legacyAlterOn = 'PRAGMA legacy_alter_table = ON';
export const legacyAlterOff = 'PRAGMA legacy_alter_table = OFF';

/** True for the two PRAGMA statements above (engines that refuse the pragma leave them out). */
export function isLegacyAlterPragma(sql: string): boolean {
  return /^\s*PRAGMA\s+(main\s*\.\s*)?legacy_alter_table\b/i.test(sql);
}

/** `rename` wrapped in the pragma pair. */
export function renameWithoutReparse(rename: Step): Step[] {
  const base = { change: rename.change, ...(rename.table === undefined ? {} : { table: rename.table }) };
  return [
    { kind: 'sql', sql: legacyAlterOn, comment: `${rename.comment}: without re-reading views and triggers it does not touch`, ...base },
    rename,
    { kind: 'sql', sql: legacyAlterOff, comment: `${rename.comment}: back to SQLite's default rename`, ...base },
  ];
}
