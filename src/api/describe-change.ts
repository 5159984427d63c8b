/** One line per change, for verification messages and drift reports. */
import type { Change } from '../diff/change.js';
import { assertNever } from '../diff/change.js';

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'AddTable': return `table ${c.table.name} is missing`;
    case 'DropTable': return `table ${c.table.name} is not in the desired state`;
    case 'RenameTable': return `table ${c.from} should be named ${c.to}`;
    case 'ModifyTable': return `table ${c.name} differs: ${c.changes.map((t) => t.kind).join(', ')}`;
    case 'AddView': return `view ${c.view.name} is missing`;
    case 'DropView': return `view ${c.view.name} is not in the desired state`;
    case 'ModifyView': return `view ${c.to.name} differs`;
    case 'AddTrigger': return `trigger ${c.trigger.name} is missing`;
    case 'DropTrigger': return `trigger ${c.trigger.name} is not in the desired state`;
    case 'ModifyTrigger': return `trigger ${c.to.name} differs`;
    case 'AddVirtualTable': return `virtual table ${c.table.name} is missing`;
    case 'DropVirtualTable': return `virtual table ${c.table.name} is not in the desired state`;
    case 'ModifyVirtualTable': return `virtual table ${c.to.name} differs`;
    default: return assertNever(c);
  }
}
