/**
 * Builds a SchemaModel from a live database. PRAGMA table-valued functions do the work, joined
 * so that the number of queries is fixed (seven) whatever the number of tables; `sqlite_schema.sql`
 * is read only for what PRAGMA does not report.
 */
import type Database from 'better-sqlite3';
import type {
  Column, ForeignKey, ForeignKeyAction, Index, KeyColumn, SchemaModel, Table, Trigger, UniqueConstraint, View, VirtualTable,
} from '../model/schema-model.js';
import { normalizeType, foldName } from '../model/normalize.js';
import { parseTableSql } from '../model/parse-table-sql.js';
import { parseIndexSql } from '../model/parse-index-sql.js';
import { isUserTableName } from '../model/internal-names.js';

interface TableRow { name: string; type: string; wr: number; strict: number }
interface SchemaRow { type: string; name: string; tbl_name: string; sql: string | null }
interface ColumnRow { tbl: string; cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }
interface IndexListRow { tbl: string; name: string; unique: number; origin: string; partial: number }
interface IndexColRow { idx: string; seqno: number; cid: number; name: string | null; desc: number; coll: string; key: number }
interface ForeignKeyRow { tbl: string; id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }

const byName = <T extends { name: string }>(a: T, b: T): number => {
  const x = foldName(a.name);
  const y = foldName(b.name);
  return x < y ? -1 : x > y ? 1 : 0;
};

