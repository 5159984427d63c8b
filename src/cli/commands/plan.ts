/** `liteform plan`: print what apply would do. Never writes. */
import { planDatabase } from '../../api/plan-database.js';
import { renderHuman } from '../../render/human.js';
import { renderSql } from '../../render/sql.js';
import { renderJson } from '../../render/json.js';
import type { Output } from '../output.js';

export interface PlanFlags {
  readonly db: string;
  readonly schema: string;
  readonly sql?: boolean;
  readonly json?: boolean;
  readonly create?: boolean;
  readonly exitCode?: boolean;
}

export function runPlan(flags: PlanFlags, io: Output): number {
  const { plan } = planDatabase({ db: flags.db, schema: flags.schema, create: flags.create ?? false });
  if (flags.json) io.out(`${JSON.stringify(renderJson(plan), null, 2)}\n`);
  else if (flags.sql) io.out(renderSql(plan));
  else {
    io.out(renderHuman(plan, io.style));
    if (plan.steps.length > 0) io.out(`\n${io.style.dim('SQL:')}\n${renderSql(plan)}`);
  }
  return flags.exitCode && plan.changes.length > 0 ? 2 : 0;
}
