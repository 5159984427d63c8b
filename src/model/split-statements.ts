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
  let isTrigger = false;
  let blockDepth = 0;
  const flush = (): void => {
    const code = cur.filter((t) => t.kind !== 'comment');
    if (code.length > 0) {
      const first = code[0]!;
      const last = code[code.length - 1]!;
      out.push({ sql: script.slice(first.start, last.end), line: first.line, col: first.col, tokens: cur });
    }
    cur = [];
    isTrigger = false;
    blockDepth = 0;
  };
  for (const t of tokens) {
    if (t.kind === ';' && (!isTrigger || blockDepth === 0)) {
      flush();
      continue;
    }
    cur.push(t);
    const code = cur.filter((x) => x.kind !== 'comment');
    if (code.length <= 4 && isKeyword(t, 'TRIGGER') && isKeyword(code[0], 'CREATE')) isTrigger = true;
    if (isTrigger) {
      if (isKeyword(t, 'BEGIN') || isKeyword(t, 'CASE')) blockDepth++;
      else if (isKeyword(t, 'END')) blockDepth--;
    }
  }
  flush();
  return out;
}
