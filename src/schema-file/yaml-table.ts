/**
 * Reading a table of the document: shorthands expanded and every part paired with its path, so that
 * the checks and the renderer see one shape and can both say where a part was written.
 */
import type { Path } from './yaml-source.js';
import type { YamlCheck, YamlColumn, YamlConflict, YamlKeyColumn, YamlPrimaryKey, YamlTable } from './yaml-schema.js';

export interface ColumnEntry {
  readonly name: string;
  readonly def: YamlColumn;
  readonly path: Path;
  /** `name: TEXT`: the type is the value itself. */
  readonly shorthand: boolean;
}

export interface KeyPart {
  readonly name: string;
  readonly desc: boolean;
  readonly collate: string | undefined;
  readonly path: Path;
}

/** SQLite names are case-insensitive: compare and key them by this. */
/** SQLite folds only ASCII letters when it compares names. */
export { foldName as lc } from '../model/normalize.js';

export function tablePath(name: string): Path {
  return ['tables', name];
}

export function columnsOf(tableName: string, table: YamlTable): ColumnEntry[] {
  return Object.entries(table.columns).map(([name, value]) => ({
    name,
    def: typeof value === 'string' ? { type: value } : value,
    path: [...tablePath(tableName), 'columns', name],
    shorthand: typeof value === 'string',
  }));
}

/** Where a column's type is written: the value itself for `name: TEXT`, else its `type`. */
export function typePath(c: ColumnEntry): Path {
  return c.shorthand ? c.path : [...c.path, 'type'];
}

type YamlUniqueLike = NonNullable<YamlTable['unique']>[number];

/** `primaryKey: [a, b]` rather than `primaryKey: { columns: [a, b] }` (Array.isArray does not narrow readonly arrays). */
function isKeyList(pk: YamlPrimaryKey | YamlUniqueLike): pk is readonly YamlKeyColumn[] {
  return Array.isArray(pk);
}

/** The columns of the table-level primaryKey (none when the key is declared on a column). */
export function keyPartsOf(tableName: string, table: YamlTable): KeyPart[] {
  const pk = table.primaryKey;
  if (pk === undefined) return [];
  const list = isKeyList(pk) ? pk : pk.columns;
  const base: Path = isKeyList(pk) ? [...tablePath(tableName), 'primaryKey'] : [...tablePath(tableName), 'primaryKey', 'columns'];
  return keyColumnsAt(list, base);
}

function keyColumnsAt(list: readonly YamlKeyColumn[], base: Path): KeyPart[] {
  return list.map((k, i) => ({
    name: typeof k === 'string' ? k : k.column,
    desc: typeof k === 'string' ? false : k.desc === true,
    collate: typeof k === 'string' ? undefined : k.collate,
    path: [...base, i],
  }));
}

/** A table-level UNIQUE constraint: its key columns (with paths) and its ON CONFLICT clause. */
export interface UniqueEntry {
  readonly parts: readonly KeyPart[];
  readonly onConflict: YamlConflict | undefined;
  readonly path: Path;
}

export function uniquesOf(tableName: string, table: YamlTable): UniqueEntry[] {
  return (table.unique ?? []).map((u, i) => {
    const path = [...tablePath(tableName), 'unique', i];
    return isKeyList(u)
      ? { parts: keyColumnsAt(u, path), onConflict: undefined, path }
      : { parts: keyColumnsAt(u.columns, [...path, 'columns']), onConflict: u.onConflict, path };
  });
}

export function tableOnConflict(table: YamlTable): YamlConflict | undefined {
  const pk = table.primaryKey;
  return pk !== undefined && !isKeyList(pk) ? pk.onConflict : undefined;
}

export function tableAutoincrement(table: YamlTable): boolean {
  const pk = table.primaryKey;
  return pk !== undefined && !isKeyList(pk) && pk.autoincrement === true;
}

/** The primary-key column names, declared on a column or on the table. */
export function primaryKeyNames(tableName: string, table: YamlTable): string[] {
  const inline = columnsOf(tableName, table).filter((c) => c.def.primaryKey === true).map((c) => c.name);
  return inline.length > 0 ? inline : keyPartsOf(tableName, table).map((k) => k.name);
}

export function checkText(c: YamlCheck): string {
  return typeof c === 'string' ? c : c.expr;
}
