/** Splits a SQL script into statements at top-level semicolons (a trigger body's `BEGIN … END` stays whole). */
import { tokenize, isKeyword, type Token } from './sql-tokens.js';

export interface SqlStatement {
  readonly sql: string;
  /** 1-based position of the statement's first token in the script. */
  readonly line: number;
  readonly col: number;
  /** Tokens of the statement, comments included (rename hints live in comments). */
  readonly tokens: readonly Token[];
}

export function splitStatements(script: string): SqlStatement[] {
  const tokens = tokenize(script, true);
  const out: SqlStatement[] = [];
  let cur: Token[] = [];
  let first: Token | undefined;
  let last: Token | undefined;
  let codeCount = 0;
  let isTrigger = false;
  let blockDepth = 0;
  // A comment after the `;` on the statement's last line belongs to that statement (`  akey TEXT); -- @renamed from=key`).
  let ended = null as { tokens: Token[]; line: number } | null;
  const flush = (semicolon?: Token): void => {
    if (first && last) {
      out.push({ sql: script.slice(first.start, last.end), line: first.line, col: first.col, tokens: cur });
      ended = semicolon ? { tokens: cur, line: semicolon.line } : null;
    } else ended = null;
    cur = [];
    first = last = undefined;
    codeCount = 0;
    isTrigger = false;
    blockDepth = 0;
  };
  for (const t of tokens) {
    if (t.kind === ';' && (!isTrigger || blockDepth === 0)) {
      flush(t);
      continue;
    }
    if (t.kind === 'comment' && first === undefined && ended !== null && ended.line === t.line) {
      ended.tokens.push(t);
      continue;
    }
    cur.push(t);
    if (t.kind === 'comment') continue;
    first ??= t;
    last = t;
    codeCount++;
    if (codeCount <= 4 && isKeyword(t, 'TRIGGER') && isKeyword(first, 'CREATE')) isTrigger = true;
    if (isTrigger) {
      if (isKeyword(t, 'BEGIN') || isKeyword(t, 'CASE')) blockDepth++;
      else if (isKeyword(t, 'END')) blockDepth--;
    }
  }
  flush();
  return out;
}
