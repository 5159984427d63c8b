/**
 * The full table rebuild of sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema
 * Changes"), as steps. The executor supplies the parts that cannot live inside the transaction:
 * FK enforcement off before BEGIN and restored after, and the foreign_key_check before COMMIT.
 */
import type { Change } from '../diff/change.js';
import type { SchemaModel, Table } from '../model/schema-model.js';
import { quoteIdent, quoteString } from '../model/quote.js';
import { renderCreateIndex, renderCreateTable, renderDefault } from '../render/create-sql.js';
import type { CopyMap, Step } from './plan.js';
import { foldName as lc, normalizeType } from '../model/normalize.js';
import { renameWithoutReparse } from './legacy-alter.js';
import { embedSql } from '../model/embed-sql.js';

type ModifyTable = Extract<Change, { kind: 'ModifyTable' }>;

/** True when the table's rows are addressed by an INTEGER PRIMARY KEY that aliases the rowid. */
export function hasRowidAlias(t: Table): boolean {
  const pk = t.primaryKey;
  // `INTEGER PRIMARY KEY DESC` (as a column constraint, which is how liteform writes it) is not an alias.
  if (t.withoutRowid || !pk || pk.columns.length !== 1 || pk.columns[0]!.desc) return false;
  const col = t.columns.find((c) => lc(c.name) === lc(pk.columns[0]!.name));
  return col !== undefined && normalizeType(col.type) === 'INTEGER';
}

/**
 * How to name a rowid table's rowid in SQL: `rowid`, `_rowid_` or `oid`, whichever no column of the
 * table shadows; null for a WITHOUT ROWID table or when columns shadow all three.
 */
export function rowidName(t: Table): string | null {
  if (t.withoutRowid) return null;
  return ['rowid', '_rowid_', 'oid'].find((n) => !t.columns.some((c) => lc(c.name) === n)) ?? null;
}

/** new column (lower case) → old column name, following renames. */
export function columnSources(mt: ModifyTable): Map<string, string> {
  const map = new Map<string, string>();
  const dropped = new Set(mt.changes.flatMap((c) => (c.kind === 'DropColumn' ? [lc(c.column.name)] : [])));
  const renamedFrom = new Set<string>();
  for (const c of mt.changes) {
    if (c.kind === 'RenameColumn') {
      map.set(lc(c.to), c.from);
      renamedFrom.add(lc(c.from));
    }
  }
  const added = new Set(mt.changes.flatMap((c) => (c.kind === 'AddColumn' ? [lc(c.column.name)] : [])));
  for (const col of mt.to.columns) {
    const k = lc(col.name);
    if (map.has(k) || added.has(k)) continue;
    const old = mt.from.columns.find((c) => lc(c.name) === k);
    if (old && !dropped.has(k) && !renamedFrom.has(k)) map.set(k, old.name);
  }
  return map;
}

/** A table name starting with `base` that no name in `taken` (folded with foldName) uses. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(lc(name)); i++) name = `${base}_${i}`;
  return name;
}

// The shadow tables SQLite's virtual-table modules create beside a virtual table `<vt>`: `<vt>_<suffix>`
// (FTS5, FTS3/4, R*Tree). They are in the database but never in a SchemaModel.
const SHADOW_SUFFIXES = ['data', 'idx', 'content', 'docsize', 'config', 'segments', 'segdir', 'stat', 'node', 'parent', 'rowid'];

/**
 * Every name (folded) a rebuild's temporary table must not take: the tables, virtual tables and their
 * shadow tables, indexes, views and triggers of both schemas (tables, indexes and views share one
 * namespace in SQLite; triggers are kept out too so that no two objects ever look alike), plus
 * `inDatabase`: every name in the target database's sqlite_schema, which also holds what no model
 * shows (liteform's own `_liteform_*` tables and a user's table that happens to be named so).
 */
export function namesInUse(from: SchemaModel, to: SchemaModel, inDatabase: Iterable<string> = []): Set<string> {
  const taken = new Set<string>();
  for (const m of [from, to]) {
    for (const t of m.tables) {
      taken.add(lc(t.name));
      for (const i of t.indexes) taken.add(lc(i.name));
    }
    for (const v of m.virtualTables) {
      taken.add(lc(v.name));
      for (const s of SHADOW_SUFFIXES) taken.add(lc(`${v.name}_${s}`));
    }
    for (const v of m.views) taken.add(lc(v.name));
    for (const t of m.triggers) taken.add(lc(t.name));
  }
  for (const n of inDatabase) taken.add(lc(n));
  return taken;
}

interface CopyColumns {
  /** Quoted target columns of the INSERT (never empty). */
  readonly targets: readonly string[];
  /** The SELECT expressions over the old table, one per target. */
  readonly sources: readonly string[];
  /** The carried user columns (for explaining data failures); the rowid and the filler are not listed. */
  readonly columns: readonly { readonly column: string; readonly expr: string }[];
  readonly rowid: CopyMap['rowid'];
  readonly fill: CopyMap['fill'];
}

