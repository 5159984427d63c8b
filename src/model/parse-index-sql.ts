/** Reads the indexed parts and partial WHERE of a `CREATE INDEX` statement (PRAGMA is silent on expressions and WHERE). */
import { tokenize, isKeyword, identifierOf, closingParen, splitTopLevel, textOf, type Token } from './sql-tokens.js';
import type { IndexPart } from './schema-model.js';

export interface IndexSqlParts {
  readonly parts: readonly IndexPart[];
  readonly where: string | null;
}

function readPart(sql: string, tokens: Token[]): IndexPart {
  let end = tokens.length - 1;
  let desc = false;
  let collate: string | null = null;
  if (isKeyword(tokens[end], 'DESC') || isKeyword(tokens[end], 'ASC')) { desc = isKeyword(tokens[end], 'DESC'); end--; }
  if (end >= 1 && isKeyword(tokens[end - 1], 'COLLATE')) { collate = identifierOf(tokens[end]!).toUpperCase(); end -= 2; }
  const single = end === 0 && (tokens[0]!.kind === 'word' || tokens[0]!.kind === 'quoted');
  if (single) return { kind: 'column', name: identifierOf(tokens[0]!), collate, desc };
  return { kind: 'expr', expr: textOf(sql, tokens, 0, end), collate, desc };
}

export function parseIndexSql(sql: string): IndexSqlParts {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.kind === '(');
  if (open < 0) return { parts: [], where: null };
  const close = closingParen(tokens, open);
  const parts = splitTopLevel(tokens, open + 1, close).filter((p) => p.length > 0).map((p) => readPart(sql, p));
  const where = isKeyword(tokens[close + 1], 'WHERE') ? textOf(sql, tokens, close + 2, tokens.length - 1).replace(/;\s*$/, '') : null;
  return { parts, where };
}
