/**
 * Expressions are pasted into the generated statements, so one that would end the statement early or
 * swallow the clause after it must be refused before SQLite reads it as something else.
 */
import { tokenize } from '../model/sql-tokens.js';
import { trailingComment } from '../model/embed-sql.js';
import { finding, type Finding } from './yaml-problem.js';
import type { YamlTable } from './yaml-schema.js';
import type { Path } from './yaml-source.js';
import { checkText, columnsOf, tablePath } from './yaml-table.js';

/** Why an expression cannot be pasted into a statement safely, or null. Parentheses and `;` decide where the expression ends. */
function expressionProblem(expr: string, emptyText = 'must not be empty'): string | null {
  const tokens = tokenize(expr);
  if (tokens.length === 0) return emptyText;
  // An open comment would swallow whatever the statement has after the expression.
  if (trailingComment(expr) === 'open-block') return "has a '/*' comment that is never closed (add '*/')";
  if (tokens.some((t) => t.kind === ';')) return "must be a single expression (remove the ';')";
  let depth = 0;
  for (const t of tokens) {
    depth += t.kind === '(' ? 1 : t.kind === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  return depth === 0 ? null : 'has unbalanced parentheses';
}

export function checkExpression(path: Path, expr: string, emptyText?: string): Finding[] {
  const problem = expressionProblem(expr, emptyText);
  return problem === null ? [] : [finding(path, problem)];
}

/** Every expression of a table that is pasted into its CREATE statements. */
export function checkTableExpressions(tableName: string, table: YamlTable): Finding[] {
  const base = tablePath(tableName);
  const out: Finding[] = [];
  for (const c of columnsOf(tableName, table)) {
    if (c.def.defaultExpr !== undefined) out.push(...checkExpression([...c.path, 'defaultExpr'], c.def.defaultExpr));
    if (c.def.generated) out.push(...checkExpression([...c.path, 'generated', 'expr'], c.def.generated.expr, 'a generated column needs an expression'));
    if (c.def.check !== undefined) out.push(...checkExpression([...c.path, 'check'], checkText(c.def.check)));
  }
  (table.checks ?? []).forEach((c, i) => out.push(...checkExpression([...base, 'checks', i], checkText(c))));
  for (const [name, idx] of Object.entries(table.indexes ?? {})) {
    const ip = [...base, 'indexes', name];
    idx.columns.forEach((p, i) => {
      if (typeof p !== 'string' && 'expr' in p) out.push(...checkExpression([...ip, 'columns', i, 'expr'], p.expr));
    });
    if (idx.where !== undefined) out.push(...checkExpression([...ip, 'where'], idx.where));
  }
  return out;
}
