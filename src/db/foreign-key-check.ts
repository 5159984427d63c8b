/**
 * New foreign-key violations, told from ones the database already had. foreign_key_check reports
 * rowid NULL for WITHOUT ROWID tables and numbers foreign keys by declaration order (which a rebuild
 * may change), so violations are counted per (child table, parent table), not matched row by row.
 *
 * The check reads every row of the tables it covers, so a plan checks only the tables its steps can
 * leave with new violations while enforcement is off (see `planCheckScope`); a migration file, which
 * says nothing about what it changes, checks the whole database. SQLite counts the rows; they are
 * never collected in JS.
 */
import type Database from 'better-sqlite3';
import type { Plan } from '../plan/plan.js';
import { foldName } from '../model/normalize.js';

export type ViolationCounts = ReadonlyMap<string, number>;

/** Which child tables to check: all of them, or the named ones (names of tables that do not exist are skipped). */
export type CheckScope = 'all' | readonly string[];

/** The violations of one (child table, parent table) pair; `last` is the rowid of the last one reported (null for WITHOUT ROWID). */
interface Tally { table: string; parent: string; count: number; first: number | null; fkid: number; last: number | null }

const keyOf = (t: { table: string; parent: string }): string => `${foldName(t.table)}\0${foldName(t.parent)}`;

// SQLite counts; only one row per (child, parent) pair reaches JS, however many rows violate.
const tallyColumns = `"table", parent, count(*) AS count, min(rowid) AS first, min(fkid) AS fkid, max(rowid) AS last`;

/**
 * Violations per (child, parent) key, in the order foreign_key_check reports them (tables in
 * SQLite's order, then by the row of the first violation).
 */
function tallies(db: Database.Database, scope: CheckScope): Map<string, Tally> {
  const tables = db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`).pluck().all() as string[];
  let rows: Tally[];
  if (scope === 'all') {
    rows = db.prepare(`SELECT ${tallyColumns} FROM pragma_foreign_key_check GROUP BY "table", parent`).all() as Tally[];
  } else {
    const wanted = new Set(scope.map(foldName));
    const check = db.prepare(`SELECT ${tallyColumns} FROM pragma_foreign_key_check(?, 'main') GROUP BY "table", parent`);
    rows = tables.filter((t) => wanted.has(foldName(t))).flatMap((t) => check.all(t) as Tally[]);
  }
  const position = new Map(tables.map((t, i) => [t, i]));
  rows.sort((a, b) => (position.get(a.table) ?? 0) - (position.get(b.table) ?? 0) || (a.first ?? 0) - (b.first ?? 0) || a.fkid - b.fkid);
  const m = new Map<string, Tally>();
  for (const r of rows) {
    // Parent names that differ only in case are one parent.
    const seen = m.get(keyOf(r));
    if (!seen) m.set(keyOf(r), { ...r });
    else {
      seen.count += r.count;
      if ((r.last ?? 0) > (seen.last ?? 0)) { seen.last = r.last; seen.parent = r.parent; }
    }
  }
  return m;
}

export function countViolations(db: Database.Database, scope: CheckScope = 'all'): ViolationCounts {
  return new Map([...tallies(db, scope)].map(([k, t]) => [k, t.count]));
}

/** Folded names of the tables the database has now. */
function tableNames(db: Database.Database): Set<string> {
  return new Set((db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`).pluck().all() as string[]).map(foldName));
}

/**
 * A message naming the child table, a rowid and the parent, when there are more violations than before; else null.
 * Rows whose parent table does not exist are not counted: a foreign key to a missing table is what the schema
 * says (legal in SQLite, and the classic result of `ALTER TABLE x RENAME TO x_old`), so its violations are
 * the schema's, not the migration's; `missingParentRows` reports them.
 */
