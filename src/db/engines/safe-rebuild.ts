/**
 * A table rebuild that keeps every row where FK enforcement cannot be turned off around the unit (a D1
 * batch, a libSQL batch over HTTP). There, `DROP TABLE parent` runs an implicit DELETE that fires every
 * ON DELETE CASCADE / SET NULL / SET DEFAULT action on the children, even after `PRAGMA foreign_keys=OFF`
 * (a no-op inside a transaction). Pure: statements from data, no database access.
 *
 * The procedure, all in ONE atomic unit (why each step is there):
 *  1. `PRAGMA defer_foreign_keys=ON`: the parent is missing for a while, and RESTRICT behaves like NO ACTION
 *     while it is on (SQLite's fkActionTrigger skips RESTRICT when SQLITE_DeferFKs is set), so children that
 *     only hold RESTRICT / NO ACTION references need no copy: their violations are counted and resolved by
 *     the re-inserted parent rows before COMMIT.
 *  2. Row counts of the parent and of every reachable table, captured into a scratch table.
 *  3. The rows of every table an action can reach (transitively) backed up into main-schema scratch tables
 *     (TEMP objects are forbidden on D1), implicit rowids included.
 *  4. Their triggers dropped, then the tables emptied leaf-first, so no action and no trigger fires.
 *  5. The parent stashed, dropped, created under its FINAL name and filled from the stash. Creating it under
 *     a temporary name and renaming would leave the deferred-violation counter of the NO ACTION children
 *     above zero (the counter only goes down when a row is inserted into the table the children name), and
 *     COMMIT would fail.
 *  6. Reachable tables re-filled parent-first from their backups (explicit rowids, so AUTOINCREMENT
 *     counters never move: sqlite_sequence only ever grows to the largest rowid inserted), triggers re-created.
 *  7. The parent's AUTOINCREMENT high-water mark put back (DROP TABLE removed its sqlite_sequence row).
 *  8. A guard: an INSERT into a scratch table whose CHECK constraints fail when foreign_key_check reports
 *     anything or a captured row count changed, so the unit aborts and nothing of it remains.
 *  9. Scratch tables dropped.
 */
import type { SchemaModel, Table } from '../../model/schema-model.js';
import { foldName } from '../../model/normalize.js';
import { quoteIdent as q, quoteString as lit } from '../../model/quote.js';

/** A table whose rows are set aside and put back around the parent's rebuild. */
export interface ReachableTable {
  readonly name: string;
  /** Columns an INSERT can name (generated columns left out), in table order. */
  readonly columns: readonly string[];
  /** For rowid tables: a name that reads the rowid ("rowid", "_rowid_" or "oid", whichever no column shadows); null otherwise. */
  readonly rowidName: string | null;
  /** The table's triggers: dropped before its rows are deleted and re-created after they are back. */
  readonly triggers: readonly { readonly name: string; readonly sql: string }[];
  /** Tables it references (parent-first order among the reachable tables). */
  readonly references: readonly string[];
}

/** The parent's own rebuild, as data. */
export interface ParentRebuild {
  /** The table's name, before and after. */
  readonly table: string;
  /** Columns of the current table that the copy may read (generated columns left out). */
  readonly oldColumns: readonly string[];
  /** Name that reads the current table's rowid (rowidNameOf); null for WITHOUT ROWID. */
  readonly oldRowidName: string | null;
  /** Name that writes the new table's rowid; null for WITHOUT ROWID. Rowids are carried when both are set. */
  readonly newRowidName: string | null;
  /** CREATE TABLE for the new definition, under the final name. */
  readonly createSql: string;
  /** New column ← SQL expression over the old columns (by their names). */
  readonly copy: readonly { readonly column: string; readonly expr: string }[];
  /** The current table has AUTOINCREMENT: its sqlite_sequence row is captured. */
  readonly oldAutoincrement: boolean;
  /** The new table has AUTOINCREMENT: the captured high-water mark is put back. */
  readonly newAutoincrement: boolean;
  /** Statements before the drop (DROP VIEW for views that read the table). */
  readonly before: readonly string[];
  /** Statements after the copy (CREATE INDEX / TRIGGER / VIEW). */
  readonly after: readonly string[];
}

export interface SafeRebuildInput {
  readonly parent: ParentRebuild;
  /** Every table an ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT action can reach from the parent, transitively. */
  readonly reachable: readonly ReachableTable[];
}

