/** Short human descriptions of model objects and changes, shared by rebuild reasons, the human plan and lint. */
import type { ColumnAspect } from '../diff/change.js';
import type { Column, Index, KeyColumn, PrimaryKey, Table } from '../model/schema-model.js';
import { foldName } from '../model/normalize.js';
import { referenceText } from '../model/reference-text.js';

/** `TEXT NOT NULL DEFAULT 'x'` — the column's shape without its name. */
export function describeColumn(c: Column): string {
  const parts = [c.type === '' ? '(no type)' : c.type];
  if (c.notNull) parts.push('NOT NULL');
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (c.collate !== null) parts.push(`COLLATE ${c.collate}`);
  if (c.generated) parts.push(`AS (${c.generated.expr}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  return parts.join(' ');
}

/** `value: TEXT → REAL` style, listing only what changed. */
export function describeColumnChange(from: Column, to: Column, what: readonly ColumnAspect[]): string {
  void what;
  return `${to.name}: ${describeColumn(from)} → ${describeColumn(to)}`;
}

/** `a, b COLLATE NOCASE DESC` */
export function keyNames(cols: readonly KeyColumn[]): string {
  return cols.map((c) => `${c.name}${c.collate === null ? '' : ` COLLATE ${c.collate}`}${c.desc ? ' DESC' : ''}`).join(', ');
}

export function describeKey(pk: PrimaryKey | null): string {
  if (!pk) return '(none)';
  return `(${keyNames(pk.columns)})${pk.autoincrement ? ' AUTOINCREMENT' : ''}${pk.onConflict === null ? '' : ` ON CONFLICT ${pk.onConflict}`}`;
}

export function describeIndex(i: Index): string {
  const parts = i.parts.map((p) => `${p.kind === 'column' ? p.name : p.expr}${p.collate ? ` COLLATE ${p.collate}` : ''}${p.desc ? ' DESC' : ''}`);
  return `${i.unique ? 'unique ' : ''}${i.name} on ${i.table}(${parts.join(', ')})${i.where === null ? '' : ` WHERE ${i.where}`}`;
}

/** A column as it sits in its table: the shape plus PRIMARY KEY / UNIQUE / REFERENCES where they apply to it alone. */
export function describeColumnIn(c: Column, t: Table): string {
  const lc = foldName(c.name);
  const parts = [describeColumn(c)];
  const pk = t.primaryKey;
  if (pk && pk.columns.length === 1 && foldName(pk.columns[0]!.name) === lc) parts.push(`PRIMARY KEY${pk.autoincrement ? ' AUTOINCREMENT' : ''}`);
  if (t.uniques.some((u) => u.columns.length === 1 && foldName(u.columns[0]!.name) === lc)) parts.push('UNIQUE');
  for (const fk of t.foreignKeys) {
    if (fk.columns.length === 1 && foldName(fk.columns[0]!) === lc) parts.push(`→ ${referenceText(fk)}${fk.onDelete !== 'NO ACTION' ? ` ON DELETE ${fk.onDelete}` : ''}`);
  }
  return parts.join(' ');
}
