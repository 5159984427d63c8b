/**
 * One line per change, for verification messages and drift reports (`status`, `check`, `baseline`,
 * `apply`, `down`): what the first schema lacks, has extra, or has differently from the second,
 * naming tables and columns (`users.email: column is missing`), never the internal change kinds.
 */
import type { Change, TableChange } from '../diff/change.js';
import { assertNever } from '../diff/change.js';
import type { ForeignKey } from '../model/schema-model.js';
import { describeColumn, describeIndex, describeKey, keyNames } from '../plan/describe.js';
import { referenceText } from '../model/reference-text.js';

const missing = 'is missing';
const extra = 'is not in the desired state';

function foreignKeyText(fk: ForeignKey): string {
  return `foreign key (${fk.columns.join(', ')}) → ${referenceText(fk)}`;
}

/** `users.email: column is missing`, `users: UNIQUE (email) is not in the desired state`. */
export function describeTableChange(table: string, tc: TableChange): string {
  switch (tc.kind) {
    case 'AddColumn': return `${table}.${tc.column.name}: column ${missing} (${describeColumn(tc.column)})`;
    case 'DropColumn': return `${table}.${tc.column.name}: column ${extra}`;
    case 'RenameColumn': return `${table}.${tc.from}: column should be named ${tc.to}`;
    case 'ModifyColumn': return `${table}.${tc.to.name}: column differs (${describeColumn(tc.from)} → ${describeColumn(tc.to)})`;
    case 'ReorderColumns': return `${table}: columns are in another order (${tc.from.join(', ')} → ${tc.to.join(', ')})`;
    case 'ModifyPrimaryKey': return `${table}: primary key differs (${describeKey(tc.from)} → ${describeKey(tc.to)})`;
    case 'AddUnique': return `${table}: UNIQUE (${keyNames(tc.unique.columns)}) ${missing}`;
    case 'DropUnique': return `${table}: UNIQUE (${keyNames(tc.unique.columns)}) ${extra}`;
    case 'AddCheck': return `${table}: CHECK${tc.check.name ? ` ${tc.check.name}` : ''} (${tc.check.expr}) ${missing}`;
    case 'DropCheck': return `${table}: CHECK${tc.check.name ? ` ${tc.check.name}` : ''} (${tc.check.expr}) ${extra}`;
    case 'AddForeignKey': return `${table}: ${foreignKeyText(tc.foreignKey)} ${missing}`;
    case 'DropForeignKey': return `${table}: ${foreignKeyText(tc.foreignKey)} ${extra}`;
    case 'AddIndex': return `${table}: index ${describeIndex(tc.index)} ${missing}`;
    case 'DropIndex': return `${table}: index ${describeIndex(tc.index)} ${extra}`;
    case 'ModifyStrict': return `${table}: should ${tc.to ? '' : 'not '}be STRICT`;
    case 'ModifyWithoutRowid': return `${table}: should ${tc.to ? '' : 'not '}be WITHOUT ROWID`;
    default: return assertNever(tc);
  }
}

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'AddTable': return `table ${c.table.name} ${missing}`;
    case 'DropTable': return `table ${c.table.name} ${extra}`;
    case 'RenameTable': return `table ${c.from} should be named ${c.to}`;
    case 'ModifyTable': return c.changes.map((t) => describeTableChange(c.name, t)).join('; ');
    case 'AddView': return `view ${c.view.name} ${missing}`;
    case 'DropView': return `view ${c.view.name} ${extra}`;
    case 'ModifyView': return `view ${c.to.name} differs`;
    case 'AddTrigger': return `trigger ${c.trigger.name} ${missing}`;
    case 'DropTrigger': return `trigger ${c.trigger.name} ${extra}`;
    case 'ModifyTrigger': return `trigger ${c.to.name} differs`;
    case 'AddVirtualTable': return `virtual table ${c.table.name} ${missing}`;
    case 'DropVirtualTable': return `virtual table ${c.table.name} ${extra}`;
    case 'ModifyVirtualTable': return `virtual table ${c.to.name} differs`;
    default: return assertNever(c);
  }
}
