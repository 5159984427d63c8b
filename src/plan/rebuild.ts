/**
 * The full table rebuild of sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema
 * Changes"), as steps. The executor supplies the parts that cannot live inside the transaction:
 * FK enforcement off before BEGIN and restored after, and the foreign_key_check before COMMIT.
 */
import type { Change } from '../diff/change.js';
import type { Table } from '../model/schema-model.js';
import { quoteIdent, quoteString } from '../model/quote.js';
import { renderCreateIndex, renderCreateTable, renderDefault } from '../render/create-sql.js';
import type { Step } from './plan.js';
import { foldName as lc } from '../model/normalize.js';

type ModifyTable = Extract<Change, { kind: 'ModifyTable' }>;

/** True when the table's rows are addressed by an INTEGER PRIMARY KEY that aliases the rowid. */
export function hasRowidAlias(t: Table): boolean {
  const pk = t.primaryKey;
  // `INTEGER PRIMARY KEY DESC` (as a column constraint, which is how liteform writes it) is not an alias.
  if (t.withoutRowid || !pk || pk.columns.length !== 1 || pk.columns[0]!.desc) return false;
  const col = t.columns.find((c) => lc(c.name) === lc(pk.columns[0]!.name));
  return col !== undefined && col.type === 'INTEGER';
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

/** A table name starting with `base` that no table in either schema uses. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(lc(name)); i++) name = `${base}_${i}`;
  return name;
}

/**
 * Steps that rebuild `mt.name` (already carrying its final name: renames ran before) into `mt.to`.
 * Indexes are recreated here; triggers and views are recreated by the planner after all tables exist.
 */
export function rebuildSteps(mt: ModifyTable, change: number, tempName: string): Step[] {
  const table = mt.name;
  const q = quoteIdent(table);
  const tq = quoteIdent(tempName);
  const sources = columnSources(mt);
  const columns: { column: string; expr: string }[] = [];
  const keepRowid = !mt.from.withoutRowid && !mt.to.withoutRowid && !hasRowidAlias(mt.to);
  for (const col of mt.to.columns) {
    if (col.generated) continue;
    const old = sources.get(lc(col.name));
    if (old === undefined) continue;
    const oldCol = mt.from.columns.find((c) => lc(c.name) === lc(old))!;
    const becomesNotNull = col.notNull && !oldCol.notNull && col.default !== null;
    columns.push({ column: col.name, expr: becomesNotNull ? `IFNULL(${quoteIdent(old)}, ${renderDefault(col.default!)})` : quoteIdent(old) });
  }
  const targetCols = [...(keepRowid ? ['rowid'] : []), ...columns.map((c) => quoteIdent(c.column))];
  // Keep rowids stable: other rows, application caches and FTS content tables may point at them.
  const sourceExprs = [...(keepRowid ? ['rowid'] : []), ...columns.map((c) => c.expr)];
  const steps: Step[] = [
    { kind: 'sql', sql: renderCreateTable(mt.to, tempName), comment: `rebuild ${table}: create the new table under a temporary name`, change, table },
  ];
  // Nothing to copy only when no column is carried over and there is no rowid (a destructive change).
  if (targetCols.length > 0) {
    steps.push({
      kind: 'copy',
      sql: `INSERT INTO ${tq} (${targetCols.join(', ')})\n  SELECT ${sourceExprs.join(', ')} FROM ${q}`,
      comment: `rebuild ${table}: copy every row`,
      change,
      table,
      copy: { source: table, target: tempName, columns },
    });
  }
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
    { kind: 'sql', sql: `ALTER TABLE ${tq} RENAME TO ${q}`, comment: `rebuild ${table}: give the new table its name`, change, table },
  );
  for (const index of mt.to.indexes) {
    steps.push({ kind: 'sql', sql: renderCreateIndex(index, table), comment: `rebuild ${table}: recreate index ${index.name}`, change, table });
  }
  return steps;
}
