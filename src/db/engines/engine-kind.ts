/**
 * Which engine a `--db` value names, from its shape alone. Its own module so a command can branch on
 * it before loading any engine (open-engine.ts loads all three).
 */
import type { EngineKind } from './engine.js';

/**
 * - `d1://<database_id>` → d1
 * - `libsql://…`, `http://…`, `https://…`, `ws(s)://…`, `file:…` → libsql
 * - anything else is a path → file (better-sqlite3)
 */
export function engineKindOf(url: string): EngineKind {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'd1': return 'd1';
    case 'libsql': case 'http': case 'https': case 'ws': case 'wss': case 'file': return 'libsql';
    default: return 'file';
  }
}
