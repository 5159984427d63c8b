/**
 * SQL text written by a user (a view, a trigger, a CHECK, a DEFAULT, an index WHERE, a generated
 * column) is pasted into statements liteform writes, with something after it: a `)`, a clause, the
 * `;` that ends the statement. Text that ends in a comment would swallow that: `-- …` runs to the end
 * of the line and an unterminated `/* …` to the end of the input (SQLite accepts both, and keeps them
 * in `sqlite_schema` and in PRAGMA table_info's defaults). These functions make what follows immune.
 */
import { tokenize } from './sql-tokens.js';

export type TrailingComment = 'line' | 'open-block' | null;

/** How the text ends: in a `--` comment with no newline after it, in a `/*` comment never closed, or neither. */
export function trailingComment(sql: string): TrailingComment {
  // Cheap exit for the usual case: no comment opener anywhere.
  if (!sql.includes('--') && !sql.includes('/*')) return null;
  const tokens = tokenize(sql, true);
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind !== 'comment') return null;
  if (last.text.startsWith('--')) return sql.slice(last.end).includes('\n') ? null : 'line';
  return last.text.length >= 4 && last.text.endsWith('*/') ? null : 'open-block';
}

/**
 * The text with whatever it needs so that anything may follow it: a newline after a trailing `--`
 * comment, `*\/` after a comment that was never closed. Text that needs neither comes back as is,
 * so every ordinary statement renders (and hashes) exactly as before.
 */
export function embedSql(sql: string): string {
  switch (trailingComment(sql)) {
    case 'line': return `${sql}\n`;
    case 'open-block': return `${sql} */`;
    case null: return sql;
  }
}

/** A statement with its terminating `;`, on a line of its own when the statement ends in a comment. */
export function terminateStatement(sql: string): string {
  const trailing = trailingComment(sql);
  if (trailing === null) return `${sql};`;
  return trailing === 'line' ? `${sql}\n;` : `${sql} */\n;`;
}
