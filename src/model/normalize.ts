/**
 * The one normalisation every source goes through before two models are compared.
 *
 * Decisions (documented in README "Normalisation"):
 * - identifiers compare case-insensitively, as SQLite compares them;
 * - declared types compare by their normalised spelling (upper case, single spaces): `INT` and
 *   `INTEGER` share an affinity but are different declarations (and `INT PRIMARY KEY` is not a
 *   rowid alias), so a change between them is a change; the model keeps the type as declared
 *   (`bigint` stays `bigint`: PRAGMA table_info reports the spelling, and a table liteform creates
 *   or rebuilds must report what the desired state's would), so a change of case alone is none;
 * - expressions (DEFAULT, CHECK, generated, index, WHERE, views, triggers) compare token by token,
 *   ignoring whitespace, comments, keyword/identifier case and identifier quoting, never touching
 *   string literals; redundant outer parentheses are dropped.
 */
import { tokenize, identifierOf, closingParen, type Token } from './sql-tokens.js';

/** SQLite folds only ASCII letters when it compares identifiers: "Ü" and "ü" are two names. */
export function foldName(name: string): string {
  // Nearly every name is already lower case; skip the replace for those (plans fold every name they compare).
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return name;
}

export function sameName(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}

/** True when two declared types are the same declaration (see normalizeType). */
export function sameType(a: string, b: string): boolean {
  return a === b || normalizeType(a) === normalizeType(b);
}

export function normalizeType(type: string): string {
  return type
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')')
    .replace(/\s*,\s*/g, ',')
    .toUpperCase();
}

const simpleIdent = /^[a-z_][a-z0-9_]*$/;

function tokenKey(t: Token): string {
  switch (t.kind) {
    case 'word':
      return foldName(t.text);
    case 'quoted': {
      const id = foldName(identifierOf(t));
      return simpleIdent.test(id) ? id : `"${id.replace(/"/g, '""')}"`;
    }
    case 'op':
      return t.text === '==' ? '=' : t.text === '!=' ? '<>' : t.text;
    case 'blob':
      return t.text.toUpperCase();
    case 'string':
    case 'number':
    case 'param':
    case '(':
    case ')':
    case ',':
    case ';':
    case 'comment':
      return t.text;
  }
}

/** Drops parentheses that wrap the whole token list, e.g. `((a > 0))` → `a > 0`. */
function stripOuterParens(tokens: Token[]): Token[] {
  let ts = tokens;
  while (ts.length >= 2 && ts[0]!.kind === '(' && closingParen(ts, 0) === ts.length - 1) ts = ts.slice(1, -1);
  return ts;
}

const normalized = new Map<string, string>();

/** Canonical text of an expression or statement, used only for comparison and hashing (memoised: plans compare the same texts many times). */
export function normalizeExpr(sql: string): string {
  let n = normalized.get(sql);
  if (n === undefined) {
    if (normalized.size > 50_000) normalized.clear();
    n = computeNormalized(sql);
    normalized.set(sql, n);
  }
  return n;
}

function computeNormalized(sql: string): string {
  const tokens = stripOuterParens(tokenize(sql).filter((t) => t.kind !== 'comment'));
  while (tokens.length > 0 && tokens[tokens.length - 1]!.kind === ';') tokens.pop();
  return tokens.map(tokenKey).join(' ');
}

export function sameExpr(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return normalizeExpr(a) === normalizeExpr(b);
}

const identifierSets = new Map<string, ReadonlySet<string>>();

/** The identifiers an expression or statement mentions, folded (memoised). */
export function identifiersIn(sql: string): ReadonlySet<string> {
  let s = identifierSets.get(sql);
  if (s === undefined) {
    if (identifierSets.size > 50_000) identifierSets.clear();
    s = new Set(tokenize(sql).filter((t) => t.kind === 'word' || t.kind === 'quoted').map((t) => foldName(identifierOf(t))));
    identifierSets.set(sql, s);
  }
  return s;
}

/** True when the expression text mentions `name` as an identifier (conservative: any token naming it). */
export function mentionsIdentifier(sql: string, name: string): boolean {
  return identifiersIn(sql).has(foldName(name));
}