const prefix = '_liteform_rb_';
const state = q(`${prefix}state`);
const stash = q(`${prefix}stash`);
const guard = q(`${prefix}guard`);
const rowidColumn = '_liteform_rowid';
const backup = (i: number): string => q(`${prefix}backup_${i}`);
/** Scratch columns are typeless: they keep every value exactly as stored (no affinity applied). */
const typeless = (cols: readonly string[]): string => cols.map(q).join(', ');

export const guardFkMessage = 'liteform guard: foreign_key_check reports a violation';
export const guardCountMessage = 'liteform guard: a row count changed';

export function safeRebuildStatements(input: SafeRebuildInput): string[] {
  const counted = [input.parent.table, ...input.reachable.map((t) => t.name)];
  return ['PRAGMA defer_foreign_keys = ON', ...guardOpen(counted), ...safeRebuildCore(input), ...guardClose(counted)];
}

/**
 * Steps 2–7 and 9 of the procedure without the unit's frame: the caller runs `PRAGMA defer_foreign_keys = ON`
 * and guardOpen() before (the scratch state table must exist) and guardClose() after, once per unit, so that
 * several rebuilds can share one unit. `seqKey` names the parent's captured high-water mark in the state table
 * (distinct per rebuild in one unit).
 */
export function safeRebuildCore(input: SafeRebuildInput, seqKey = 'seq'): string[] {
  const { parent } = input;
  const reachable = parentFirst(input.reachable);
  const out: string[] = [];
  if (parent.oldAutoincrement) {
    out.push(`INSERT INTO ${state}(k, n) SELECT ${lit(seqKey)}, seq FROM sqlite_sequence WHERE name = ${lit(parent.table)}`);
  }

  reachable.forEach((t, i) => {
    const cols = t.rowidName ? [rowidColumn, ...t.columns] : [...t.columns];
    const read = t.rowidName ? [t.rowidName, ...t.columns.map(q)] : t.columns.map(q);
    out.push(`CREATE TABLE ${backup(i)}(${typeless(cols)})`);
    out.push(`INSERT INTO ${backup(i)} SELECT ${read.join(', ')} FROM ${q(t.name)}`);
  });
  for (const t of reachable) for (const tr of t.triggers) out.push(`DROP TRIGGER ${q(tr.name)}`);
  for (const t of [...reachable].reverse()) out.push(`DELETE FROM ${q(t.name)}`);

  const carryRowid = parent.oldRowidName !== null && parent.newRowidName !== null;
  const stashCols = carryRowid ? [rowidColumn, ...parent.oldColumns] : [...parent.oldColumns];
  const stashRead = carryRowid ? [parent.oldRowidName!, ...parent.oldColumns.map(q)] : parent.oldColumns.map(q);
  out.push(`CREATE TABLE ${stash}(${typeless(stashCols)})`);
  out.push(`INSERT INTO ${stash} SELECT ${stashRead.join(', ')} FROM ${q(parent.table)}`);
  out.push(...parent.before);
  out.push(`DROP TABLE ${q(parent.table)}`);
  out.push(parent.createSql);
  const target = [...(carryRowid ? [parent.newRowidName!] : []), ...parent.copy.map((c) => q(c.column))];
  const source = [...(carryRowid ? [q(rowidColumn)] : []), ...parent.copy.map((c) => c.expr)];
  // The plan's copy map always carries something (a column, the rowid, or one filled column), so every row
  // is put back; an empty map (a caller passing none) leaves the table empty rather than failing the INSERT.
  if (target.length > 0) out.push(`INSERT INTO ${q(parent.table)}(${target.join(', ')}) SELECT ${source.join(', ')} FROM ${stash}`);

  reachable.forEach((t, i) => {
    const target2 = [...(t.rowidName ? [t.rowidName] : []), ...t.columns.map(q)];
    const source2 = [...(t.rowidName ? [q(rowidColumn)] : []), ...t.columns.map(q)];
    out.push(`INSERT INTO ${q(t.name)}(${target2.join(', ')}) SELECT ${source2.join(', ')} FROM ${backup(i)}`);
  });
  for (const t of reachable) for (const tr of t.triggers) out.push(tr.sql);
  out.push(...parent.after);

  if (parent.oldAutoincrement && parent.newAutoincrement) {
    const kept = `(SELECT n FROM ${state} WHERE k = ${lit(seqKey)})`;
    out.push(`UPDATE sqlite_sequence SET seq = ${kept} WHERE name = ${lit(parent.table)} AND seq < ${kept}`);
    out.push(`INSERT INTO sqlite_sequence(name, seq) SELECT ${lit(parent.table)}, n FROM ${state} WHERE k = ${lit(seqKey)} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${lit(parent.table)})`);
  }

  out.push(`DROP TABLE ${stash}`);
  reachable.forEach((_, i) => out.push(`DROP TABLE ${backup(i)}`));
  return out;
}

