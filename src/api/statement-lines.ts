/**
 * Where a change's statements are in a migration file: the line and column of the first statement the
 * plan produced for it, found by comparing normalised statement text with the file's statements. A
 * statement edited by hand is not found; the caller then points at the file's first line.
 */
import type { Plan } from '../plan/plan.js';
import { normalizeExpr } from '../model/normalize.js';
import { splitStatements } from '../model/split-statements.js';

export interface FilePlace { readonly line: number; readonly col: number }

export function changePlaces(plan: Plan, content: string): (change: number) => FilePlace {
  const statements = splitStatements(content).map((st) => ({ st, norm: normalizeExpr(st.sql) }));
  return (change) => {
    const sqls = new Set(plan.steps.filter((s) => s.change === change).map((s) => normalizeExpr(s.sql)));
    const hit = statements.find((x) => sqls.has(x.norm));
    return hit ? { line: hit.st.line, col: hit.st.col } : { line: 1, col: 1 };
  };
}
