/** Counts for the plan's last line: "2 to add, 1 to change (1 rebuild), 1 to destroy". */
import type { Change } from '../diff/change.js';
import { assertNever } from '../diff/change.js';
import type { Plan } from '../plan/plan.js';

export type ChangeAction = 'add' | 'change' | 'destroy';

export function actionOf(c: Change): ChangeAction {
  switch (c.kind) {
    case 'AddTable': case 'AddView': case 'AddTrigger': case 'AddVirtualTable':
      return 'add';
    case 'DropTable': case 'DropView': case 'DropTrigger': case 'DropVirtualTable':
      return 'destroy';
    case 'RenameTable': case 'ModifyTable': case 'ModifyView': case 'ModifyTrigger': case 'ModifyVirtualTable':
      return 'change';
    default:
      return assertNever(c);
  }
}

export interface PlanCounts { readonly add: number; readonly change: number; readonly destroy: number; readonly rebuild: number }

export function countChanges(plan: Plan): PlanCounts {
  const n = { add: 0, change: 0, destroy: 0, rebuild: plan.rebuilds.length };
  for (const c of plan.changes) n[actionOf(c)]++;
  return n;
}

export function summaryLine(plan: Plan): string {
  const n = countChanges(plan);
  return `Plan: ${n.add} to add, ${n.change} to change${n.rebuild > 0 ? ` (${n.rebuild} rebuild${n.rebuild === 1 ? '' : 's'})` : ''}, ${n.destroy} to destroy.`;
}
