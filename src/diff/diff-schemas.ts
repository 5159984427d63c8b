/** diffSchemas(from, to, hints) → Change[]: what differs, as data. Pure. */
import type { Change, ColumnAspect, TableChange } from './change.js';
import type {
  CheckConstraint, Column, ForeignKey, Index, IndexPart, KeyColumn, PrimaryKey, RenameHints, SchemaModel, Table, UniqueConstraint,
} from '../model/schema-model.js';
import { noRenames } from '../model/schema-model.js';
import { normalizeExpr, sameExpr, sameType, foldName } from '../model/normalize.js';
import { sameData } from './same-data.js';

const lc = foldName;

export function diffSchemas(from: SchemaModel, to: SchemaModel, hints: RenameHints = noRenames): Change[] {
  const changes: Change[] = [];
  const fromTables = new Map(from.tables.map((t) => [lc(t.name), t]));
  const toTables = new Map(to.tables.map((t) => [lc(t.name), t]));
  /** old table name (lc) → new table name, for renames that apply. */
  const tableRenames = new Map<string, string>();
  for (const [newName, oldName] of hints.tables) {
    if (fromTables.has(lc(oldName)) && !fromTables.has(newName) && toTables.has(newName) && !toTables.has(lc(oldName))) {
      tableRenames.set(lc(oldName), toTables.get(newName)!.name);
    }
  }
  const matched = new Map<string, Table>(); // new lc → from table
  for (const [oldLc, newName] of tableRenames) {
    changes.push({ kind: 'RenameTable', from: fromTables.get(oldLc)!.name, to: newName });
    matched.set(lc(newName), fromTables.get(oldLc)!);
  }
  for (const t of to.tables) {
    if (matched.has(lc(t.name))) continue;
    const f = fromTables.get(lc(t.name));
    if (f && !tableRenames.has(lc(t.name))) matched.set(lc(t.name), f);
  }
  const usedFrom = new Set([...matched.values()].map((t) => lc(t.name)));
  for (const t of from.tables) if (!usedFrom.has(lc(t.name))) changes.push({ kind: 'DropTable', table: t });
  for (const t of to.tables) {
    const f = matched.get(lc(t.name));
    if (!f) {
      changes.push({ kind: 'AddTable', table: t });
      continue;
    }
    // An equal table has no changes, unless a foreign key names a renamed table (its key maps to the new name).
    const equal = sameData(f, t) && (tableRenames.size === 0 || !f.foreignKeys.some((fk) => tableRenames.has(lc(fk.refTable))));
    const tableChanges = equal ? [] : diffTable(f, t, hints, tableRenames);
    if (tableChanges.length > 0) changes.push({ kind: 'ModifyTable', name: t.name, from: f, to: t, changes: tableChanges });
  }

  const diffNamed = <T extends { name: string }>(
    a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean,
    add: (x: T) => Change, drop: (x: T) => Change, modify: (x: T, y: T) => Change,
  ): void => {
    const am = new Map(a.map((x) => [lc(x.name), x]));
    const bm = new Map(b.map((x) => [lc(x.name), x]));
    for (const x of a) if (!bm.has(lc(x.name))) changes.push(drop(x));
    for (const y of b) {
      const x = am.get(lc(y.name));
      if (!x) changes.push(add(y));
      else if (!same(x, y)) changes.push(modify(x, y));
    }
  };
  const sameSql = (x: { sql: string }, y: { sql: string }): boolean => x.sql === y.sql || normalizeExpr(x.sql) === normalizeExpr(y.sql);
  diffNamed(from.views, to.views, sameSql, (view) => ({ kind: 'AddView', view }), (view) => ({ kind: 'DropView', view }), (f, t) => ({ kind: 'ModifyView', from: f, to: t }));
  diffNamed(from.triggers, to.triggers, sameSql, (trigger) => ({ kind: 'AddTrigger', trigger }), (trigger) => ({ kind: 'DropTrigger', trigger }), (f, t) => ({ kind: 'ModifyTrigger', from: f, to: t }));
  diffNamed(from.virtualTables, to.virtualTables, sameSql, (table) => ({ kind: 'AddVirtualTable', table }), (table) => ({ kind: 'DropVirtualTable', table }), (f, t) => ({ kind: 'ModifyVirtualTable', from: f, to: t }));
  return changes;
}

