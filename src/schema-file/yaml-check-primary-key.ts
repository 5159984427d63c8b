/** A table has at most one primary key, and AUTOINCREMENT only where SQLite allows it. */
import { finding, type Finding } from './yaml-problem.js';
import type { YamlTable } from './yaml-schema.js';
import { keyPartsOf, lc, tableAutoincrement, tablePath, type ColumnEntry } from './yaml-table.js';

export function checkPrimaryKey(tableName: string, table: YamlTable, columns: readonly ColumnEntry[]): Finding[] {
  const base = tablePath(tableName);
  const inline = columns.filter((c) => c.def.primaryKey === true);
  const parts = keyPartsOf(tableName, table);
  const out = inline.slice(1).map((c) =>
    finding([...c.path, 'primaryKey'], `only one column can have primaryKey: true ('${inline[0]!.name}' has it too); use the table's primaryKey for a composite key`),
  );
  if (inline.length > 0 && table.primaryKey !== undefined) {
    out.push(finding([...base, 'primaryKey'], `primary key declared twice: column '${inline[0]!.name}' has primaryKey: true and the table has primaryKey`));
  }
  if (tableAutoincrement(table)) {
    const at = [...base, 'primaryKey', 'autoincrement'];
    const only = parts.length === 1 ? columns.find((c) => lc(c.name) === lc(parts[0]!.name)) : undefined;
    if (parts.length !== 1) out.push(finding(at, 'AUTOINCREMENT needs a primary key of exactly one column'));
    else if (only !== undefined && only.def.type?.toUpperCase() !== 'INTEGER') out.push(finding(at, `AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY (column '${only.name}' has type '${only.def.type ?? ''}')`));
    else if (table.withoutRowid === true) out.push(finding(at, 'AUTOINCREMENT is not allowed on a WITHOUT ROWID table'));
  }
  if (table.withoutRowid === true && inline.length === 0 && parts.length === 0) {
    out.push(finding([...base, 'withoutRowid'], 'a WITHOUT ROWID table needs a primary key'));
  }
  return out;
}
