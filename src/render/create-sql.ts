/** Renders model objects as CREATE statements. Every identifier is quoted. Pure. */
import type { Column, ConflictAction, ForeignKey, Index, IndexPart, KeyColumn, PrimaryKey, Table } from '../model/schema-model.js';
import { quoteIdent } from '../model/quote.js';
import { tokenize } from '../model/sql-tokens.js';
import { foldName } from '../model/normalize.js';
import { embedSql } from '../model/embed-sql.js';
import { defaultWithoutDoubleQuotes } from '../model/double-quoted-strings.js';

const literalWords = new Set(['NULL', 'TRUE', 'FALSE', 'CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP']);

/** True when a DEFAULT can be written without parentheses: a literal, a signed number, NULL/TRUE/FALSE or CURRENT_*. */
export function isLiteralDefault(expr: string): boolean {
  const ts = tokenize(expr);
  if (ts.length === 1) {
    const t = ts[0]!;
    return t.kind === 'string' || t.kind === 'number' || t.kind === 'blob' || (t.kind === 'word' && literalWords.has(t.text.toUpperCase()));
  }
  return ts.length === 2 && ts[0]!.kind === 'op' && (ts[0]!.text === '-' || ts[0]!.text === '+') && ts[1]!.kind === 'number';
}

/** A default SQLite accepts in ALTER TABLE ADD COLUMN: a literal that is not CURRENT_TIME/DATE/TIMESTAMP. */
export function isConstantDefault(expr: string): boolean {
  return isLiteralDefault(expr) && !/^current_/i.test(expr.trim());
}

export function renderDefault(written: string): string {
  // A lone "x" is the string 'x' to SQLite's DEFAULT (model/double-quoted-strings.ts); in parentheses it would not be.
  const expr = defaultWithoutDoubleQuotes(written.trim()) ?? written;
  return isLiteralDefault(expr) ? embedSql(expr.trim()) : `(${embedSql(expr)})`;
}

export function isNullDefault(expr: string | null): boolean {
  return expr === null || expr.trim().toUpperCase() === 'NULL';
}

const conflict = (a: ConflictAction | null): string => (a === null ? '' : ` ON CONFLICT ${a}`);

/** A single-column key without its own collation is written on the column (AUTOINCREMENT needs that form). */
function isInlineKey(pk: PrimaryKey): boolean {
  return pk.columns.length === 1 && pk.columns[0]!.collate === null;
}

function renderKeyColumns(cols: readonly KeyColumn[]): string {
  return cols.map((c) => `${quoteIdent(c.name)}${c.collate === null ? '' : ` COLLATE ${quoteIdent(c.collate)}`}${c.desc ? ' DESC' : ''}`).join(', ');
}

/** A column definition; with its table, a single-column PRIMARY KEY is written inline. */
export function renderColumnDef(col: Column, table: Table | null): string {
  const parts = [quoteIdent(col.name)];
  if (col.type !== '') parts.push(col.type);
  const pk = table?.primaryKey;
  if (pk && isInlineKey(pk) && foldName(pk.columns[0]!.name) === foldName(col.name)) {
    parts.push(`PRIMARY KEY${pk.columns[0]!.desc ? ' DESC' : ''}${conflict(pk.onConflict)}${pk.autoincrement ? ' AUTOINCREMENT' : ''}`);
  }
  if (col.notNull) parts.push(`NOT NULL${conflict(col.onConflict)}`);
  if (col.default !== null) parts.push(`DEFAULT ${renderDefault(col.default)}`);
  if (col.collate !== null) parts.push(`COLLATE ${quoteIdent(col.collate)}`);
  if (col.generated) parts.push(`GENERATED ALWAYS AS (${embedSql(col.generated.expr)}) ${col.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  return parts.join(' ');
}

function renderForeignKey(fk: ForeignKey): string {
  let s = `FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.refTable)}`;
  if (!fk.refColumnsImplicit && fk.refColumns.length > 0) s += ` (${fk.refColumns.map(quoteIdent).join(', ')})`;
  if (fk.onDelete !== 'NO ACTION') s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== 'NO ACTION') s += ` ON UPDATE ${fk.onUpdate}`;
  if (fk.deferrable !== 'NOT DEFERRABLE') s += ` ${fk.deferrable}`;
  return s;
}

export function renderCreateTable(table: Table, name: string = table.name): string {
  const lines = table.columns.map((c) => renderColumnDef(c, table));
  const pk = table.primaryKey;
  if (pk && !isInlineKey(pk)) lines.push(`PRIMARY KEY (${renderKeyColumns(pk.columns)})${conflict(pk.onConflict)}`);
  for (const u of table.uniques) lines.push(`UNIQUE (${renderKeyColumns(u.columns)})${conflict(u.onConflict)}`);
  for (const c of table.checks) lines.push(`${c.name === null ? '' : `CONSTRAINT ${quoteIdent(c.name)} `}CHECK (${embedSql(c.expr)})`);
  for (const fk of table.foreignKeys) lines.push(renderForeignKey(fk));
  const options = [table.strict ? 'STRICT' : '', table.withoutRowid ? 'WITHOUT ROWID' : ''].filter((o) => o !== '');
  return `CREATE TABLE ${quoteIdent(name)} (\n  ${lines.join(',\n  ')}\n)${options.length > 0 ? ` ${options.join(', ')}` : ''}`;
}

function renderIndexPart(p: IndexPart): string {
  const head = p.kind === 'column' ? quoteIdent(p.name) : embedSql(p.expr);
  return `${head}${p.collate ? ` COLLATE ${quoteIdent(p.collate)}` : ''}${p.desc ? ' DESC' : ''}`;
}

export function renderCreateIndex(index: Index, table: string = index.table): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(table)} (${index.parts.map(renderIndexPart).join(', ')})${index.where === null ? '' : ` WHERE ${embedSql(index.where)}`}`;
}
