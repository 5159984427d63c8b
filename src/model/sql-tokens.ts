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

const wordStart = /[A-Za-z_\u0080-\uffff]/;
const wordChar = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Tokenizes SQL text. Whitespace is dropped; comments are kept only when `keepComments`. Never throws: unterminated quotes run to the end. */
export function tokenize(sql: string, keepComments = false): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = sql.length;
  const push = (kind: TokenKind, start: number, end: number, l: number, c: number): void => {
    out.push({ kind, text: sql.slice(start, end), start, end, line: l, col: c });
  };
  const advanceLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (sql.charCodeAt(k) === 10) { line++; lineStart = k + 1; }
  };
  while (i < n) {
    const ch = sql[i]!;
    const startLine = line;
    const startCol = i - lineStart + 1;
    if (ch === '\n') { line++; lineStart = i + 1; i++; continue; }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') { i++; continue; }
    if (ch === '-' && sql[i + 1] === '-') {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      if (keepComments) push('comment', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      let j = sql.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      if (keepComments) push('comment', i, j, startLine, startCol);
      advanceLines(i, j);
      i = j;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      for (;;) {
        if (j >= n) break;
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) { j += 2; continue; }
          j++;
          break;
        }
        j++;
      }
      push(ch === "'" ? 'string' : 'quoted', i, j, startLine, startCol);
      advanceLines(i, j);
      i = j;
      continue;
    }
    if ((ch === 'x' || ch === 'X') && sql[i + 1] === "'") {
      let j = sql.indexOf("'", i + 2);
      j = j < 0 ? n : j + 1;
      push('blob', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i;
      if (ch === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
        j += 2;
        while (j < n && /[0-9A-Fa-f_]/.test(sql[j]!)) j++;
      } else {
        while (j < n && /[0-9_]/.test(sql[j]!)) j++;
        if (sql[j] === '.') { j++; while (j < n && /[0-9_]/.test(sql[j]!)) j++; }
        if ((sql[j] === 'e' || sql[j] === 'E') && /[-+0-9]/.test(sql[j + 1] ?? '')) {
          j += 2;
          while (j < n && /[0-9]/.test(sql[j]!)) j++;
        }
      }
      push('number', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (wordStart.test(ch)) {
      let j = i + 1;
      while (j < n && wordChar.test(sql[j]!)) j++;
      push('word', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (ch === '?' || ch === ':' || ch === '@' || ch === '$') {
      let j = i + 1;
      while (j < n && wordChar.test(sql[j]!)) j++;
      push('param', i, j, startLine, startCol);
      i = j;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === ';') {
      push(ch, i, i + 1, startLine, startCol);
      i++;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (['<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '->'].includes(two)) {
      const len = sql.slice(i, i + 3) === '->>' ? 3 : 2;
      push('op', i, i + len, startLine, startCol);
      i += len;
      continue;
    }
    push('op', i, i + 1, startLine, startCol);
    i++;
  }
  return out;
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
