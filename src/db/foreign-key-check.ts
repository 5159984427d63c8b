/**
 * New foreign-key violations, told from ones the database already had. foreign_key_check reports
 * rowid NULL for WITHOUT ROWID tables and numbers foreign keys by declaration order (which a rebuild
 * may change), so violations are counted per (child table, parent table), not matched row by row.
 */
import type Database from 'better-sqlite3';
import { foldName } from '../model/normalize.js';

interface Violation { table: string; rowid: number | null; parent: string; fkid: number }

export type ViolationCounts = ReadonlyMap<string, number>;

const key = (v: Violation): string => `${foldName(v.table)}\0${foldName(v.parent)}`;

function violations(db: Database.Database): Violation[] {
  return db.prepare('PRAGMA foreign_key_check').all() as Violation[];
}

export function countViolations(db: Database.Database): ViolationCounts {
  const m = new Map<string, number>();
  for (const v of violations(db)) m.set(key(v), (m.get(key(v)) ?? 0) + 1);
  return m;
}

/** A message naming the child table, a rowid and the parent, when there are more violations than before; else null. */
export function newViolation(db: Database.Database, before: ViolationCounts): string | null {
  const all = violations(db);
  const now = new Map<string, Violation[]>();
  for (const v of all) now.set(key(v), [...(now.get(key(v)) ?? []), v]);
  for (const [k, list] of now) {
    const added = list.length - (before.get(k) ?? 0);
    if (added > 0) {
      const v = list[list.length - 1]!;
      return `table ${v.table}${v.rowid === null ? '' : `, rowid ${v.rowid}`}: foreign key to ${v.parent} has no parent row (${added} new violation${added === 1 ? '' : 's'})`;
    }
  }
  return null;
}
