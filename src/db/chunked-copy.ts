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
 * Runs `sql` (a copy from `source` that plan/chunkable-copy.ts accepts) in chunks ordered by `key`: the
 * rowid as SQLite spells it (`rowid`, `_rowid_`, `oid`), or the PRIMARY KEY columns of a WITHOUT ROWID
 * table (compared as a row value, `(a, b) > (?, ?)`, with each column's own collation, as ORDER BY sorts
 * them). Every chunk's upper bound is the key COPY_CHUNK_ROWS rows further on, read before the chunk
 * runs, so each row is copied exactly once; rows tied under the key's collation go to one chunk
 * together. The rows copied must be the table's count (the copy has no WHERE of its own): anything else
 * throws, and the caller's transaction rolls back. Returns the rows copied.
 */
export function copyInChunks(db: Database.Database, sql: string, source: string, key: string | readonly string[], onProgress?: (p: CopyProgress) => void): number {
  const started = performance.now();
  const table = quoteIdent(source);
  const total = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  onProgress?.({ table: source, rows: 0, total, elapsedMs: 0 });
  // The key's columns as SQL (the rowid names are SQLite's, unquoted), and as a row value for comparisons.
  const columns = typeof key === 'string' ? key : key.map(quoteIdent).join(', ');
  const width = typeof key === 'string' ? 1 : key.length;
  const tuple = width === 1 ? columns : `(${columns})`;
  const params = width === 1 ? '?' : `(${Array.from({ length: width }, () => '?').join(', ')})`;
  // Keys read back as they are stored (BigInt: a rowid may exceed 2^53). The first chunk includes its lower bound, later ones start after the last.
  const read = (q: string) => db.prepare(q).raw(true).safeIntegers(true);
  const statements = (op: '>=' | '>') => ({
    bound: read(`SELECT ${columns} FROM ${table} WHERE ${tuple} ${op} ${params} ORDER BY ${columns} LIMIT 1 OFFSET ${COPY_CHUNK_ROWS - 1}`),
    chunk: db.prepare(`${sql} WHERE ${tuple} ${op} ${params} AND ${tuple} <= ${params} ORDER BY ${columns}`),
    rest: db.prepare(`${sql} WHERE ${tuple} ${op} ${params} ORDER BY ${columns}`),
  });
  let lo = read(`SELECT ${columns} FROM ${table} ORDER BY ${columns} LIMIT 1`).get() as unknown[] | undefined;
  let copied = 0;
  if (lo !== undefined) {
    let st = statements('>=');
    let later = false;
    for (;;) {
      const hi = st.bound.get(...lo) as unknown[] | undefined;
      copied += hi === undefined ? st.rest.run(...lo).changes : st.chunk.run(...lo, ...hi).changes;
      onProgress?.({ table: source, rows: copied, total, elapsedMs: performance.now() - started });
      if (hi === undefined) break;
      if (!later) { st = statements('>'); later = true; }
      lo = hi;
    }
  }
  if (copied !== total) throw new Error(`the chunked copy of ${source} copied ${copied} of its ${total} rows`);
  return copied;
}
