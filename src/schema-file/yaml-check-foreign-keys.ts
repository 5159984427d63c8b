/**
 * A foreign key must refer to an ordinary table of this file, to columns that exist there, and to a
 * key SQLite accepts as a parent key — otherwise SQLite only complains when a row is written.
 */
import { closest } from './yaml-closest.js';
import { missingColumnText } from './yaml-check-columns.js';
import { finding, type Finding } from './yaml-problem.js';
import type { YamlSchema, YamlTable } from './yaml-schema.js';
import type { Path } from './yaml-source.js';
import { columnsOf, lc, primaryKeyNames, tablePath, uniquesOf } from './yaml-table.js';

/** A foreign key declared on a column or on the table, in one shape. */
interface ForeignKeyEntry {
  readonly columns: readonly string[];
  readonly refTable: string;
  /** null: the parent's primary key. */
  readonly refColumns: readonly string[] | null;
  /** `missing: true`: the parent table is absent on purpose. */
  readonly missing: boolean;
  readonly refTablePath: Path;
  /** Where the parent columns are named (the parent table's node when they are not). */
  readonly refColumnsPath: Path;
}

function foreignKeysOf(tableName: string, table: YamlTable): ForeignKeyEntry[] {
  const out: ForeignKeyEntry[] = [];
  for (const c of columnsOf(tableName, table)) {
    const ref = c.def.references;
    if (ref === undefined) continue;
    const refTablePath = [...c.path, 'references', 'table'];
    out.push({
      columns: [c.name],
      refTable: ref.table,
      refColumns: ref.column === undefined ? null : [ref.column],
      missing: ref.missing === true,
      refTablePath,
      refColumnsPath: ref.column === undefined ? refTablePath : [...c.path, 'references', 'column'],
    });
  }
  (table.foreignKeys ?? []).forEach((fk, i) => {
    const refPath = [...tablePath(tableName), 'foreignKeys', i, 'references'];
    out.push({
      columns: fk.columns,
      refTable: fk.references.table,
      refColumns: fk.references.columns ?? null,
      missing: fk.references.missing === true,
      refTablePath: [...refPath, 'table'],
      refColumnsPath: fk.references.columns === undefined ? [...refPath, 'table'] : [...refPath, 'columns'],
    });
  });
  return out;
}

/** Column sets a foreign key may refer to: the primary key, UNIQUE constraints, and full unique indexes on plain columns. */
function parentKeys(tableName: string, table: YamlTable): string[][] {
  const keys = [primaryKeyNames(tableName, table)];
  for (const c of columnsOf(tableName, table)) if (c.def.unique === true) keys.push([c.name]);
  for (const u of uniquesOf(tableName, table)) keys.push(u.parts.map((k) => k.name));
  for (const idx of Object.values(table.indexes ?? {})) {
    if (idx.unique !== true || idx.where !== undefined) continue;
    const names = idx.columns.map((p) => (typeof p === 'string' ? p : 'column' in p ? p.column : null));
    if (names.every((n): n is string => n !== null)) keys.push(names);
  }
  return keys.filter((k) => k.length > 0);
}

function sameColumnSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map(lc));
  return a.length === b.length && set.size === new Set(b.map(lc)).size && b.every((x) => set.has(lc(x)));
}

/**
 * The document's tables by lower-cased name, built once per document: looking the parent up by a
 * scan of every table for every foreign key made checking quadratic in the schema size.
 */
const tablesByName = new WeakMap<YamlSchema, ReadonlyMap<string, [string, YamlTable]>>();

function tableIndex(doc: YamlSchema): ReadonlyMap<string, [string, YamlTable]> {
  let index = tablesByName.get(doc);
  if (index === undefined) {
    const m = new Map<string, [string, YamlTable]>();
    // The first of two names that differ only in case wins, as the scan did (checkNames reports the clash).
    for (const entry of Object.entries(doc.tables ?? {})) if (!m.has(lc(entry[0]))) m.set(lc(entry[0]), entry);
    index = m;
    tablesByName.set(doc, index);
  }
  return index;
}

function checkForeignKey(fk: ForeignKeyEntry, doc: YamlSchema): Finding[] {
  const parentEntry = tableIndex(doc).get(lc(fk.refTable));
  if (parentEntry === undefined) {
    const isView = [...Object.keys(doc.views ?? {}), ...Object.keys(doc.virtualTables ?? {})].some((n) => lc(n) === lc(fk.refTable));
    if (isView) return [finding(fk.refTablePath, `'${fk.refTable}' is a view or virtual table; a foreign key must refer to an ordinary table`)];
    if (fk.missing) return [];
    const guess = closest(fk.refTable, Object.keys(doc.tables ?? {}));
    return [finding(fk.refTablePath, `table '${fk.refTable}' does not exist${guess === undefined ? ' (if it is missing on purpose, add `missing: true` to the reference)' : ` (did you mean '${guess}'?)`}`)];
  }
  const [parentName, parent] = parentEntry;
  const parentColumns = columnsOf(parentName, parent).map((c) => c.name);
  const refColumns = fk.refColumns ?? primaryKeyNames(parentName, parent);
  if (refColumns.length === 0) return [finding(fk.refTablePath, `table '${parentName}' has no primary key, so the parent column(s) must be named`)];
  // A missing column of the parent's own primary key is reported at the parent.
  const missing = fk.refColumns === null ? [] : refColumns.filter((c) => !parentColumns.some((p) => lc(p) === lc(c)));
  if (missing.length > 0) return missing.map((c) => finding(fk.refColumnsPath, missingColumnText(parentName, c, parentColumns)));
  if (refColumns.length !== fk.columns.length) {
    return [finding(fk.refColumnsPath, `the foreign key has ${fk.columns.length} column(s) but refers to ${refColumns.length} in '${parentName}'`)];
  }
  if (!parentKeys(parentName, parent).some((k) => sameColumnSet(k, refColumns))) {
    return [finding(fk.refColumnsPath, `${refColumns.map((c) => `'${c}'`).join(', ')} of table '${parentName}' is neither its primary key nor UNIQUE; a foreign key must refer to one (add unique: true or a unique index)`)];
  }
  return [];
}

export function checkForeignKeys(tableName: string, table: YamlTable, doc: YamlSchema): Finding[] {
  return foreignKeysOf(tableName, table).flatMap((fk) => checkForeignKey(fk, doc));
}
