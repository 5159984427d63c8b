/**
 * Double-quoted string literals ("DQS"): the SQLite build applications ship with reads `"x"` as a
 * string wherever it does not name a column (and a bare `DEFAULT "x"` always as a string). Our
 * better-sqlite3 is built with SQLITE_DQS=0, so liteform rewrites such a `"x"` into `'x'` where that
 * fallback would apply, and compares, renders and runs the rewritten text: `DEFAULT ""` and
 * `DEFAULT ''` are one default, and `CHECK (kind <> "z")` runs on our build.
 *
 * What "does not name a column" means is SQLite's, decided on the tokens:
 * - in a column DEFAULT, a lone `"x"` is a string (the parser makes it one; no column is in scope);
 * - in CHECK, a generated column and a partial index's WHERE, only the table's own columns (and its
 *   rowid aliases) are in scope, so `"x"` is a string unless it names one of them;
 * - in a view or trigger body the scope is whatever the body reads; liteform takes the columns of
 *   every table, every object name and every `AS` alias as names (erring towards "identifier", which
 *   is what SQLite tries first).
 * A quoted token next to `.`, before `(` (a function) or after AS / COLLATE is always a name.
 */
import { tokenize, identifierOf, isKeyword, closingParen, type Token } from './sql-tokens.js';
import { foldName } from './normalize.js';

/** `"a""b"` → `'a"b'` (the string SQLite's DQS fallback reads). */
export function stringLiteralOf(t: Token): string {
  return `'${identifierOf(t).replace(/'/g, "''")}'`;
}

const isDoubleQuoted = (t: Token | undefined): t is Token => t !== undefined && t.kind === 'quoted' && t.text.startsWith('"');

/** A DEFAULT's text with a lone double-quoted string spelled as a string literal (`""` → `''`). */
export function defaultWithoutDoubleQuotes(dflt: string | null): string | null {
  if (dflt === null || !dflt.includes('"')) return dflt;
  const code = tokenize(dflt).filter((t) => t.kind !== 'comment');
  return code.length === 1 && isDoubleQuoted(code[0]) ? stringLiteralOf(code[0]) : dflt;
}

/** Names that resolve in a table's CHECK, generated column or partial-index WHERE. */
export function tableScope(columns: readonly string[]): ReadonlySet<string> {
  return new Set([...columns.map(foldName), 'rowid', 'oid', '_rowid_']);
}

/** True when tokens[i] (a double-quoted token) sits where only a name can be. */
function inNamePosition(code: readonly Token[], i: number): boolean {
  const prev = code[i - 1];
  const next = code[i + 1];
  if (prev !== undefined && prev.kind === 'op' && prev.text === '.') return true;
  if (next !== undefined && ((next.kind === 'op' && next.text === '.') || next.kind === '(')) return true;
  return isKeyword(prev, 'AS') || isKeyword(prev, 'COLLATE');
}

/**
 * Rewrites the double-quoted tokens of `sql` that are not names in `scope` into string literals, only
 * inside the token ranges `spans` picks (all of it when omitted). Returns `sql` itself when nothing changes.
 */
export function rewriteDoubleQuotedStrings(
  sql: string,
  scope: ReadonlySet<string>,
  spans?: (code: readonly Token[]) => readonly (readonly [number, number])[],
): string {
  if (!sql.includes('"')) return sql;
  const code = tokenize(sql).filter((t) => t.kind !== 'comment');
  const ranges = spans ? spans(code) : [[0, code.length] as const];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [from, to] of ranges) {
    for (let i = from; i < to; i++) {
      const t = code[i]!;
      if (!isDoubleQuoted(t) || inNamePosition(code, i) || scope.has(foldName(identifierOf(t)))) continue;
      edits.push({ start: t.start, end: t.end, text: stringLiteralOf(t) });
    }
  }
  if (edits.length === 0) return sql;
  let out = '';
  let at = 0;
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    out += sql.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + sql.slice(at);
}

/** The parenthesised bodies of CHECK (…) and [GENERATED ALWAYS] AS (…) in a CREATE TABLE statement. */
export function tableExpressionSpans(code: readonly Token[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < code.length - 1; i++) {
    if ((isKeyword(code[i], 'CHECK') || isKeyword(code[i], 'AS')) && code[i + 1]!.kind === '(') {
      const close = closingParen(code, i + 1);
      if (close > i + 1) out.push([i + 2, close]);
    }
  }
  return out;
}

/** The WHERE clause of a CREATE INDEX statement. */
export function indexWhereSpan(code: readonly Token[]): [number, number][] {
  const where = code.findIndex((t) => isKeyword(t, 'WHERE'));
  return where < 0 ? [] : [[where + 1, code.length]];
}

/** A view's SELECT (after `AS`), a trigger's WHEN and body (from WHEN or BEGIN). */
export function bodySpan(code: readonly Token[]): [number, number][] {
  const isTrigger = code.slice(0, 4).some((t) => isKeyword(t, 'TRIGGER'));
  const start = isTrigger
    ? code.findIndex((t) => isKeyword(t, 'WHEN') || isKeyword(t, 'BEGIN'))
    : code.findIndex((t) => isKeyword(t, 'AS'));
  return start < 0 ? [] : [[start + 1, code.length]];
}

/** Words after which a quoted token starts an expression (not an alias written without AS). */
const expressionWords = new Set(['SELECT', 'DISTINCT', 'ALL', 'WHERE', 'AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'ON', 'BY', 'SET',
  'IS', 'LIKE', 'GLOB', 'IN', 'CASE', 'BETWEEN', 'HAVING', 'VALUES', 'RETURNING', 'LIMIT', 'OFFSET', 'BEGIN', 'END', 'MATCH', 'REGEXP', 'ESCAPE', 'EXISTS', 'USING']);

/**
 * The names a view or trigger body may resolve (see the file comment): every column, object name and
 * alias, `AS` or not (`count(*) "n"`, `FROM items "i"`), so that a view reading another view's alias
 * keeps it as a name.
 */
export function bodyScope(columns: readonly string[], objects: readonly string[], bodies: readonly string[]): ReadonlySet<string> {
  const names = new Set([...columns, ...objects].map(foldName));
  for (const n of ['new', 'old', 'rowid', 'oid', '_rowid_']) names.add(n);
  for (const sql of bodies) {
    if (!sql.includes('"')) continue;
    const code = tokenize(sql);
    code.forEach((t, i) => {
      if (t.kind !== 'quoted' && t.kind !== 'word') return;
      const prev = code[i - 1];
      const alias = isKeyword(prev, 'AS') || prev?.kind === ')' || (prev !== undefined && (prev.kind === 'word' || prev.kind === 'quoted') && !(prev.kind === 'word' && expressionWords.has(prev.text.toUpperCase())));
      if (alias) names.add(foldName(identifierOf(t)));
    });
  }
  return names;
}
