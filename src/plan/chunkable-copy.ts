/**
 * Which copy steps of a plan can run in chunks (src/db/chunked-copy.ts): a rebuild's copy, written as
 * `INSERT INTO … SELECT … FROM "<old>"`, the text the chunked form extends with `WHERE <key> … ORDER BY
 * <key>`; the key is the old table's rowid, or a WITHOUT ROWID table's PRIMARY KEY (unique and NOT NULL
 * there). A rowid table whose columns shadow every rowid name is copied in one statement. Pure.
 */
import type { Plan, Step } from './plan.js';
import { rowidName } from './rebuild.js';
import { quoteIdent } from '../model/quote.js';

export interface ChunkableCopy {
  /** The old table, rows come from. */
  readonly source: string;
  /** What orders the chunks: the rowid as spelled (`rowid`, `_rowid_` or `oid`), or a WITHOUT ROWID table's PRIMARY KEY columns. */
  readonly key: string | readonly string[];
}

export function chunkableCopy(plan: Plan, step: Step): ChunkableCopy | null {
  if (step.kind !== 'copy' || step.copy === undefined || step.change === null) return null;
  const change = plan.changes[step.change];
  if (change?.kind !== 'ModifyTable') return null;
  const from = change.from;
  const key = from.withoutRowid ? (from.primaryKey?.columns.map((c) => c.name) ?? []) : rowidName(from);
  if (key === null || key.length === 0) return null;
  const copy = { source: step.copy.source, key };
  return canChunk(step.sql, copy) ? copy : null;
}

/**
 * Whether `sql` may be run in chunks as a copy from `copy.source`: it ends with that table's `FROM`, and
 * the key is one of SQLite's names for the rowid or a list of columns. Apply checks a migration file's
 * `copy` line with it again, whatever the line says (its hash binds the key to the statement).
 */
export function canChunk(sql: string, copy: ChunkableCopy): boolean {
  const key = copy.key;
  const keyOk = typeof key === 'string' ? ['rowid', '_rowid_', 'oid'].includes(key) : key.length > 0;
  return keyOk && sql.endsWith(`FROM ${quoteIdent(copy.source)}`);
}
