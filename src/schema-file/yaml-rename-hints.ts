/** The `renamedFrom` hints of a YAML desired state, keyed as the differ looks them up (new name, lower case). */
import type { RenameHints } from '../model/schema-model.js';
import type { YamlSchema } from './yaml-schema.js';
import { columnsOf, lc } from './yaml-table.js';

export function yamlRenameHints(doc: YamlSchema): RenameHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  const backfills = new Map<string, string>();
  for (const [name, table] of Object.entries(doc.tables ?? {})) {
    if (table.renamedFrom !== undefined) tables.set(lc(name), table.renamedFrom);
    for (const c of columnsOf(name, table)) {
      if (c.def.renamedFrom !== undefined) columns.set(lc(`${name}.${c.name}`), c.def.renamedFrom);
      if (c.def.backfill !== undefined) backfills.set(lc(`${name}.${c.name}`), c.def.backfill);
    }
  }
  return backfills.size > 0 ? { tables, columns, backfills } : { tables, columns };
}
