/** A table of the document as its CREATE TABLE statement: one fragment per column property and table constraint. */
import { quoteIdent, quoteString } from '../model/quote.js';
import { renderDefault } from '../render/create-sql.js';
import { embedSql } from '../model/embed-sql.js';
import type { Fragment, RenderedStatement } from './yaml-rendered-statement.js';
import type { YamlCheck, YamlConflict, YamlReferenceActions, YamlTable } from './yaml-schema.js';
import type { Location, Path } from './yaml-source.js';
import { checkText, columnsOf, keyPartsOf, lc, tableAutoincrement, tableOnConflict, tablePath, typePath, uniquesOf, type ColumnEntry } from './yaml-table.js';

/** How a number at `path` is written in the file, if it is. */
export type NumberSource = (path: Path) => string | undefined;

/** A number as the file wrote it, so `1.0` stays `1.0` (SQLite reports a default as written) — when that is SQL too. */
const sqlNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^0[xX][0-9a-fA-F]+$/;

/** The SQL literal for a `default:` value; the rule is documented on `default` in the JSON Schema. */
function sqlLiteral(value: string | number | boolean | null, written: string | undefined): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return quoteString(value);
  return written !== undefined && sqlNumber.test(written) ? written : String(value);
}

/** ABORT is SQLite's default: leaving it out keeps the model the same either way. */
function conflictSql(a: YamlConflict | undefined): string {
  return a === undefined || a === 'ABORT' ? '' : ` ON CONFLICT ${a}`;
}

function keySql(parts: readonly { name: string; desc: boolean; collate: string | undefined }[]): string {
  return parts.map((k) => `${quoteIdent(k.name)}${k.collate === undefined ? '' : ` COLLATE ${quoteIdent(k.collate)}`}${k.desc ? ' DESC' : ''}`).join(', ');
}

function checkSql(c: YamlCheck): string {
  return typeof c === 'string' || c.name === undefined ? `CHECK (${embedSql(checkText(c))})` : `CONSTRAINT ${quoteIdent(c.name)} CHECK (${embedSql(c.expr)})`;
}

const deferrableSql: Record<'initially-deferred' | 'initially-immediate', string> = {
  'initially-deferred': 'DEFERRABLE INITIALLY DEFERRED',
  'initially-immediate': 'DEFERRABLE INITIALLY IMMEDIATE',
};

function referenceActionsSql(r: YamlReferenceActions): string {
  return [
    r.onDelete === undefined ? '' : ` ON DELETE ${r.onDelete}`,
    r.onUpdate === undefined ? '' : ` ON UPDATE ${r.onUpdate}`,
    r.deferrable === undefined || r.deferrable === false ? '' : ` ${deferrableSql[r.deferrable]}`,
  ].join('');
}

/**
 * A table-level key of one column without a collation is written on that column, as liteform
 * writes every single-column key: `INTEGER PRIMARY KEY DESC` on the column is not a rowid alias,
 * while `PRIMARY KEY (id DESC)` on the table is, so the two spellings are different schemas.
 */
function inlineTableKey(tableName: string, table: YamlTable): { name: string; sql: string } | null {
  const parts = keyPartsOf(tableName, table);
  if (parts.length !== 1 || parts[0]!.collate !== undefined) return null;
  return { name: parts[0]!.name, sql: `PRIMARY KEY${parts[0]!.desc ? ' DESC' : ''}${conflictSql(tableOnConflict(table))}${tableAutoincrement(table) ? ' AUTOINCREMENT' : ''}` };
}

