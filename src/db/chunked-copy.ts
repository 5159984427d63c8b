/**
 * A rebuild's copy (`INSERT INTO new (…) SELECT … FROM "old"`, as plan/rebuild.ts writes it) run in
 * rowid-ordered chunks inside the caller's transaction: `… WHERE rowid >= lo AND rowid <= hi ORDER BY
 * rowid`, chunk after chunk. The rows and the result are the single statement's; between chunks the
 * caller hears how many rows are copied of how many (a TTY's progress line, `--json` events).
 *
 * Used by direct apply (execute-plan.ts) for its plan's copy steps, and by `apply --dir` for a file's
 * statement that its header names as liteform's own copy (migrations/migration-file.ts `copy` lines):
 * only the exact text liteform wrote is ever extended with the WHERE.
 */
import type Database from 'better-sqlite3';
import { quoteIdent } from '../model/quote.js';

export interface CopyProgress {
  readonly table: string;
  readonly rows: number;
  readonly total: number;
  readonly elapsedMs: number;
}

/**
 * Rows per chunk. Large enough that the per-chunk seek costs nothing next to the inserts (bench a: the
 * chunked copy against the hand-written single INSERT … SELECT).
 */
export const COPY_CHUNK_ROWS = 50_000;

/**
 * Runs `sql` (a copy from `source` that plan/chunkable-copy.ts accepts, whose rowid is spelled `rowid`) in chunks; every chunk's upper
 * bound is the rowid COPY_CHUNK_ROWS rows further on, read before the chunk runs, so each row is copied
 * exactly once. Returns the rows copied.
 */
export function copyInChunks(db: Database.Database, sql: string, source: string, rowid: string, onProgress?: (p: CopyProgress) => void): number {
  const started = performance.now();
  const table = quoteIdent(source);
  const total = onProgress ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0;
  onProgress?.({ table: source, rows: 0, total, elapsedMs: 0 });
  // Rowids as BigInt: they may exceed 2^53. The first chunk includes its lower bound, later ones start after the last.
  const statements = (op: '>=' | '>') => ({
    bound: db.prepare(`SELECT ${rowid} FROM ${table} WHERE ${rowid} ${op} ? ORDER BY ${rowid} LIMIT 1 OFFSET ${COPY_CHUNK_ROWS - 1}`).pluck().safeIntegers(true),
    chunk: db.prepare(`${sql} WHERE ${rowid} ${op} ? AND ${rowid} <= ? ORDER BY ${rowid}`),
    rest: db.prepare(`${sql} WHERE ${rowid} ${op} ? ORDER BY ${rowid}`),
  });
  let lo = db.prepare(`SELECT min(${rowid}) FROM ${table}`).pluck().safeIntegers(true).get() as bigint | null;
  if (lo === null) return 0;
  let st = statements('>=');
  let later = false;
  let copied = 0;
  for (;;) {
    const hi = st.bound.get(lo) as bigint | undefined;
    copied += hi === undefined ? st.rest.run(lo).changes : st.chunk.run(lo, hi).changes;
    onProgress?.({ table: source, rows: copied, total, elapsedMs: performance.now() - started });
    if (hi === undefined) return copied;
    if (!later) { st = statements('>'); later = true; }
    lo = hi;
  }
}