function group<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Reads the schema of the `main` database. */
export function introspect(db: Database.Database): SchemaModel {
  const tableRows = db
    .prepare(`SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')`)
    .all() as TableRow[];
  const schemaRows = db.prepare(`SELECT type, name, tbl_name, sql FROM main.sqlite_schema`).all() as SchemaRow[];
  const userTables = tableRows.filter((t) => t.type === 'table' && isUserTableName(t.name));
  const columnRows = db
    .prepare(
      `SELECT tl.name AS tbl, c.cid, c.name, c.type, c."notnull" AS "notnull", c.dflt_value, c.pk, c.hidden
         FROM pragma_table_list AS tl JOIN pragma_table_xinfo(tl.name, 'main') AS c
        WHERE tl.schema = 'main' AND tl.type = 'table' ORDER BY tl.name, c.cid`,
    )
    .all() as ColumnRow[];
  const indexRows = db
    .prepare(
      `SELECT tl.name AS tbl, il.name, il."unique" AS "unique", il.origin, il.partial
         FROM pragma_table_list AS tl JOIN pragma_index_list(tl.name, 'main') AS il
        WHERE tl.schema = 'main' AND tl.type = 'table'`,
    )
    .all() as IndexListRow[];
  const indexColRows = db
    .prepare(
      `SELECT il.name AS idx, ix.seqno, ix.cid, ix.name, ix."desc" AS "desc", ix.coll, ix."key" AS "key"
         FROM pragma_table_list AS tl JOIN pragma_index_list(tl.name, 'main') AS il JOIN pragma_index_xinfo(il.name, 'main') AS ix
        WHERE tl.schema = 'main' AND tl.type = 'table' AND il.origin IN ('pk', 'u') AND ix."key" = 1
        ORDER BY il.name, ix.seqno`,
    )
    .all() as IndexColRow[];
  const fkRows = db
    .prepare(
      `SELECT tl.name AS tbl, fk.id, fk.seq, fk."table" AS "table", fk."from" AS "from", fk."to" AS "to", fk.on_update, fk.on_delete
         FROM pragma_table_list AS tl JOIN pragma_foreign_key_list(tl.name, 'main') AS fk
        WHERE tl.schema = 'main' AND tl.type = 'table' ORDER BY tl.name, fk.id, fk.seq`,
    )
    .all() as ForeignKeyRow[];

  const sqlByName = new Map(schemaRows.map((r) => [`${r.type}:${foldName(r.name)}`, r.sql ?? '']));
  const columnsByTable = group(columnRows, (r) => r.tbl);
  const indexesByTable = group(indexRows, (r) => r.tbl);
  const indexCols = group(indexColRows, (r) => r.idx);
  const fksByTable = group(fkRows, (r) => r.tbl);

  const tables: Table[] = userTables.map((t) => {
    const extras = parseTableSql(sqlByName.get(`table:${foldName(t.name)}`) ?? '');
    const cols = columnsByTable.get(t.name) ?? [];
    const columns: Column[] = cols.map((c) => {
      const extra = extras.columns.get(foldName(c.name));
      return {
        name: c.name,
        type: normalizeType(c.type),
        notNull: c.notnull === 1,
        default: c.dflt_value,
        collate: extra?.collate ?? null,
        generated: c.hidden === 2 || c.hidden === 3 ? { expr: extra?.generated?.expr ?? '', stored: c.hidden === 3 } : null,
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
    const uniques: UniqueConstraint[] = indexList
      .filter((i) => i.origin === 'u')
      .map((i) => {
        const keyCols = (indexCols.get(i.name) ?? []).map(keyColumn);
        return { columns: keyCols, onConflict: uniqueConflict(keyCols.map((k) => k.name)) };
      })
      .sort((a, b) => foldName(a.columns.map((k) => k.name).join(',')).localeCompare(foldName(b.columns.map((k) => k.name).join(','))));
    const indexes: Index[] = indexList
      .filter((i) => i.origin === 'c')
      .map((i) => {
        const parsed = parseIndexSql(sqlByName.get(`index:${foldName(i.name)}`) ?? '');
        return { name: i.name, table: t.name, unique: i.unique === 1, parts: parsed.parts, where: parsed.where };
      })
      .sort(byName);
    const fkGroups = group(fksByTable.get(t.name) ?? [], (r) => r.id);
    const foreignKeys: ForeignKey[] = [...fkGroups.values()].map((rows) => {
      const first = rows[0]!;
      const cols2 = rows.map((r) => r.from);
      const extra = extras.foreignKeys.find(
        (f) => foldName(f.refTable) === foldName(first.table) && foldName(f.columns.join('\0')) === foldName(cols2.join('\0')),
      );
      return {
        columns: cols2,
        refTable: first.table,
        refColumns: rows.every((r) => r.to !== null) ? rows.map((r) => r.to as string) : [],
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
      checks: extras.checks,
      foreignKeys,
      indexes,
      strict: t.strict === 1,
      withoutRowid: t.wr === 1,
    };
  });

  // A foreign key that omits the parent columns refers to the parent's primary key.
  const pkOf = new Map(tables.map((t) => [foldName(t.name), t.primaryKey?.columns.map((c) => c.name) ?? []]));
  const resolved: Table[] = tables
    .map((t) => ({
      ...t,
      foreignKeys: t.foreignKeys
        .map((fk) => (fk.refColumns.length > 0 ? fk : { ...fk, refColumns: pkOf.get(foldName(fk.refTable)) ?? [] }))
        .sort((a, b) => fkKey(a).localeCompare(fkKey(b))),
    }))
    .sort(byName);

  const views: View[] = schemaRows.filter((r) => r.type === 'view').map((r) => ({ name: r.name, sql: r.sql ?? '' })).sort(byName);
  const triggers: Trigger[] = schemaRows
    .filter((r) => r.type === 'trigger' && isUserTableName(r.tbl_name))
    .map((r) => ({ name: r.name, table: r.tbl_name, sql: r.sql ?? '' }))
    .sort(byName);
  const virtualTables: VirtualTable[] = tableRows
    .filter((t) => t.type === 'virtual')
    .map((t) => ({ name: t.name, sql: sqlByName.get(`table:${foldName(t.name)}`) ?? '' }))
    .sort(byName);
  return { tables: resolved, views, triggers, virtualTables };
}

function fkKey(fk: ForeignKey): string {
  return foldName(`${fk.columns.join(',')}>${fk.refTable}(${fk.refColumns.join(',')})`);
}