function columnFragments(c: ColumnEntry, numberSource: NumberSource, tableKey: { name: string; sql: string } | null): Fragment[] {
  const d = c.def;
  const at = (prop: string): Location => ({ path: [...c.path, prop] });
  const out: Fragment[] = [{
    sql: d.type === undefined ? quoteIdent(c.name) : `${quoteIdent(c.name)} ${d.type}`,
    at: d.type === undefined ? { path: c.path, onKey: true } : { path: typePath(c) },
  }];
  if (d.primaryKey === true) out.push({ sql: 'PRIMARY KEY', at: at('primaryKey') });
  if (tableKey !== null && lc(tableKey.name) === lc(c.name)) out.push({ sql: tableKey.sql, at: { path: [...c.path.slice(0, -2), 'primaryKey'] } });
  if (d.autoincrement === true) out.push({ sql: 'AUTOINCREMENT', at: at('autoincrement') });
  if (d.notNull === true) out.push({ sql: `NOT NULL${conflictSql(d.onConflict)}`, at: at('notNull') });
  if (d.unique === true) out.push({ sql: 'UNIQUE', at: at('unique') });
  if (d.default !== undefined) out.push({ sql: `DEFAULT ${sqlLiteral(d.default, numberSource([...c.path, 'default']))}`, at: at('default') });
  if (d.defaultExpr !== undefined) out.push({ sql: `DEFAULT ${renderDefault(d.defaultExpr)}`, at: at('defaultExpr') });
  if (d.collate !== undefined) out.push({ sql: `COLLATE ${quoteIdent(d.collate)}`, at: at('collate') });
  if (d.generated) out.push({ sql: `GENERATED ALWAYS AS (${embedSql(d.generated.expr)}) ${d.generated.stored === true ? 'STORED' : 'VIRTUAL'}`, at: at('generated') });
  if (d.check !== undefined) out.push({ sql: checkSql(d.check), at: at('check') });
  if (d.references) {
    const r = d.references;
    const column = r.column === undefined ? '' : ` (${quoteIdent(r.column)})`;
    out.push({ sql: `REFERENCES ${quoteIdent(r.table)}${column}${referenceActionsSql(r)}`, at: at('references') });
  }
  return out;
}

function tableConstraintFragments(tableName: string, table: YamlTable): Fragment[] {
  const base = tablePath(tableName);
  const out: Fragment[] = [];
  const parts = keyPartsOf(tableName, table);
  if (parts.length > 0 && inlineTableKey(tableName, table) === null) {
    out.push({ sql: `PRIMARY KEY (${keySql(parts)}${tableAutoincrement(table) ? ' AUTOINCREMENT' : ''})${conflictSql(tableOnConflict(table))}`, at: { path: [...base, 'primaryKey'] } });
  }
  for (const u of uniquesOf(tableName, table)) out.push({ sql: `UNIQUE (${keySql(u.parts)})${conflictSql(u.onConflict)}`, at: { path: u.path } });
  (table.checks ?? []).forEach((c, i) => out.push({ sql: checkSql(c), at: { path: [...base, 'checks', i] } }));
  (table.foreignKeys ?? []).forEach((fk, i) => {
    const ref = fk.references.columns === undefined ? '' : ` (${fk.references.columns.map(quoteIdent).join(', ')})`;
    out.push({
      sql: `FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.references.table)}${ref}${referenceActionsSql(fk)}`,
      at: { path: [...base, 'foreignKeys', i] },
    });
  });
  return out;
}

function tableOptions(tableName: string, table: YamlTable): Fragment | null {
  const options = [table.strict === true ? 'STRICT' : '', table.withoutRowid === true ? 'WITHOUT ROWID' : ''].filter((o) => o !== '');
  if (options.length === 0) return null;
  return { sql: options.join(', '), at: { path: [...tablePath(tableName), table.strict === true ? 'strict' : 'withoutRowid'] } };
}

export function renderTable(tableName: string, table: YamlTable, numberSource: NumberSource): RenderedStatement {
  // Each item is one comma-separated entry of the table body: a column (several fragments) or a table constraint.
  const items: Fragment[][] = [
    ...columnsOf(tableName, table).map((c) => columnFragments(c, numberSource, inlineTableKey(tableName, table))),
    ...tableConstraintFragments(tableName, table).map((f) => [f]),
  ];
  const options = tableOptions(tableName, table);
  const bodyCount = items.reduce((n, item) => n + item.length, 0);
  const build = (keep: number): string => {
    const body: string[] = [];
    let left = keep;
    for (const item of items) {
      if (left <= 0) break;
      body.push(item.slice(0, left).map((f) => f.sql).join(' '));
      left -= item.length;
    }
    const suffix = options !== null && keep > bodyCount ? ` ${options.sql}` : '';
    return `CREATE TABLE ${quoteIdent(tableName)} (\n  ${body.join(',\n  ')}\n)${suffix}`;
  };
  const fragments = [...items.flat(), ...(options === null ? [] : [options])];
  return { label: `table ${tableName}`, at: { path: tablePath(tableName), onKey: true }, sql: build(fragments.length), fragments, build, requires: [] };
}