function diffTable(from: Table, to: Table, hints: RenameHints, tableRenames: ReadonlyMap<string, string>): TableChange[] {
  const out: TableChange[] = [];
  const fromCols = new Map(from.columns.map((c) => [lc(c.name), c]));
  const toCols = new Map(to.columns.map((c) => [lc(c.name), c]));
  const colMap = new Map<string, string>(); // old lc → new name
  const matchedTo = new Set<string>();
  for (const c of to.columns) {
    const hinted = hints.columns.get(lc(`${to.name}.${c.name}`));
    if (hinted && fromCols.has(lc(hinted)) && !fromCols.has(lc(c.name)) && !toCols.has(lc(hinted))) {
      colMap.set(lc(hinted), c.name);
      matchedTo.add(lc(c.name));
      out.push({ kind: 'RenameColumn', from: fromCols.get(lc(hinted))!.name, to: c.name });
    }
  }
  for (const c of to.columns) {
    if (matchedTo.has(lc(c.name))) continue;
    if (fromCols.has(lc(c.name)) && !colMap.has(lc(c.name))) {
      colMap.set(lc(c.name), c.name);
      matchedTo.add(lc(c.name));
    }
  }
  for (const c of from.columns) if (!colMap.has(lc(c.name))) out.push({ kind: 'DropColumn', column: c });
  for (const c of to.columns) {
    if (matchedTo.has(lc(c.name))) continue;
    const backfill = hints.backfills?.get(lc(`${to.name}.${c.name}`));
    out.push(backfill === undefined ? { kind: 'AddColumn', column: c } : { kind: 'AddColumn', column: c, backfill });
  }
  for (const f of from.columns) {
    const newName = colMap.get(lc(f.name));
    if (newName === undefined) continue;
    const t = toCols.get(lc(newName))!;
    const what = columnAspects(f, t);
    if (what.length > 0) out.push({ kind: 'ModifyColumn', from: f, to: t, what });
  }
  const keptFromOrder = from.columns.map((c) => colMap.get(lc(c.name))).filter((n): n is string => n !== undefined).map(lc);
  const keptToOrder = to.columns.map((c) => lc(c.name)).filter((n) => keptFromOrder.includes(n));
  if (keptFromOrder.join('\0') !== keptToOrder.join('\0')) {
    out.push({ kind: 'ReorderColumns', from: from.columns.map((c) => c.name), to: to.columns.map((c) => c.name) });
  }
  const mapCol = (n: string): string => lc(colMap.get(lc(n)) ?? n);
  const mapTable = (n: string): string => lc(tableRenames.get(lc(n)) ?? n);

  if (pkKey(from.primaryKey, mapCol) !== pkKey(to.primaryKey, lc)) out.push({ kind: 'ModifyPrimaryKey', from: from.primaryKey, to: to.primaryKey });

  diffSets(from.uniques, to.uniques, (u) => uniqueKey(u, mapCol), (u) => uniqueKey(u, lc),
    (unique) => out.push({ kind: 'AddUnique', unique }), (unique) => out.push({ kind: 'DropUnique', unique }));
  diffSets(from.checks, to.checks, checkKey, checkKey,
    (check) => out.push({ kind: 'AddCheck', check }), (check) => out.push({ kind: 'DropCheck', check }));
  diffSets(from.foreignKeys, to.foreignKeys, (fk) => fkKey(fk, mapCol, mapTable), (fk) => fkKey(fk, lc, lc),
    (foreignKey) => out.push({ kind: 'AddForeignKey', foreignKey }), (foreignKey) => out.push({ kind: 'DropForeignKey', foreignKey }));
  diffSets(from.indexes, to.indexes, (i) => indexKey(i, mapCol), (i) => indexKey(i, lc),
    (index) => out.push({ kind: 'AddIndex', index }), (index) => out.push({ kind: 'DropIndex', index }));
  if (from.strict !== to.strict) out.push({ kind: 'ModifyStrict', to: to.strict });
  if (from.withoutRowid !== to.withoutRowid) out.push({ kind: 'ModifyWithoutRowid', to: to.withoutRowid });
  return out;
}

