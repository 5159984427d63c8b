/** The plan as a SQL script that `sqlite3` can run as-is (`liteform plan --sql`). */
import type { Plan } from '../plan/plan.js';
import { terminateStatement } from '../model/embed-sql.js';

function commentLines(text: string): string {
  return text.split('\n').map((l) => `-- ${l}`).join('\n');
}

/** Statements with their comments, without the transaction wrapper (migration files add their own header). */
export function renderStatements(plan: Plan): string {
  return plan.steps.map((s) => `${commentLines(s.comment)}\n${terminateStatement(s.sql)}`).join('\n\n');
}

export function renderSql(plan: Plan): string {
  if (plan.steps.length === 0) return '-- liteform: no changes\n';
  const out: string[] = [];
  if (plan.foreignKeysOff) {
    out.push('-- Foreign key enforcement must be off during a table rebuild, and PRAGMA foreign_keys has no effect inside a transaction.');
    out.push('PRAGMA foreign_keys = OFF;');
  }
  out.push('BEGIN IMMEDIATE;', '', renderStatements(plan), '');
  out.push('COMMIT;');
  if (plan.foreignKeysOff) out.push('PRAGMA foreign_keys = ON;');
  return `${out.join('\n')}\n`;
}
