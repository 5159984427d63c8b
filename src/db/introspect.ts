/**
 * Builds a SchemaModel from a live database. PRAGMA table-valued functions do the work, joined
 * so that the number of queries is fixed (six) whatever the number of tables; `sqlite_schema.sql`
 * is read only for what PRAGMA does not report.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  Column, ForeignKey, ForeignKeyAction, Index, KeyColumn, SchemaModel, Table, Trigger, UniqueConstraint, View, VirtualTable,
} from '../model/schema-model.js';
import { foldName } from '../model/normalize.js';
import { parseTableSql, type ForeignKeyExtras } from '../model/parse-table-sql.js';
import { parseIndexSql } from '../model/parse-index-sql.js';
import { bodyScope, bodySpan, defaultWithoutDoubleQuotes, rewriteDoubleQuotedStrings, tableScope } from '../model/double-quoted-strings.js';
import { isUserTableName } from '../model/internal-names.js';

interface TableRow { name: string; type: string; wr: number; strict: number }
interface SchemaRow { type: string; name: string; tbl_name: string; sql: string | null }
interface ColumnRow { tbl: string; cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }
interface IndexListRow { tbl: string; name: string; unique: number; origin: string; partial: number }
interface IndexColRow { idx: string; seqno: number; cid: number; name: string | null; desc: number; coll: string; key: number }
interface ForeignKeyRow { tbl: string; id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }

/**
 * Runs `SELECT <columns> <rest>` and returns the rows as tuples. SQLite hands them over as one JSON
 * text: building a JS object per row through the driver costs several times more than the PRAGMA
 * itself, JSON.parse does not. (Every value read here is TEXT, INTEGER or NULL, which JSON keeps.)
 */
function rows<T extends readonly unknown[]>(db: Database.Database, columns: string, rest: string): T[] {
  const json = db.prepare(`SELECT json_group_array(json_array(${columns})) ${rest}`).pluck().get() as string;
  return JSON.parse(json) as T[];
}


/** rows() with one bound parameter. */
function rowsWith<T extends readonly unknown[]>(db: Database.Database, columns: string, rest: string, param: string): T[] {
  const json = db.prepare(`SELECT json_group_array(json_array(${columns})) ${rest}`).pluck().get(param) as string;
  return JSON.parse(json) as T[];
}