export function columnAspects(f: Column, t: Column): ColumnAspect[] {
  const what: ColumnAspect[] = [];
  if (!sameType(f.type, t.type)) what.push('type');
  if (f.notNull !== t.notNull) what.push('notNull');
  if (!sameExpr(f.default, t.default)) what.push('default');
  if ((f.collate ?? 'BINARY') !== (t.collate ?? 'BINARY')) what.push('collate');
  if (f.onConflict !== t.onConflict) what.push('notNull');
  if ((f.generated === null) !== (t.generated === null) || (f.generated && t.generated && (f.generated.stored !== t.generated.stored || !sameExpr(f.generated.expr, t.generated.expr)))) {
    what.push('generated');
  }
  return what;
}

/** Multiset difference by key: keys only in `a` are dropped, only in `b` added. */
function diffSets<T>(a: readonly T[], b: readonly T[], keyA: (x: T) => string, keyB: (x: T) => string, add: (x: T) => void, drop: (x: T) => void): void {
  if (a.length === 0 && b.length === 0) return;
  const aKeys = a.map(keyA);
  const bKeys = b.map(keyB);
  const remaining = new Map<string, number>();
  for (const k of bKeys) remaining.set(k, (remaining.get(k) ?? 0) + 1);
  aKeys.forEach((k, i) => {
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else drop(a[i]!);
  });
  const aCounts = new Map<string, number>();
  for (const k of aKeys) aCounts.set(k, (aCounts.get(k) ?? 0) + 1);
  const seen = new Map<string, number>();
  bKeys.forEach((k, i) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n > (aCounts.get(k) ?? 0)) add(b[i]!);
  });
}

function keyColumnsKey(cols: readonly KeyColumn[], mapCol: (n: string) => string): string {
  return cols.map((c) => `${mapCol(c.name)}${c.collate === null ? '' : ` collate ${c.collate}`}${c.desc ? ' desc' : ''}`).join(',');
}

function pkKey(pk: PrimaryKey | null, mapCol: (n: string) => string): string {
  if (!pk) return '';
  return `${keyColumnsKey(pk.columns, mapCol)}${pk.autoincrement ? ' autoincrement' : ''}${pk.onConflict === null ? '' : ` on conflict ${pk.onConflict}`}`;
}

function uniqueKey(u: UniqueConstraint, mapCol: (n: string) => string): string {
  return `${keyColumnsKey(u.columns, mapCol)}${u.onConflict === null ? '' : ` on conflict ${u.onConflict}`}`;
}

function checkKey(c: CheckConstraint): string {
  return `${c.name === null ? '' : lc(c.name)}:${normalizeExpr(c.expr)}`;
}

function fkKey(fk: ForeignKey, mapCol: (n: string) => string, mapTable: (n: string) => string): string {
  // An implicit parent key is one definition whatever the parent's primary key resolves to today.
  const parent = fk.refColumnsImplicit ? '*' : fk.refColumns.map(lc).join(',');
  return `${fk.columns.map(mapCol).join(',')}>${mapTable(fk.refTable)}(${parent}) ${fk.onDelete}/${fk.onUpdate}/${fk.deferrable}`;
}

function partKey(p: IndexPart, mapCol: (n: string) => string): string {
  const tail = `${p.collate ? ` collate ${p.collate}` : ''}${p.desc ? ' desc' : ''}`;
  return p.kind === 'column' ? `${mapCol(p.name)}${tail}` : `(${normalizeExpr(p.expr)})${tail}`;
}

export function indexKey(i: Index, mapCol: (n: string) => string): string {
  return `${lc(i.name)}:${i.unique ? 'unique ' : ''}${i.parts.map((p) => partKey(p, mapCol)).join(',')}${i.where === null ? '' : ` where ${normalizeExpr(i.where)}`}`;
}
