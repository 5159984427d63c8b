/**
 * Views, triggers and virtual tables written as whole statements: each must be one statement of its
 * kind creating the object its key names, or the key and the database would disagree.
 */
import { tokenize, isKeyword, identifierOf, type Token } from '../model/sql-tokens.js';
import { splitStatements } from '../model/split-statements.js';
import { checkExpression } from './yaml-check-expressions.js';
import { trailingComment } from '../model/embed-sql.js';
import { finding, type Finding } from './yaml-problem.js';
import type { YamlSchema } from './yaml-schema.js';
import type { Path } from './yaml-source.js';
import { lc } from './yaml-table.js';
import { statementSql, viewSql } from './yaml-written-sql.js';

const createWords = { view: ['VIEW'], trigger: ['TRIGGER'], 'virtual table': ['VIRTUAL', 'TABLE'] } as const;
type StatementKind = keyof typeof createWords;

/** The name a `CREATE <kind> [IF NOT EXISTS] [schema.]name` statement creates, and the index of the token after it; null when it is not one. */
function createdName(tokens: readonly Token[], kind: StatementKind): { name: string; next: number } | null {
  let i = 0;
  for (const w of ['CREATE', ...createWords[kind]]) if (!isKeyword(tokens[i++], w)) return null;
  if (isKeyword(tokens[i], 'IF') && isKeyword(tokens[i + 1], 'NOT') && isKeyword(tokens[i + 2], 'EXISTS')) i += 3;
  if (tokens[i + 1]?.kind === 'op' && tokens[i + 1]!.text === '.') i += 2;
  const t = tokens[i];
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted') ? { name: identifierOf(t), next: i + 1 } : null;
}

/** The table a CREATE TRIGGER statement is ON (the first ON keyword after the name: column lists cannot contain it unquoted). */
function triggerTable(tokens: readonly Token[], from: number): string | null {
  const on = tokens.findIndex((t, i) => i >= from && isKeyword(t, 'ON'));
  if (on < 0) return null;
  const qualified = tokens[on + 2]?.kind === 'op' && tokens[on + 2]!.text === '.';
  const t = tokens[qualified ? on + 3 : on + 1];
  return t === undefined ? null : identifierOf(t);
}

function checkStatement(kind: StatementKind, name: string, sql: string, path: Path, table?: string): Finding[] {
  const head = `CREATE ${createWords[kind].join(' ')}`;
  if (trailingComment(sql) === 'open-block') return [finding(path, "has a '/*' comment that is never closed (add '*/')")];
  if (splitStatements(sql).length !== 1) return [finding(path, `must be one ${head} statement`)];
  const tokens = tokenize(sql);
  const created = createdName(tokens, kind);
  if (created === null) return [finding(path, `must be a ${head} statement`)];
  if (lc(created.name) !== lc(name)) return [finding(path, `creates '${created.name}', but its key says '${name}'`)];
  const on = kind === 'trigger' && table !== undefined ? triggerTable(tokens, created.next) : null;
  if (on !== null && lc(on) !== lc(table!)) return [finding(path, `the statement creates the trigger ON '${on}', but table says '${table!}'`)];
  return [];
}

export function checkStandaloneStatements(doc: YamlSchema): Finding[] {
  const out: Finding[] = [];
  for (const [name, v] of Object.entries(doc.views ?? {})) {
    const view = viewSql(name, v);
    out.push(...(view.whole ? checkStatement('view', name, view.sql, view.path) : checkExpression(view.path, view.sql)));
  }
  for (const [name, t] of Object.entries(doc.triggers ?? {})) {
    const { sql, path } = statementSql(['triggers', name], t);
    out.push(...checkStatement('trigger', name, sql, path, typeof t === 'string' ? undefined : t.table));
  }
  for (const [name, v] of Object.entries(doc.virtualTables ?? {})) {
    const { sql, path } = statementSql(['virtualTables', name], v);
    out.push(...checkStatement('virtual table', name, sql, path));
  }
  return out;
}
