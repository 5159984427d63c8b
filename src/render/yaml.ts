/** A SchemaModel as a desired-state YAML file (`liteform inspect`): feeding it back plans nothing. */
import { createRequire } from 'node:module';
import type { Column, KeyColumn, PrimaryKey, SchemaModel, Table } from '../model/schema-model.js';
import { tokenize } from '../model/sql-tokens.js';
import { foldName } from '../model/normalize.js';
import { trailingComment } from '../model/embed-sql.js';

/**
 * SQL text as the YAML file carries it. A database may store text ending in a `/*` comment that is
 * never closed (SQLite accepts one at the end of a statement); the YAML loader refuses that, since
 * it would swallow what follows, so it is closed here. Comments never count in a comparison.
 */
function sqlText(sql: string): string {
  return trailingComment(sql) === 'open-block' ? `${sql} */` : sql;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A default that YAML can carry as a plain scalar: a string or a number literal. */
function defaultEntry(expr: string): Record<string, Json> {
  const ts = tokenize(expr);
  if (ts.length === 1 && ts[0]!.kind === 'string') return { default: ts[0]!.text.slice(1, -1).replace(/''/g, "'") };
  const num = ts.length === 1 && ts[0]!.kind === 'number' ? ts[0]!.text : ts.length === 2 && ts[0]!.text === '-' && ts[1]!.kind === 'number' ? `-${ts[1]!.text}` : null;
  if (num !== null && /^-?\d+(\.\d+)?$/.test(num) && String(Number(num)) === num) return { default: Number(num) };
  return { defaultExpr: sqlText(expr) };
}

/** A key of one plain column is written on the column (`primaryKey: true`). */
function isColumnKey(pk: PrimaryKey): boolean {
  return pk.columns.length === 1 && !pk.columns[0]!.desc && pk.columns[0]!.collate === null && pk.onConflict === null;
}

function keyEntry(k: KeyColumn): Json {
  if (!k.desc && k.collate === null) return k.name;
  return { column: k.name, ...(k.desc ? { desc: true } : {}), ...(k.collate !== null ? { collate: k.collate } : {}) };
}

function columnEntry(c: Column, t: Table): Json {
  const pk = t.primaryKey;
  const soleKey = pk && isColumnKey(pk) && foldName(pk.columns[0]!.name) === foldName(c.name);
  const o: Record<string, Json> = {};
  if (c.type !== '') o.type = c.type;
  if (soleKey) o.primaryKey = true;
  if (soleKey && pk.autoincrement) o.autoincrement = true;
  if (c.notNull) o.notNull = true;
  if (c.onConflict !== null) o.onConflict = c.onConflict;
  if (c.default !== null) Object.assign(o, defaultEntry(c.default));
  if (c.collate !== null) o.collate = c.collate;
  if (c.generated) o.generated = { expr: sqlText(c.generated.expr), stored: c.generated.stored };
  return o;
}

function tableEntry(t: Table, tableNames: ReadonlySet<string>): Json {
  const o: Record<string, Json> = {};
  if (t.strict) o.strict = true;
  if (t.withoutRowid) o.withoutRowid = true;
  o.columns = Object.fromEntries(t.columns.map((c) => [c.name, columnEntry(c, t)]));
  const pk = t.primaryKey;
  if (pk && !isColumnKey(pk)) {
    const cols: Json[] = pk.columns.map(keyEntry);
    o.primaryKey = pk.autoincrement || pk.onConflict !== null
      ? { columns: cols, ...(pk.autoincrement ? { autoincrement: true } : {}), ...(pk.onConflict !== null ? { onConflict: pk.onConflict } : {}) }
      : cols;
  }
  if (t.uniques.length > 0) o.unique = t.uniques.map((u) => (u.onConflict === null ? u.columns.map(keyEntry) : { columns: u.columns.map(keyEntry), onConflict: u.onConflict }));
  if (t.checks.length > 0) o.checks = t.checks.map((c) => (c.name === null ? sqlText(c.expr) : { name: c.name, expr: sqlText(c.expr) }));
  if (t.foreignKeys.length > 0) {
    o.foreignKeys = t.foreignKeys.map((fk) => {
      const references: Record<string, Json> = fk.refColumnsImplicit ? { table: fk.refTable } : { table: fk.refTable, columns: [...fk.refColumns] };
      if (!tableNames.has(foldName(fk.refTable))) references.missing = true;
      const f: Record<string, Json> = { columns: [...fk.columns], references };
      if (fk.onDelete !== 'NO ACTION') f.onDelete = fk.onDelete;
      if (fk.onUpdate !== 'NO ACTION') f.onUpdate = fk.onUpdate;
      if (fk.deferrable === 'DEFERRABLE INITIALLY DEFERRED') f.deferrable = 'initially-deferred';
      return f;
    });
  }
  if (t.indexes.length > 0) {
    o.indexes = Object.fromEntries(t.indexes.map((i) => {
      const parts: Json[] = i.parts.map((p) => {
        if (p.kind === 'column' && !p.desc && p.collate === null) return p.name;
        const x: Record<string, Json> = p.kind === 'column' ? { column: p.name } : { expr: sqlText(p.expr) };
        if (p.desc) x.desc = true;
        if (p.collate !== null) x.collate = p.collate;
        return x;
      });
      const e: Record<string, Json> = { columns: parts };
      if (i.unique) e.unique = true;
      if (i.where !== null) e.where = sqlText(i.where);
      return [i.name, e];
    }));
  }
  return o;
}

export function renderYaml(model: SchemaModel, schemaRef = './node_modules/liteform/schema/liteform.schema.json'): string {
  const tableNames = new Set(model.tables.map((t) => foldName(t.name)));
  const body: Record<string, Json> = { tables: Object.fromEntries(model.tables.map((t) => [t.name, tableEntry(t, tableNames)])) };
  if (model.views.length > 0) body.views = Object.fromEntries(model.views.map((v) => [v.name, { sql: sqlText(v.sql) }]));
  if (model.triggers.length > 0) body.triggers = Object.fromEntries(model.triggers.map((t) => [t.name, { table: t.table, sql: sqlText(t.sql) }]));
  if (model.virtualTables.length > 0) body.virtualTables = Object.fromEntries(model.virtualTables.map((v) => [v.name, { sql: sqlText(v.sql) }]));
  // Required here rather than imported: only `inspect` writes YAML, and every other command paid
  // for loading the package (25-40 ms) at start-up. CommonJS, so `require` loads it directly.
  const { Document, isMap, isSeq, visit } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = new Document(body);
  // One line per column, reference and key list: what a person would write by hand.
  visit(doc, {
    Pair(_, pair, path) {
      const key = String((pair.key as { value?: unknown }).value ?? '');
      const underColumns = (path[path.length - 2] as { key?: { value?: unknown } } | undefined)?.key?.value === 'columns';
      if (isMap(pair.value) && (underColumns || key === 'references' || key === 'generated')) pair.value.flow = true;
      if (isSeq(pair.value) && (key === 'columns' || key === 'primaryKey')) pair.value.flow = true;
    },
  });
  return `# yaml-language-server: $schema=${schemaRef}\n${doc.toString({ lineWidth: 0 })}`;
}

