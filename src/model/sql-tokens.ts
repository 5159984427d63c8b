/**
 * A small SQL tokenizer. liteform does not parse SQL — SQLite does — but it must read pieces
 * that PRAGMA does not report (CHECK, COLLATE, generated expressions, index expressions,
 * DEFERRABLE, AUTOINCREMENT) and compare expressions without touching string literals.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'param' | 'op' | '(' | ')' | ',' | ';' | 'comment';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the first character in the source text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
}

// Character classes for code units below 128; every code unit from 0x80 up (any non-ASCII
// character, surrogate halves included) counts as a word character. A table lookup per character
// instead of a regex test: the tokenizer reads every desired-state file and every stored CREATE.
const WORD_START = 1;
const WORD_CHAR = 2;
const DIGIT = 4;
const HEX_DIGIT = 8;
const SPACE = 16;
const charClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[A-Za-z_]/.test(ch)) k |= WORD_START | WORD_CHAR;
  if (/[0-9$]/.test(ch)) k |= WORD_CHAR;
  if (/[0-9]/.test(ch)) k |= DIGIT;
  if (/[0-9A-Fa-f_]/.test(ch)) k |= HEX_DIGIT;
  if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') k |= SPACE;
  charClass[c] = k;
}
/** Whether the code unit (-1: past the end) is in class k. */
const is = (code: number, k: number): boolean => (code >= 128 ? (k & (WORD_START | WORD_CHAR)) !== 0 : code >= 0 && (charClass[code]! & k) !== 0);
/** 0-9 or _ (the digit-group separator SQLite 3.46+ accepts). */
const isDigitOrSep = (code: number): boolean => (code >= 48 && code <= 57) || code === 95;

const enum C {
  NL = 10, QUOTE = 39, DQUOTE = 34, BACKTICK = 96, LBRACKET = 91, RBRACKET = 93, MINUS = 45, SLASH = 47, STAR = 42,
  LX = 120, UX = 88, ZERO = 48, DOT = 46, LE = 101, UE = 69, PLUS = 43, QMARK = 63, COLON = 58, AT = 64, DOLLAR = 36,
  LPAREN = 40, RPAREN = 41, COMMA = 44, SEMI = 59, LT = 60, GT = 62, EQ = 61, BANG = 33, PIPE = 124,
}

/**
 * Tokenizes SQL text. Whitespace is dropped; comments are kept only when `keepComments`. Never
 * throws: unterminated quotes run to the end. `maxTokens` stops early (to read a statement's head).
 */
