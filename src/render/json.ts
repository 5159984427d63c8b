/** The machine-readable plan (`--json`): a versioned shape described by schema/plan-output.schema.json. */
import type { Change } from '../diff/change.js';
import type { Plan } from '../plan/plan.js';
import { actionOf, countChanges } from './summary.js';

export interface JsonChange {
  readonly kind: Change['kind'];
  readonly object: string;
  readonly action: 'add' | 'change' | 'destroy';
  readonly destructive: boolean;
  readonly rebuild: boolean;
  readonly statements: readonly string[];
  readonly change: Change;
}

export interface JsonPlan {
  readonly formatVersion: 1;
  readonly summary: { readonly add: number; readonly change: number; readonly destroy: number; readonly rebuild: number };
  readonly foreignKeysOff: boolean;
  readonly changes: readonly JsonChange[];
  readonly rebuilds: Plan['rebuilds'];
  readonly schemaEdits?: Plan['rebuilds'];
  readonly warnings: Plan['warnings'];
  readonly steps: Plan['steps'];
}

export function objectName(c: Change): string {
  switch (c.kind) {
    case 'AddTable': case 'DropTable': return `table ${c.table.name}`;
    case 'RenameTable': return `table ${c.to}`;
    case 'ModifyTable': return `table ${c.name}`;
    case 'AddView': case 'DropView': return `view ${c.view.name}`;
    case 'ModifyView': return `view ${c.to.name}`;
    case 'AddTrigger': case 'DropTrigger': return `trigger ${c.trigger.name}`;
    case 'ModifyTrigger': return `trigger ${c.to.name}`;
    case 'AddVirtualTable': case 'DropVirtualTable': return `virtual table ${c.table.name}`;
    case 'ModifyVirtualTable': return `virtual table ${c.to.name}`;
  }
}

export function renderJson(plan: Plan): JsonPlan {
  return {
    formatVersion: 1,
    summary: countChanges(plan),
    foreignKeysOff: plan.foreignKeysOff,
    changes: plan.changes.map((c, i) => ({
      kind: c.kind,
      object: objectName(c),
      action: actionOf(c),
      destructive: plan.warnings.some((w) => w.level === 'destructive' && w.change === i),
      rebuild: plan.rebuilds.some((r) => r.change === i),
      statements: plan.steps.filter((s) => s.change === i).map((s) => s.sql),
      change: c,
    })),
    rebuilds: plan.rebuilds,
    ...(plan.schemaEdits !== undefined && plan.schemaEdits.length > 0 ? { schemaEdits: plan.schemaEdits } : {}),
    warnings: plan.warnings,
    steps: plan.steps,
  };
}