/**
 * The first statements of a guarded unit: the row counts of `tables` captured into a scratch table.
 * Also for the ordinary rebuild where FK enforcement is off around the unit (file, libSQL client.migrate()):
 * there nothing else would notice a lost or orphaned row before COMMIT.
 */
export function guardOpen(tables: readonly string[]): string[] {
  return [
    `CREATE TABLE ${state}(k TEXT PRIMARY KEY, n INTEGER)`,
    // No table to count (a plan that only drops tables): the state table still holds what a rebuild captures.
    ...(tables.length === 0 ? [] : [`INSERT INTO ${state}(k, n) VALUES ${tables.map((t) => `(${lit(`count:${t}`)}, (SELECT count(*) FROM ${q(t)}))`).join(', ')}`]),
  ];
}

/**
 * The last statements of a guarded unit: an INSERT whose CHECK constraints fail (aborting the unit) when
 * foreign_key_check reports anything or a count captured by guardOpen changed; then the scratch tables go.
 * A violation of a foreign key that names a missing table is the schema's (see db/foreign-key-check.ts), not counted.
 */
export function guardClose(tables: readonly string[]): string[] {
  const countsOk = tables.map((t) => `(SELECT n FROM ${state} WHERE k = ${lit(`count:${t}`)}) = (SELECT count(*) FROM ${q(t)})`).join(' AND ');
  return [
    `CREATE TABLE ${guard}(fk_ok INTEGER CONSTRAINT ${q(guardFkMessage)} CHECK (fk_ok), counts_ok INTEGER CONSTRAINT ${q(guardCountMessage)} CHECK (counts_ok))`,
    `INSERT INTO ${guard}(fk_ok, counts_ok) SELECT NOT EXISTS (SELECT 1 FROM pragma_foreign_key_check AS v WHERE EXISTS (SELECT 1 FROM sqlite_schema AS s WHERE s.type = 'table' AND s.name = v.parent COLLATE NOCASE)), ${countsOk || '1'}`,
    `DROP TABLE ${guard}`,
    `DROP TABLE ${state}`,
  ];
}

/** Topological order, parents first; a cycle keeps the input order for its members. */
function parentFirst(tables: readonly ReachableTable[]): ReachableTable[] {
  const byName = new Map(tables.map((t) => [foldName(t.name), t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: ReachableTable[] = [];
  const visit = (t: ReachableTable): void => {
    const k = foldName(t.name);
    if (done.has(k) || visiting.has(k)) return;
    visiting.add(k);
    for (const r of t.references) {
      const p = byName.get(foldName(r));
      if (p && foldName(p.name) !== k) visit(p);
    }
    visiting.delete(k);
    done.add(k);
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

const actions = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT']);

/**
 * The tables an ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT action can reach from `parent`,
 * transitively, with what the rebuild needs to know of each (from the model; no database access).
 * The parent itself is not among them, even when it references itself.
 */
export function reachableTables(model: SchemaModel, parent: string): ReachableTable[] {
  const reached = new Set<string>([foldName(parent)]);
  const found: Table[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const t of model.tables) {
      const k = foldName(t.name);
      if (reached.has(k)) continue;
      if (t.foreignKeys.some((fk) => reached.has(foldName(fk.refTable)) && (actions.has(fk.onDelete) || actions.has(fk.onUpdate)))) {
        reached.add(k);
        found.push(t);
        grew = true;
      }
    }
  }
  return found.map((t) => ({
    name: t.name,
    columns: t.columns.filter((c) => c.generated === null).map((c) => c.name),
    rowidName: rowidNameOf(t),
    triggers: model.triggers.filter((tr) => foldName(tr.table) === foldName(t.name)).map((tr) => ({ name: tr.name, sql: tr.sql })),
    references: t.foreignKeys.map((fk) => fk.refTable),
  }));
}

/** A name that reads a rowid table's rowid, or null (WITHOUT ROWID, or every alias shadowed by a column). */
export function rowidNameOf(t: Table): string | null {
  if (t.withoutRowid) return null;
  const names = new Set(t.columns.map((c) => foldName(c.name)));
  return ['rowid', '_rowid_', 'oid'].find((n) => !names.has(n)) ?? null;
}