/**
 * The column map of a rebuild's INSERT … SELECT. The SELECT reads every row of the old table with no
 * WHERE, so the copy inserts exactly as many rows as the old table holds, or fails (NOT NULL, UNIQUE,
 * CHECK, STRICT type): rows are never dropped, whatever columns remain.
 *
 * - Carried columns (same name, or renamed) are copied; a column that becomes NOT NULL and has a
 *   default takes it where the old value is NULL. New columns are left out, so they take their defaults.
 * - Between two rowid tables the rowid is kept (other rows, caches and FTS content tables point at it):
 *   into `rowid` when the new table has no INTEGER PRIMARY KEY, or into a new INTEGER PRIMARY KEY
 *   column that no old column feeds.
 * - When that leaves nothing to insert (no column carried, no rowid: e.g. a WITHOUT ROWID table that
 *   keeps none of its columns), one new column is set to what `DEFAULT VALUES` would give it (its
 *   default, else NULL): one row per old row, each as if inserted with DEFAULT VALUES. A NOT NULL column
 *   without a default then fails the copy on the first row (LITEFORM_DATA), never silently.
 */
export function copyColumns(mt: ModifyTable): CopyColumns {
  const sources = columnSources(mt);
  const backfills = new Map(mt.changes.flatMap((c) => (c.kind === 'AddColumn' && c.backfill !== undefined ? [[lc(c.column.name), c.backfill] as const] : [])));
  const columns: { column: string; expr: string }[] = [];
  for (const col of mt.to.columns) {
    if (col.generated) continue;
    const old = sources.get(lc(col.name));
    const backfill = backfills.get(lc(col.name));
    if (old === undefined && backfill !== undefined) columns.push({ column: col.name, expr: `(${embedSql(backfill)})` });
    if (old === undefined) continue;
    const oldCol = mt.from.columns.find((c) => lc(c.name) === lc(old))!;
    const becomesNotNull = col.notNull && !oldCol.notNull && col.default !== null;
    columns.push({ column: col.name, expr: becomesNotNull ? `IFNULL(${quoteIdent(old)}, ${renderDefault(col.default!)})` : quoteIdent(old) });
  }
  const targets = columns.map((c) => quoteIdent(c.column));
  const exprs = columns.map((c) => c.expr);
  const alias = hasRowidAlias(mt.to) ? mt.to.primaryKey!.columns[0]!.name : null;
  const oldRowid = rowidName(mt.from);
  const newRowid = rowidName(mt.to);
  let rowid: CopyMap['rowid'] = null;
  if (oldRowid !== null && newRowid !== null && (alias === null || !sources.has(lc(alias)))) {
    // The rowid's name stands for the INTEGER PRIMARY KEY column when there is one.
    rowid = { from: oldRowid, to: newRowid };
    targets.unshift(newRowid);
    exprs.unshift(oldRowid);
  }
  let fill: CopyMap['fill'] = null;
  if (targets.length === 0) {
    // SQLite refuses a table without a non-generated column, so there is always one to fill.
    const col = mt.to.columns.find((c) => !c.generated)!;
    fill = { column: col.name, expr: col.default === null ? 'NULL' : renderDefault(col.default) };
    targets.push(quoteIdent(fill.column));
    exprs.push(fill.expr);
  }
  return { targets, sources: exprs, columns, rowid, fill };
}

/** `; existing rows get uid from its backfill` when the user gave added columns a backfill. */
function backfillNote(mt: ModifyTable): string {
  const names = mt.changes.flatMap((c) => (c.kind === 'AddColumn' && c.backfill !== undefined ? [c.column.name] : []));
  return names.length === 0 ? '' : `; existing rows get ${names.join(', ')} from ${names.length === 1 ? 'its backfill' : 'their backfills'}`;
}

/**
 * Steps that rebuild `mt.name` (already carrying its final name: renames ran before) into `mt.to`.
 * Indexes are recreated here; triggers and views are recreated by the planner after all tables exist.
 */
export function rebuildSteps(mt: ModifyTable, change: number, tempName: string): Step[] {
  const table = mt.name;
  const q = quoteIdent(table);
  const tq = quoteIdent(tempName);
  const copy = copyColumns(mt);
  const steps: Step[] = [
    { kind: 'sql', sql: renderCreateTable(mt.to, tempName), comment: `rebuild ${table}: create the new table under a temporary name`, change, table },
    {
      kind: 'copy',
      sql: `INSERT INTO ${tq} (${copy.targets.join(', ')})\n  SELECT ${copy.sources.join(', ')} FROM ${q}`,
      comment: `rebuild ${table}: copy every row${backfillNote(mt)}`,
      change,
      table,
      copy: { source: table, target: tempName, columns: copy.columns, rowid: copy.rowid, fill: copy.fill },
    },
  ];
  if (mt.to.primaryKey?.autoincrement) {
    // The copy sets the new counter to max(id); keep the old high-water mark so deleted ids are never reused.
    steps.push({
      kind: 'sql',
      sql:
        `INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteString(tempName)}, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${quoteString(tempName)});\n` +
        `UPDATE sqlite_sequence SET seq = max(seq, IFNULL((SELECT seq FROM sqlite_sequence WHERE name = ${quoteString(table)}), 0)) WHERE name = ${quoteString(tempName)}`,
      comment: `rebuild ${table}: keep the AUTOINCREMENT high-water mark`,
      change,
      table,
    });
  }
  steps.push(
    { kind: 'sql', sql: `DROP TABLE ${q}`, comment: `rebuild ${table}: drop the old table`, change, table },
    ...renameWithoutReparse({ kind: 'sql', sql: `ALTER TABLE ${tq} RENAME TO ${q}`, comment: `rebuild ${table}: give the new table its name`, change, table }),
  );
  for (const index of mt.to.indexes) {
    steps.push({ kind: 'sql', sql: renderCreateIndex(index, table), comment: `rebuild ${table}: recreate index ${index.name}`, change, table });
  }
  return steps;
}
