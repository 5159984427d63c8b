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
const charClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[A-Za-z_]/.test(ch)) k |= WORD_START | WORD_CHAR;
  if (/[0-9$]/.test(ch)) k |= WORD_CHAR;
  if (/[0-9]/.test(ch)) k |= DIGIT;
  if (/[0-9A-Fa-f_]/.test(ch)) k |= HEX_DIGIT;
  charClass[c] = k;
}
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
 *
 * One loop over char codes with the common cases first (spaces, words), no closure or helper call per
 * character: every desired-state file and every stored CREATE goes through here, in a process that
 * mostly runs it once (a 218 KB file is read before the JIT has warmed up to it).
 */
export function tokenize(sql: string, keepComments = false, maxTokens = Infinity): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < n && out.length < maxTokens) {
    const ch = sql.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 13 || ch === 12 || ch === 11) { i++; continue; }
    if (ch === C.NL) { line++; i++; lineStart = i; continue; }
    const col = i - lineStart + 1;
    let kind: TokenKind;
    let j = i + 1;
    let multiline = false;
    const cls = ch < 128 ? charClass[ch]! : WORD_START;
    if ((cls & WORD_START) !== 0 && !((ch === C.LX || ch === C.UX) && j < n && sql.charCodeAt(j) === C.QUOTE)) {
      while (j < n) {
        const c = sql.charCodeAt(j);
        if (c < 128 && (charClass[c]! & WORD_CHAR) === 0) break;
        j++;
      }
      kind = 'word';
    } else if (ch === C.LPAREN) kind = '(';
    else if (ch === C.RPAREN) kind = ')';
    else if (ch === C.COMMA) kind = ',';
    else if (ch === C.SEMI) kind = ';';
    else if (ch === C.QUOTE || ch === C.DQUOTE || ch === C.BACKTICK || ch === C.LBRACKET) {
      const close = ch === C.LBRACKET ? C.RBRACKET : ch;
      while (j < n) {
        const c = sql.charCodeAt(j);
        if (c === close) {
          if (close !== C.RBRACKET && j + 1 < n && sql.charCodeAt(j + 1) === close) { j += 2; continue; }
          j++;
          break;
        }
        if (c === C.NL) multiline = true;
        j++;
      }
      kind = ch === C.QUOTE ? 'string' : 'quoted';
    } else if (ch === C.LX || ch === C.UX) {
      // x'…': a blob (the quote was checked above). Its lines are not counted, as SQLite allows none.
      const q = sql.indexOf("'", i + 2);
      j = q < 0 ? n : q + 1;
      kind = 'blob';
    } else if ((cls & DIGIT) !== 0 || (ch === C.DOT && j < n && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57)) {
      j = numberEnd(sql, i);
      kind = 'number';
    } else if (ch === C.MINUS && j < n && sql.charCodeAt(j) === C.MINUS) {
      const nl = sql.indexOf('\n', i);
      j = nl < 0 ? n : nl;
      if (!keepComments) { i = j; continue; }
      kind = 'comment';
    } else if (ch === C.SLASH && j < n && sql.charCodeAt(j) === C.STAR) {
      const close = sql.indexOf('*/', i + 2);
      j = close < 0 ? n : close + 2;
      multiline = true;
      kind = 'comment';
    } else if (ch === C.QMARK || ch === C.COLON || ch === C.AT || ch === C.DOLLAR) {
      while (j < n) {
        const c = sql.charCodeAt(j);
        if (c < 128 && (charClass[c]! & WORD_CHAR) === 0) break;
        j++;
      }
      kind = 'param';
    } else {
      j = i + operatorLength(ch, j < n ? sql.charCodeAt(j) : -1, j + 1 < n ? sql.charCodeAt(j + 1) : -1);
      kind = 'op';
    }
    if (kind !== 'comment' || keepComments) out.push({ kind, text: sql.slice(i, j), start: i, end: j, line, col });
    if (multiline) {
      for (let k = i; k < j; k++) if (sql.charCodeAt(k) === C.NL) { line++; lineStart = k + 1; }
    }
    i = j;
  }
  return out;
}

/** End of the number starting at i: 0x… hex, or digits (with `_` separators), an optional fraction and exponent. */
function numberEnd(sql: string, i: number): number {
  const n = sql.length;
  let j = i;
  const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
  if (sql.charCodeAt(i) === C.ZERO && (next === C.LX || next === C.UX)) {
    j += 2;
    while (j < n) {
      const c = sql.charCodeAt(j);
      if (c >= 128 || (charClass[c]! & HEX_DIGIT) === 0) break;
      j++;
    }
    return j;
  }
  while (j < n && isDigitOrSep(sql.charCodeAt(j))) j++;
  if (j < n && sql.charCodeAt(j) === C.DOT) { j++; while (j < n && isDigitOrSep(sql.charCodeAt(j))) j++; }
  const e = j < n ? sql.charCodeAt(j) : -1;
  const sign = j + 1 < n ? sql.charCodeAt(j + 1) : -1;
  if ((e === C.LE || e === C.UE) && (sign === C.MINUS || sign === C.PLUS || (sign >= 48 && sign <= 57))) {
    j += 2;
    while (j < n && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57) j++;
  }
  return j;
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
