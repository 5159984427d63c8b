/**
 * The in-place schema edit as a step: the table's new CREATE TABLE text, stored by the executor
 * through writable_schema (see SchemaEdit in plan.ts). Pure: the executor does the writing.
 */
import type { Change } from '../diff/change.js';
import { quoteString } from '../model/quote.js';
import { foldName as lc } from '../model/normalize.js';
import { renderCreateTable } from '../render/create-sql.js';
import { SHORT_ROW_SENTINEL, type SchemaEdit, type Step } from './plan.js';

type ModifyTable = Extract<Change, { kind: 'ModifyTable' }>;

export function schemaEditStep(mt: ModifyTable, change: number, reasons: readonly string[]): Step {
  // ADD COLUMN cannot add a PRIMARY KEY or UNIQUE column, so every row holds a value for those.
  const keyed = new Set([...(mt.from.primaryKey?.columns ?? []), ...mt.from.uniques.flatMap((u) => u.columns)].map((k) => lc(k.name)));
  const fills = mt.changes.flatMap((c) =>
    c.kind === 'ModifyColumn' && c.what.includes('default') && !keyed.has(lc(c.to.name)) ? [{ column: c.to.name, oldDefault: c.from.default ?? 'NULL' }] : [],
  );
  const filled = new Set(fills.map((f) => lc(f.column)));
  const sentinelSql = fills.length === 0
    ? null
    : renderCreateTable({ ...mt.to, columns: mt.to.columns.map((c) => (filled.has(lc(c.name)) ? { ...c, default: SHORT_ROW_SENTINEL } : c)) });
  const edit: SchemaEdit = { table: mt.to.name, sql: renderCreateTable(mt.to), fills, sentinelSql };
  return {
    kind: 'schema-edit',
    sql: `UPDATE sqlite_schema SET sql = ${quoteString(edit.sql)} WHERE type = 'table' AND name = ${quoteString(edit.table)}`,
    comment:
      `edit table ${mt.to.name} in place, no row copied (${reasons.join('; ')}):\n` +
      'run with PRAGMA writable_schema and a schema_version bump, as lang_altertable.html describes, then checked',
    change,
    table: mt.to.name,
    edit,
  };
}
