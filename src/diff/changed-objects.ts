/** The names of the objects a change touches (both names of a rename): where to point a reader, what overlaps. */
import { assertNever, type Change } from './change.js';

export function changedObjects(c: Change): string[] {
  switch (c.kind) {
    case 'AddTable': case 'DropTable': return [c.table.name];
    case 'RenameTable': return [c.to, c.from];
    case 'ModifyTable': return c.name === c.from.name ? [c.name] : [c.name, c.from.name];
    case 'AddView': case 'DropView': return [c.view.name];
    case 'ModifyView': return [c.to.name, c.from.name];
    case 'AddTrigger': case 'DropTrigger': return [c.trigger.name];
    case 'ModifyTrigger': return [c.to.name, c.from.name];
    case 'AddVirtualTable': case 'DropVirtualTable': return [c.table.name];
    case 'ModifyVirtualTable': return [c.to.name, c.from.name];
    default: return assertNever(c);
  }
}