export function newViolation(db: Database.Database, before: ViolationCounts, scope: CheckScope = 'all'): string | null {
  const existing = tableNames(db);
  for (const [k, t] of tallies(db, scope)) {
    if (!existing.has(foldName(t.parent))) continue;
    const added = t.count - (before.get(k) ?? 0);
    if (added > 0) {
      return `table ${t.table}${t.last === null ? '' : `, rowid ${t.last}`}: foreign key to ${t.parent} has no parent row (${added} new violation${added === 1 ? '' : 's'})`;
    }
  }
  return null;
}

/** Rows of a child table whose foreign key names a table that does not exist. */
export interface MissingParentRows {
  readonly table: string;
  readonly columns: readonly string[];
  readonly parent: string;
  /** Rows with a non-NULL key: every one of them has no parent. */
  readonly rows: number;
}

/**
 * Every foreign key of the database that names a missing table, with how many rows it leaves without a
 * parent. Reads the schema first and counts rows only for such keys (there are usually none).
 */
export function missingParentRows(db: Database.Database, only?: readonly string[]): MissingParentRows[] {
  const existing = tableNames(db);
  const wanted = only === undefined ? null : new Set(only.map(foldName));
  const fks = db.prepare(
    `SELECT tl.name AS child, fk.id AS id, fk."table" AS parent, fk."from" AS col
       FROM pragma_table_list AS tl JOIN pragma_foreign_key_list(tl.name, 'main') AS fk
      WHERE tl.schema = 'main' AND tl.type = 'table' ORDER BY tl.name, fk.id, fk.seq`,
  ).all() as { child: string; id: number; parent: string; col: string }[];
  const keys = new Map<string, { table: string; parent: string; columns: string[] }>();
  for (const f of fks) {
    if (existing.has(foldName(f.parent)) || (wanted !== null && !wanted.has(foldName(f.child)))) continue;
    const k = `${f.child}\0${f.id}`;
    const entry = keys.get(k) ?? { table: f.child, parent: f.parent, columns: [] };
    entry.columns.push(f.col);
    keys.set(k, entry);
  }
  const q = (n: string): string => `"${n.replace(/"/g, '""')}"`;
  return [...keys.values()].map((k) => ({
    ...k,
    rows: db.prepare(`SELECT count(*) FROM ${q(k.table)} WHERE ${k.columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')}`).pluck().get() as number,
  }));
}

/**
 * The child tables a plan can leave with new violations while FK enforcement is off, as they are
 * named in `db` now: tables it rebuilds (their rows are copied under constraints that may be new),
 * and tables whose foreign keys name a table it rebuilds, drops or renames (the parent's rows or
 * keys may be gone). Tables altered in place keep their rows and their foreign keys (adding a
 * foreign key is a rebuild), and new tables start empty. Called before the steps and again at the
 * check, so that a table appears under the name it has at each time, as in a whole-database check.
 */
export function planCheckScope(db: Database.Database, plan: Plan): string[] {
  const rebuilt = new Set<string>();
  const parents = new Set<string>();
  for (const r of plan.rebuilds) {
    const c = plan.changes[r.change];
    rebuilt.add(foldName(r.table));
    if (c?.kind === 'ModifyTable') rebuilt.add(foldName(c.from.name));
  }
  for (const name of rebuilt) parents.add(name);
  for (const c of plan.changes) {
    if (c.kind === 'DropTable') parents.add(foldName(c.table.name));
    if (c.kind === 'RenameTable') { parents.add(foldName(c.from)); parents.add(foldName(c.to)); }
  }
  if (parents.size === 0) return [];
  const edges = db
    .prepare(
      `SELECT DISTINCT tl.name AS child, fk."table" AS parent
         FROM pragma_table_list AS tl JOIN pragma_foreign_key_list(tl.name, 'main') AS fk
        WHERE tl.schema = 'main' AND tl.type = 'table'`,
    )
    .all() as { child: string; parent: string }[];
  const scope = new Set<string>();
  for (const t of db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`).pluck().all() as string[]) {
    if (rebuilt.has(foldName(t))) scope.add(t);
  }
  for (const e of edges) if (parents.has(foldName(e.parent))) scope.add(e.child);
  return [...scope];
}
