/**
 * Which copy steps of a plan can run in rowid-ordered chunks (src/db/chunked-copy.ts): a rebuild's copy
 * from a table with a rowid, written as `INSERT INTO … SELECT … FROM "<old>"`, the text the chunked form
 * extends with `WHERE <rowid> … ORDER BY <rowid>`. A WITHOUT ROWID table, or one whose columns shadow
 * every rowid name, is copied in one statement. Pure.
 */
import type { Plan, Step } from './plan.js';
import { rowidName } from './rebuild.js';
import { quoteIdent } from '../model/quote.js';

export interface ChunkableCopy {
  /** The old table, rows come from. */
  readonly source: string;
  /** How its rowid is spelled: `rowid`, `_rowid_` or `oid`. */
  readonly rowid: string;
}

export function chunkableCopy(plan: Plan, step: Step): ChunkableCopy | null {
  if (step.kind !== 'copy' || step.copy === undefined || step.change === null) return null;
  const change = plan.changes[step.change];
  if (change?.kind !== 'ModifyTable') return null;
  const rowid = rowidName(change.from);
  if (rowid === null) return null;
  const copy = { source: step.copy.source, rowid };
  return canChunk(step.sql, copy) ? copy : null;
}

/**
 * Whether `sql` may be run in chunks as a copy from `copy.source`: it ends with that table's `FROM`, and
 * the rowid is named by one of SQLite's names for it. Apply checks a migration file's `copy` line with it
 * again, whatever the line says.
 */
export function canChunk(sql: string, copy: ChunkableCopy): boolean {
  return ['rowid', '_rowid_', 'oid'].includes(copy.rowid) && sql.endsWith(`FROM ${quoteIdent(copy.source)}`);
}
