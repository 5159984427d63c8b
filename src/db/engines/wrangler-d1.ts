/**
 * Migration files for `wrangler d1 migrations apply`. Wrangler runs a file as ONE D1 batch (its statements
 * split and sent to `db.batch()`, the `INSERT INTO d1_migrations (name) values ('<file>')` appended), so the
 * file must be D1-safe on its own: no BEGIN/COMMIT/SAVEPOINT, no PRAGMA foreign_keys (it does nothing inside the
 * batch), and every rebuild the FK-safe one (safe-rebuild.ts) with `defer_foreign_keys` and the guard, built by
 * the same pure unit builder as a direct apply on D1 (plan-unit.ts), from the Plan's data. Pure.
 */
import type { SchemaModel } from '../../model/schema-model.js';
import type { Plan } from '../../plan/plan.js';
import { terminateStatement } from '../../model/embed-sql.js';
import { LiteformError } from '../../errors.js';
import { d1Capabilities } from './d1.js';
import { planUnitStatements } from './plan-unit.js';

/** The table wrangler records applied files in (its default `migrations_table`). */
export const wranglerHistoryTable = 'd1_migrations';

/** The directive that marks a file written for wrangler: it carries its own guard, so no runner adds one. */
export const wranglerDirective = '-- liteform:for wrangler-d1';

export function isWranglerFile(content: string): boolean {
  return /^--\s*liteform:for\s+wrangler-d1\s*$/im.test(content);
}

/** The body of a file for `wrangler d1 migrations apply`: the plan as one D1-safe unit, a statement per line group. */
export function wranglerD1Body(plan: Plan, from: SchemaModel, to: SchemaModel): string {
  const unit = planUnitStatements(plan, from, to, d1Capabilities);
  if (unit.foreignKeysOff) {
    throw new LiteformError('LITEFORM_INTERNAL', 'a wrangler-d1 file cannot rely on FK enforcement being off', 'this is a liteform bug: please report it with the plan (--json)');
  }
  const max = d1Capabilities.maxStatementBytes!;
  unit.statements.forEach((s, i) => {
    const bytes = Buffer.byteLength(s, 'utf8');
    if (bytes > max) {
      throw new LiteformError('LITEFORM_ENGINE_UNSUPPORTED', `statement ${i + 1} of the wrangler-d1 file is ${bytes} bytes; D1 accepts at most ${max} (${s.trim().split('\n')[0]!.slice(0, 100)})`, 'no file was written; split the object (a long view or trigger)');
    }
  });
  return [
    wranglerDirective,
    '-- Written for `wrangler d1 migrations apply`: the whole file runs as ONE D1 batch. D1 cannot turn FK',
    '-- enforcement off, so a rebuilt table keeps its children\'s rows by setting them aside and putting them back',
    '-- (defer_foreign_keys), and the `_liteform_rb_guard` insert aborts the batch if foreign_key_check reports',
    '-- anything or a row count changed. `_liteform_rb_*` tables are scratch tables, dropped before the end.',
    '',
    ...unit.statements.map((s) => terminateStatement(s)),
  ].join('\n');
}
