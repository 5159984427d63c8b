/**
 * The rendered statements run by SQLite in a scratch database — exactly what happens to a `.sql`
 * desired state — so both formats share one parser and one normalisation. An error SQLite still finds
 * is traced back to the YAML node that produced the offending clause.
 */
import type { SchemaModel } from '../model/schema-model.js';
import { modelFromStatements, StatementError } from '../db/scratch.js';
import { fail, problemOf } from './yaml-problem.js';
import type { RenderedStatement } from './yaml-rendered-statement.js';
import type { Location, YamlSource } from './yaml-source.js';

/**
 * The fragment an SQLite error belongs to: the first one whose prefix of the statement already fails
 * with the same message. SQLite does not say where in a statement an error is; this asks it again.
 */
function blame(st: RenderedStatement, message: string): Location {
  for (let keep = 1; keep <= st.fragments.length; keep++) {
    try {
      modelFromStatements([...st.requires, st.build(keep)]);
    } catch (e) {
      if (e instanceof StatementError && e.index === st.requires.length && e.sqliteMessage === message) return st.fragments[keep - 1]!.at;
    }
  }
  return st.at;
}

export function buildYamlModel(source: YamlSource, statements: readonly RenderedStatement[]): SchemaModel {
  try {
    return modelFromStatements(statements.map((s) => s.sql));
  } catch (e) {
    if (!(e instanceof StatementError)) throw e;
    const st = statements[e.index]!;
    const problem = problemOf(source, { ...blame(st, e.sqliteMessage), text: `${st.label}: ${e.sqliteMessage}` });
    return fail(source, [problem], `SQLite rejected the statement liteform generated from it:\n${st.sql}`);
  }
}