/** Sorts by folded name (stable), folding each name once rather than twice per comparison. */
function sortByName<T>(list: readonly T[], name: (x: T) => string): T[] {
  const keyed = list.map((x) => ({ x, k: foldName(name(x)) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((e) => e.x);
}

/**
 * The locale's collation, built on the first sort that compares anything: constructing it loads ICU
 * data (6-8 ms), which every command paid at start-up when it was built as this module loaded.
 */
let collator: Intl.Collator | undefined;

/** Sorts by a computed text with the locale's collation (what String#localeCompare uses), computing each key once. */
function sortByLocaleKey<T>(list: readonly T[], key: (x: T) => string): T[] {
  if (list.length < 2) return [...list];
  const compare = (collator ??= new Intl.Collator()).compare;
  const keyed = list.map((x) => ({ x, k: key(x) }));
  keyed.sort((a, b) => compare(a.k, b.k));
  return keyed.map((e) => e.x);
}

function group<T, K>(list: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of list) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Reads the schema of the `main` database. */
export function introspect(db: Database.Database): SchemaModel {
  return assemble([readSchema(db)]);
}

/**
 * One model from several databases that hold disjoint parts of one schema (the scratch databases of
 * a large desired state, src/db/scratch.ts). A foreign key may name a parent in another of them.
 */
export function introspectDatabases(dbs: readonly Database.Database[]): SchemaModel {
  return assemble(dbs.map(readSchema));
}

/** What each database holds, before the parts are joined into one model (modelFromParts). */
export function introspectParts(dbs: readonly Database.Database[]): SchemaPart[] {
  return dbs.map(readSchema);
}

/** One model from parts read by introspectParts (or kept from such a read), as introspectDatabases builds it. */
export function modelFromParts(parts: readonly SchemaPart[]): SchemaModel {
  return assemble(parts);
}

/** What one database holds, unsorted, with foreign keys that omit the parent columns not yet resolved. */
export interface SchemaPart {
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly triggers: readonly Trigger[];
  readonly virtualTables: readonly VirtualTable[];
}

/** The raw rows introspection reads; src/db/engines/introspect-query.ts fetches the same rows in one SELECT. */
export interface RawSchemaRows {
  readonly tables: readonly TableRow[];
  readonly schema: readonly SchemaRow[];
  readonly columns: readonly ColumnRow[];
  readonly indexes: readonly IndexListRow[];
  readonly indexColumns: readonly IndexColRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
}
export type { TableRow, SchemaRow, ColumnRow, IndexListRow, IndexColRow, ForeignKeyRow };

/** The six reads as `SELECT <columns> <rest>` parts, shared with the one-query form. */
export const rawSchemaQueries = {
  tables: ['name, type, wr, strict', `FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')`],
  schema: ['type, name, tbl_name, sql', `FROM main.sqlite_schema`],
  columns: [`tl.name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden`,
    `FROM pragma_table_list AS tl JOIN pragma_table_xinfo(tl.name, 'main') AS c
    WHERE tl.schema = 'main' AND tl.type = 'table'`],
  indexes: [`tl.name, il.name, il."unique", il.origin, il.partial`,
    `FROM pragma_table_list AS tl JOIN pragma_index_list(tl.name, 'main') AS il
    WHERE tl.schema = 'main' AND tl.type = 'table'`],
  indexColumns: [`il.name, ix.seqno, ix.cid, ix.name, ix."desc", ix.coll, ix."key"`,
    `FROM pragma_table_list AS tl JOIN pragma_index_list(tl.name, 'main') AS il JOIN pragma_index_xinfo(il.name, 'main') AS ix
    WHERE tl.schema = 'main' AND tl.type = 'table' AND il.origin IN ('pk', 'u') AND ix."key" = 1`],
  foreignKeys: [`tl.name, fk.id, fk.seq, fk."table", fk."from", fk."to", fk.on_update, fk.on_delete`,
    `FROM pragma_table_list AS tl JOIN pragma_foreign_key_list(tl.name, 'main') AS fk
    WHERE tl.schema = 'main' AND tl.type = 'table'`],
} as const satisfies Record<keyof RawSchemaRows, readonly [string, string]>;

/** Each read's rows as JSON tuples, in the column order of rawSchemaQueries. */
export type RawSchemaTuples = Record<keyof RawSchemaRows, readonly (readonly unknown[])[]>;

export function rawSchemaFromTuples(t: RawSchemaTuples): RawSchemaRows {
  return {
    tables: (t.tables as [string, string, number, number][])
      .map(([name, type, wr, strict]): TableRow => ({ name, type, wr, strict })),
    schema: (t.schema as [string, string, string, string | null][])
      .map(([type, name, tbl_name, sql]): SchemaRow => ({ type, name, tbl_name, sql })),
    columns: (t.columns as [string, number, string, string, number, string | null, number, number][])
      .map(([tbl, cid, name, type, notnull, dflt_value, pk, hidden]): ColumnRow => ({ tbl, cid, name, type, notnull, dflt_value, pk, hidden })),
    indexes: (t.indexes as [string, string, number, string, number][])
      .map(([tbl, name, unique, origin, partial]): IndexListRow => ({ tbl, name, unique, origin, partial })),
    indexColumns: (t.indexColumns as [string, number, number, string | null, number, string, number][])
      .map(([idx, seqno, cid, name, desc, coll, key]): IndexColRow => ({ idx, seqno, cid, name, desc, coll, key })),
    foreignKeys: (t.foreignKeys as [string, number, number, string, string, string | null, string, string][])
      .map(([tbl, id, seq, table, from, to, on_update, on_delete]): ForeignKeyRow => ({ tbl, id, seq, table, from, to, on_update, on_delete })),
  };
}

function readRawSchema(db: Database.Database): RawSchemaRows {
  // No ORDER BY: SQLite would sort the (large) JSON records; the order that matters (columns by cid,
  // key columns by seqno, foreign-key columns by id and seq) is restored per table below.
  const q = rawSchemaQueries;
  return rawSchemaFromTuples({
    tables: rows(db, ...q.tables),
    schema: rows(db, ...q.schema),
    columns: rows(db, ...q.columns),
    indexes: rows(db, ...q.indexes),
    indexColumns: rows(db, ...q.indexColumns),
    foreignKeys: rows(db, ...q.foreignKeys),
  });
}

/**
 * The rows of `sqlite_schema` that hold text, but for SQLite's own tables and liteform's bookkeeping
 * and their indexes and triggers (LIKE folds ASCII case as isUserTableName does). Every row a model is
 * read from is kept (a view is, whatever its name).
 */
const storedRowsSql = (() => {
  const internal = `(tbl_name LIKE 'sqlite\\_%' ESCAPE '\\' OR tbl_name LIKE '\\_liteform\\_%' ESCAPE '\\')`;
  return `FROM main.sqlite_schema WHERE sql IS NOT NULL AND (type = 'view' OR NOT ${internal})`;
})();

/**
 * A hash of the schema as SQLite stores it: the `sqlite_schema` rows (type, name, table, CREATE text)
 * of the user's objects, sorted. A database's schema is those rows and nothing else, so two databases
 * with the same hash have the same schema, whatever a model built from them would say; the converse
 * does not hold (the same model can be stored as differently spelled text), so a differing hash proves
 * nothing. One read of one table: no PRAGMA per table. Rows without text (automatic indexes) follow
 * from their table's text; liteform's bookkeeping and SQLite's own tables (`sqlite_stat1`) are left out.
 */
export function schemaTextHash(db: Database.Database): string {
  // SQLite writes each row as one JSON text; JS sorts them (an ORDER BY would sort the long records in
  // SQLite's sorter, several times slower) and hashes.
  const list = db.prepare(`SELECT json_array(type, name, tbl_name, sql) ${storedRowsSql}`).pluck().all() as string[];
  list.sort();
  return `sha256:${createHash('sha256').update(list.join('\n')).digest('hex')}`;
}

/** One stored row of the schema (see schemaTextHash). */
export interface StoredRow { readonly type: string; readonly name: string; readonly tbl: string; readonly sql: string }

/** The stored rows of the user's objects, keyed by type and exact name. */
export function storedSchemaRows(db: Database.Database): Map<string, StoredRow> {
  const list = db.prepare(`SELECT type, name, tbl_name, sql ${storedRowsSql}`).raw().all() as [string, string, string, string][];
  return new Map(list.map(([type, name, tbl, sql]) => [`${type}\0${name}`, { type, name, tbl, sql }]));
}

/**
 * The model of the named tables (names folded or not; missing ones are skipped) with every view,
 * trigger and virtual table, read as introspect() reads them but with the per-table PRAGMAs run for
 * those tables only. A foreign key that omits the parent columns is resolved from its parent, which
 * is read for that (and left out of the result). The views' and triggers' "…" strings are judged
 * against the columns read, not the whole schema; `rawBodies`: not judged at all (the caller judges
 * them over the whole model it builds: judgeBodies).
 */
export function introspectTables(db: Database.Database, names: Iterable<string>, o: { readonly rawBodies?: boolean } = {}): SchemaModel {
  const wanted = new Set([...names].map(foldName));
  const read = (set: ReadonlySet<string>): RawSchemaRows => {
    const q = rawSchemaQueries;
    // sqlite_schema: the named tables' rows and their indexes', every view, trigger and virtual table.
    const schema = rowsWith<[string, string, string, string | null]>(db, q.schema[0], `${q.schema[1]} WHERE type IN ('view', 'trigger') OR lower(tbl_name) IN (SELECT value FROM json_each(?)) OR sql LIKE 'CREATE VIRTUAL%'`, JSON.stringify([...set]));
    const virtual = schema.filter(([type, , , sql]) => type === 'table' && /^CREATE\s+VIRTUAL\b/i.test(sql ?? '')).map(([, name]) => foldName(name));
    const only = JSON.stringify([...new Set([...set, ...virtual])]);
    // SQLite looks each name up (pragma_table_list(name)) rather than listing every table of the schema.
    const named = 'FROM json_each(?) AS j JOIN pragma_table_list(j.value) AS tl';
    const of = (k: Exclude<keyof RawSchemaRows, 'schema' | 'tables'>): (readonly unknown[])[] => rowsWith(db, q[k][0], q[k][1].replace('FROM pragma_table_list AS tl', named), only);
    return rawSchemaFromTuples({
      tables: rowsWith(db, 'tl.name, tl.type, tl.wr, tl.strict', `${named} WHERE tl.schema = 'main' AND tl.type IN ('table', 'virtual')`, only),
      schema,
      columns: of('columns'), indexes: of('indexes'), indexColumns: of('indexColumns'), foreignKeys: of('foreignKeys'),
    });
  };
  let raw = read(wanted);
  const parents = new Set(raw.foreignKeys.filter((f) => f.to === null).map((f) => foldName(f.table)).filter((n) => !wanted.has(n)));
  if (parents.size > 0) raw = read(new Set([...wanted, ...parents]));
  const model = assemble([buildSchemaPart(raw)], o.rawBodies === true);
  return { ...model, tables: model.tables.filter((t) => wanted.has(foldName(t.name))) };
}

/** A model built from raw rows (one set per database), exactly as introspectDatabases builds it. */
export function schemaFromRawRows(raws: readonly RawSchemaRows[]): SchemaModel {
  return assemble(raws.map(buildSchemaPart));
}

function readSchema(db: Database.Database): SchemaPart {
  return buildSchemaPart(readRawSchema(db));
}

function buildSchemaPart(raw: RawSchemaRows): SchemaPart {
  const { tables: tableRows, schema: schemaRows, columns: columnRows, indexes: indexRows, indexColumns: indexColRows, foreignKeys: fkRows } = raw;
  const userTables = tableRows.filter((t) => t.type === 'table' && isUserTableName(t.name));
  const sqlByName = new Map(schemaRows.map((r) => [`${r.type}:${foldName(r.name)}`, r.sql ?? '']));
  const columnsByTable = group(columnRows, (r) => r.tbl);
  for (const list of columnsByTable.values()) list.sort((a, b) => a.cid - b.cid);
  const indexesByTable = group(indexRows, (r) => r.tbl);
  const indexCols = group(indexColRows, (r) => r.idx);
  for (const list of indexCols.values()) list.sort((a, b) => a.seqno - b.seqno);
  const fksByTable = group(fkRows, (r) => r.tbl);
  for (const list of fksByTable.values()) list.sort((a, b) => a.id - b.id || a.seq - b.seq);

  const tables: Table[] = userTables.map((t) => {
    const extras = parseTableSql(sqlByName.get(`table:${foldName(t.name)}`) ?? '');
    const cols = columnsByTable.get(t.name) ?? [];
    // What a default SQLite build reads as a string in "…" is spelled '…' (see model/double-quoted-strings.ts).
    const scope = tableScope(cols.map((c) => c.name));
    const columns: Column[] = cols.map((c) => {
      const extra = extras.columns.get(foldName(c.name));
      return {
        name: c.name,
        type: c.type, // as declared: PRAGMA table_info reports the spelling (types compare normalised, model/normalize.ts)
        notNull: c.notnull === 1,
        default: defaultWithoutDoubleQuotes(c.dflt_value),
        collate: extra?.collate ?? null,
        generated: c.hidden === 2 || c.hidden === 3 ? { expr: rewriteDoubleQuotedStrings(extra?.generated?.expr ?? '', scope), stored: c.hidden === 3 } : null,
        onConflict: extra?.notNullConflict ?? null,
      };
    });
    // A key column's collation counts only where it differs from the column's own.
    const columnCollation = new Map(columns.map((c) => [foldName(c.name), c.collate ?? 'BINARY']));
    const keyColumn = (r: IndexColRow): KeyColumn => {
      const name = r.name ?? '';
      const coll = r.coll.toUpperCase();
      return { name, desc: r.desc === 1, collate: coll === (columnCollation.get(foldName(name)) ?? 'BINARY') ? null : coll };
    };
    const indexList = indexesByTable.get(t.name) ?? [];
    const pkIndex = indexList.find((i) => i.origin === 'pk');
    const pkIndexCols = new Map((pkIndex ? indexCols.get(pkIndex.name) ?? [] : []).map((r) => [foldName(r.name ?? ''), keyColumn(r)]));
    const pkCols: KeyColumn[] = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => pkIndexCols.get(foldName(c.name)) ?? { name: c.name, desc: false, collate: null });
    const uniqueConflict = (names: readonly string[]): UniqueConstraint['onConflict'] =>
      extras.uniques.find((u) => foldName(u.columns.join('\0')) === foldName(names.join('\0')))?.onConflict ?? null;
    const uniqueList: UniqueConstraint[] = indexList
      .filter((i) => i.origin === 'u')
      .map((i) => {
        const keyCols = (indexCols.get(i.name) ?? []).map(keyColumn);
        return { columns: keyCols, onConflict: uniqueConflict(keyCols.map((k) => k.name)) };
      });
    const uniques = sortByLocaleKey(uniqueList, (u) => foldName(u.columns.map((k) => k.name).join(',')));
    const indexes: Index[] = sortByName(indexList
      .filter((i) => i.origin === 'c')
      .map((i) => {
        const parsed = parseIndexSql(sqlByName.get(`index:${foldName(i.name)}`) ?? '');
        return { name: i.name, table: t.name, unique: i.unique === 1, parts: parsed.parts, where: parsed.where === null ? null : rewriteDoubleQuotedStrings(parsed.where, scope) };
      }), (i) => i.name);
    const fkGroups = group(fksByTable.get(t.name) ?? [], (r) => r.id);
    const fkCount = fkGroups.size;
    const foreignKeys: ForeignKey[] = [...fkGroups.values()].map((rows) => {
      const first = rows[0]!;
      const cols2 = rows.map((r) => r.from);
      const sameKey = (f: ForeignKeyExtras): boolean =>
        foldName(f.refTable) === foldName(first.table) && foldName(f.columns.join('\0')) === foldName(cols2.join('\0'));
      // PRAGMA numbers foreign keys from the last declared (id 0) to the first; by position, two
      // clauses with the same columns and parent keep their own DEFERRABLE.
      const byPosition = extras.foreignKeys.length === fkCount ? extras.foreignKeys[fkCount - 1 - first.id] : undefined;
      const extra = byPosition !== undefined && sameKey(byPosition) ? byPosition : extras.foreignKeys.find(sameKey);
      return {
        columns: cols2,
        refTable: first.table,
        refColumns: rows.every((r) => r.to !== null) ? rows.map((r) => r.to as string) : [],
        refColumnsImplicit: rows.some((r) => r.to === null),
        onDelete: first.on_delete as ForeignKeyAction,
        onUpdate: first.on_update as ForeignKeyAction,
        deferrable: extra?.deferrable ?? 'NOT DEFERRABLE',
      };
    });
    return {
      name: t.name,
      columns,
      primaryKey: pkCols.length > 0 ? { columns: pkCols, autoincrement: extras.autoincrement, onConflict: extras.pkConflict } : null,
      uniques,
      checks: extras.checks.map((c) => (c.expr.includes('"') ? { ...c, expr: rewriteDoubleQuotedStrings(c.expr, scope) } : c)),
      foreignKeys,
      indexes,
      strict: t.strict === 1,
      withoutRowid: t.wr === 1,
    };
  });

  const views: View[] = schemaRows.filter((r) => r.type === 'view').map((r) => ({ name: r.name, sql: r.sql ?? '' }));
  const triggers: Trigger[] = schemaRows
    .filter((r) => r.type === 'trigger' && isUserTableName(r.tbl_name))
    .map((r) => ({ name: r.name, table: r.tbl_name, sql: r.sql ?? '' }));
  const virtualTables: VirtualTable[] = tableRows
    .filter((t) => t.type === 'virtual')
    .map((t) => ({ name: t.name, sql: sqlByName.get(`table:${foldName(t.name)}`) ?? '' }));
  return { tables, views, triggers, virtualTables };
}

/** `rawBodies`: views and triggers as stored, their "…" not judged (judgeBodies does it over the whole model). */
function assemble(parts: readonly SchemaPart[], rawBodies = false): SchemaModel {
  const tables = parts.flatMap((p) => p.tables);
  // A foreign key that omits the parent columns refers to the parent's primary key.
  const pkOf = new Map(tables.map((t) => [foldName(t.name), t.primaryKey?.columns.map((c) => c.name) ?? []]));
  const resolved: Table[] = sortByName(tables.map((t) => ({
    ...t,
    foreignKeys: sortByLocaleKey(
      t.foreignKeys.map((fk) => (fk.refColumns.length > 0 ? fk : { ...fk, refColumns: pkOf.get(foldName(fk.refTable)) ?? [] })),
      fkKey,
    ),
  })), (t) => t.name);
  const views = parts.flatMap((p) => p.views);
  const triggers = parts.flatMap((p) => p.triggers);
  const virtualTables = parts.flatMap((p) => p.virtualTables);
  const sorted = { views: sortByName(views, (v) => v.name), triggers: sortByName(triggers, (t) => t.name) };
  return {
    tables: resolved,
    ...(rawBodies ? sorted : bodiesWithoutDoubleQuotedStrings(resolved, sorted.views, sorted.triggers, virtualTables)),
    virtualTables: sortByName(virtualTables, (t) => t.name),
  };
}

/**
 * The model with its views' and triggers' "…" judged against every table of it, as introspect() judges
 * them: for a model put together from tables read at different times (src/db/introspect-changed.ts)
 * with views and triggers read by introspectTables(…, { rawBodies: true }).
 */
export function judgeBodies(model: SchemaModel): SchemaModel {
  return { ...model, ...bodiesWithoutDoubleQuotedStrings(model.tables, [...model.views], [...model.triggers], model.virtualTables) };
}

/** Views and triggers with the "…" a default SQLite build reads as strings spelled '…' (model/double-quoted-strings.ts). */
function bodiesWithoutDoubleQuotedStrings(tables: readonly Table[], views: View[], triggers: Trigger[], virtualTables: readonly VirtualTable[]): { views: View[]; triggers: Trigger[] } {
  if (!views.some((v) => v.sql.includes('"')) && !triggers.some((t) => t.sql.includes('"'))) return { views, triggers };
  const scope = bodyScope(
    tables.flatMap((t) => t.columns.map((c) => c.name)),
    [...tables.flatMap((t) => [t.name, ...t.indexes.map((i) => i.name)]), ...views.map((v) => v.name), ...triggers.map((t) => t.name), ...virtualTables.map((v) => v.name)],
    [...views, ...triggers].map((x) => x.sql),
  );
  return {
    views: views.map((v) => ({ ...v, sql: rewriteDoubleQuotedStrings(v.sql, scope, bodySpan) })),
    triggers: triggers.map((t) => ({ ...t, sql: rewriteDoubleQuotedStrings(t.sql, scope, bodySpan) })),
  };
}

function fkKey(fk: ForeignKey): string {
  return foldName(`${fk.columns.join(',')}>${fk.refTable}(${fk.refColumns.join(',')})`);
}

/** storedSchemaRows and schemaTextHash from one read of `sqlite_schema` (a plan reads both before and after its file runs). */
export function storedRowsAndTextHash(db: Database.Database): { readonly rows: Map<string, StoredRow>; readonly textHash: string } {
  const list = db.prepare(`SELECT json_array(type, name, tbl_name, sql), type, name, tbl_name, sql ${storedRowsSql}`).raw().all() as [string, string, string, string, string][];
  const rows = new Map(list.map(([, type, name, tbl, sql]) => [`${type}\0${name}`, { type, name, tbl, sql }]));
  const texts = list.map(([text]) => text);
  texts.sort();
  return { rows, textHash: `sha256:${createHash('sha256').update(texts.join('\n')).digest('hex')}` };
}
