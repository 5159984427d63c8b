/** A table's columns: each one's own properties, and every place the table names one of them. */
import { closest } from './yaml-closest.js';
import { finding, type Finding } from './yaml-problem.js';
import type { YamlTable } from './yaml-schema.js';
import type { Path } from './yaml-source.js';
import { keyPartsOf, lc, tablePath, typePath, uniquesOf, type ColumnEntry } from './yaml-table.js';

/** Words that start a column constraint: in a type they would silently become one (`type: TEXT NOT NULL`). */
const constraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const strictTypes = new Set(['INT', 'INTEGER', 'REAL', 'TEXT', 'BLOB', 'ANY']);

function checkColumnType(c: ColumnEntry, strict: boolean): Finding[] {
  const type = c.def.type;
  if (type === undefined) {
    return strict ? [finding(c.path, 'a STRICT table needs a type on every column (INT, INTEGER, REAL, TEXT, BLOB or ANY)', true)] : [];
  }
  const keyword = type.toUpperCase().split(/[\s(]+/).find((w) => constraintWords.has(w));
  if (keyword !== undefined) {
    return [finding(typePath(c), `type '${type}' contains the keyword ${keyword}; write constraints as column properties (notNull, unique, default, ...)`)];
  }
  if (strict && !strictTypes.has(type.toUpperCase())) {
    return [finding(typePath(c), `type '${type}' is not allowed in a STRICT table (INT, INTEGER, REAL, TEXT, BLOB or ANY)`)];
  }
  return [];
}

export function checkColumn(c: ColumnEntry, table: YamlTable): Finding[] {
  const d = c.def;
  const out = checkColumnType(c, table.strict === true);
  if (d.default !== undefined && d.defaultExpr !== undefined) out.push(finding([...c.path, 'defaultExpr'], 'use either default or defaultExpr, not both'));
  if (d.generated && (d.default !== undefined || d.defaultExpr !== undefined)) {
    out.push(finding([...c.path, 'generated'], 'a generated column cannot have a default'));
  }
  if (d.autoincrement === true) {
    const at = [...c.path, 'autoincrement'];
    if (d.primaryKey !== true) out.push(finding(at, 'AUTOINCREMENT needs primaryKey: true on this column'));
    else if (d.type?.toUpperCase() !== 'INTEGER') out.push(finding(at, `AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY (this column's type is '${d.type ?? ''}')`));
    else if (table.withoutRowid === true) out.push(finding(at, 'AUTOINCREMENT is not allowed on a WITHOUT ROWID table'));
  }
  return out;
}

export function missingColumnText(tableName: string, column: string, columns: readonly string[]): string {
  const guess = closest(column, columns);
  return `table '${tableName}' has no column '${column}'${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`;
}

/** Every place a table names one of its own columns. */
function columnMentions(tableName: string, table: YamlTable): { name: string; path: Path }[] {
  const base = tablePath(tableName);
  const out = keyPartsOf(tableName, table).map((k) => ({ name: k.name, path: k.path }));
  for (const u of uniquesOf(tableName, table)) for (const k of u.parts) out.push({ name: k.name, path: k.path });
  (table.foreignKeys ?? []).forEach((fk, i) => fk.columns.forEach((name, j) => out.push({ name, path: [...base, 'foreignKeys', i, 'columns', j] })));
  for (const [idxName, idx] of Object.entries(table.indexes ?? {})) {
    idx.columns.forEach((p, i) => {
      const path = [...base, 'indexes', idxName, 'columns', i];
      if (typeof p === 'string') out.push({ name: p, path });
      else if ('column' in p) out.push({ name: p.column, path: [...path, 'column'] });
    });
  }
  return out;
}

export function checkColumnMentions(tableName: string, table: YamlTable, columns: readonly ColumnEntry[]): Finding[] {
  const names = columns.map((c) => c.name);
  const known = new Set(names.map(lc));
  return columnMentions(tableName, table)
    .filter((m) => !known.has(lc(m.name)))
    .map((m) => finding(m.path, missingColumnText(tableName, m.name, names)));
}
