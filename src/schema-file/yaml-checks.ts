/**
 * Pass 3: rules a JSON Schema cannot express — columns that exist, keys a foreign key may refer to,
 * names SQLite would reject — so that what reaches SQLite is already known to make sense.
 */
import { checkColumn, checkColumnMentions } from './yaml-check-columns.js';
import { checkTableExpressions } from './yaml-check-expressions.js';
import { checkForeignKeys } from './yaml-check-foreign-keys.js';
import { checkNames } from './yaml-check-names.js';
import { checkPrimaryKey } from './yaml-check-primary-key.js';
import { checkRenames } from './yaml-check-renames.js';
import { checkStandaloneStatements } from './yaml-check-statements.js';
import type { Finding } from './yaml-problem.js';
import type { YamlSchema, YamlTable } from './yaml-schema.js';
import { columnsOf } from './yaml-table.js';

function checkTable(tableName: string, table: YamlTable, doc: YamlSchema): Finding[] {
  const columns = columnsOf(tableName, table);
  return [
    ...columns.flatMap((c) => checkColumn(c, table)),
    ...checkPrimaryKey(tableName, table, columns),
    ...checkColumnMentions(tableName, table, columns),
    ...checkForeignKeys(tableName, table, doc),
    ...checkTableExpressions(tableName, table),
  ];
}

export function checkYamlSemantics(doc: YamlSchema): Finding[] {
  return [
    ...checkNames(doc),
    ...checkRenames(doc),
    ...Object.entries(doc.tables ?? {}).flatMap(([name, table]) => checkTable(name, table, doc)),
    ...checkStandaloneStatements(doc),
  ];
}