export function tokenize(sql: string, keepComments = false, maxTokens = Infinity): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = sql.length;
  const push = (kind: TokenKind, start: number, end: number, l: number, c: number): void => {
    out.push({ kind, text: sql.slice(start, end), start, end, line: l, col: c });
  };
  const advanceLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (sql.charCodeAt(k) === C.NL) { line++; lineStart = k + 1; }
  };
  const at = (k: number): number => (k < n ? sql.charCodeAt(k) : -1);
  while (i < n && out.length < maxTokens) {
    const ch = sql.charCodeAt(i);
    if (ch === C.NL) { line++; lineStart = i + 1; i++; continue; }
    if (is(ch, SPACE)) { i++; continue; }
    const startLine = line;
    const startCol = i - lineStart + 1;
    if (ch === C.MINUS && at(i + 1) === C.MINUS) {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      if (keepComments) push('comment', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (ch === C.SLASH && at(i + 1) === C.STAR) {
      let j = sql.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      if (keepComments) push('comment', i, j, startLine, startCol);
      advanceLines(i, j);
      i = j;
      continue;
    }
    if (ch === C.QUOTE || ch === C.DQUOTE || ch === C.BACKTICK || ch === C.LBRACKET) {
      const close = ch === C.LBRACKET ? C.RBRACKET : ch;
      let j = i + 1;
      while (j < n) {
        if (sql.charCodeAt(j) === close) {
          if (close !== C.RBRACKET && at(j + 1) === close) { j += 2; continue; }
          j++;
          break;
        }
        j++;
      }
      push(ch === C.QUOTE ? 'string' : 'quoted', i, j, startLine, startCol);
      advanceLines(i, j);
      i = j;
      continue;
    }
    if ((ch === C.LX || ch === C.UX) && at(i + 1) === C.QUOTE) {
      let j = sql.indexOf("'", i + 2);
      j = j < 0 ? n : j + 1;
      push('blob', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if ((ch >= 48 && ch <= 57) || (ch === C.DOT && is(at(i + 1), DIGIT))) {
      let j = i;
      if (ch === C.ZERO && (at(i + 1) === C.LX || at(i + 1) === C.UX)) {
        j += 2;
        while (j < n && is(sql.charCodeAt(j), HEX_DIGIT)) j++;
      } else {
        while (j < n && isDigitOrSep(sql.charCodeAt(j))) j++;
        if (at(j) === C.DOT) { j++; while (j < n && isDigitOrSep(sql.charCodeAt(j))) j++; }
        const e = at(j);
        const sign = at(j + 1);
        if ((e === C.LE || e === C.UE) && (sign === C.MINUS || sign === C.PLUS || (sign >= 48 && sign <= 57))) {
          j += 2;
          while (j < n && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57) j++;
        }
      }
      push('number', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (is(ch, WORD_START)) {
      let j = i + 1;
      while (j < n && is(sql.charCodeAt(j), WORD_CHAR)) j++;
      push('word', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (ch === C.QMARK || ch === C.COLON || ch === C.AT || ch === C.DOLLAR) {
      let j = i + 1;
      while (j < n && is(sql.charCodeAt(j), WORD_CHAR)) j++;
      push('param', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (ch === C.LPAREN || ch === C.RPAREN || ch === C.COMMA || ch === C.SEMI) {
      push(sql[i] as '(' | ')' | ',' | ';', i, i + 1, startLine, startCol);
      i++;
      continue;
    }
    const len = operatorLength(ch, at(i + 1), at(i + 2));
    push('op', i, i + len, startLine, startCol);
    i += len;
  }
  return out;
}

/** Length of the operator starting with code units a, b, c: `->>` is 3; <= >= <> != == || << >> -> are 2; anything else 1. */
function operatorLength(a: number, b: number, c: number): number {
  switch (a) {
    case C.LT: return b === C.EQ || b === C.GT || b === C.LT ? 2 : 1;
    case C.GT: return b === C.EQ || b === C.GT ? 2 : 1;
    case C.BANG: return b === C.EQ ? 2 : 1;
    case C.EQ: return b === C.EQ ? 2 : 1;
    case C.PIPE: return b === C.PIPE ? 2 : 1;
    case C.MINUS: return b === C.GT ? (c === C.GT ? 3 : 2) : 1;
    default: return 1;
  }
}

/** True when the token is the bare keyword `kw` (case-insensitive). */
export function isKeyword(t: Token | undefined, kw: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === kw;
}

/** The identifier a `word` or `quoted` token names, with quotes removed. */
export function identifierOf(t: Token): string {
  if (t.kind !== 'quoted') return t.text;
  const q = t.text[0]!;
  const close = q === '[' ? ']' : q;
  let inner = t.text.slice(1, t.text.endsWith(close) && t.text.length > 1 ? -1 : undefined);
  if (close !== ']') inner = inner.split(close + close).join(close);
  return inner;
}

/** Index of the `)` that closes the `(` at `open`, or tokens.length when unbalanced. */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    if (k === '(') depth++;
    else if (k === ')') { depth--; if (depth === 0) return i; }
  }
  return tokens.length;
}

/** Splits tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Token[][] {
  const parts: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === '(') depth++;
    else if (t.kind === ')') depth--;
    if (t.kind === ',' && depth === 0) { parts.push(cur); cur = []; continue; }
    cur.push(t);
  }
  if (cur.length > 0 || parts.length > 0) parts.push(cur);
  return parts;
}

/** The source text spanning tokens[from..to] inclusive. */
export function textOf(sql: string, tokens: readonly Token[], from: number, to: number): string {
  if (from > to || from >= tokens.length) return '';
  return sql.slice(tokens[from]!.start, tokens[Math.min(to, tokens.length - 1)]!.end);
}
