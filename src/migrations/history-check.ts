/**
 * Compares the database's history with the directory: every applied file unchanged, history a prefix
 * of the directory, the database not ahead of the code. Pure.
 */
import type { HistoryRow } from '../db/history.js';
import { LiteformError, type ErrorCode } from '../errors.js';
import type { Migration } from './migration-file.js';

export interface HistoryProblem {
  readonly code: Extract<ErrorCode, 'LITEFORM_CHECKSUM_MISMATCH' | 'LITEFORM_DB_AHEAD' | 'LITEFORM_HISTORY_MISMATCH'>;
  readonly message: string;
  /** The migration file (name in the directory) the problem is about, when there is one. */
  readonly file?: string;
}

export interface HistoryState {
  readonly applied: readonly Migration[];
  readonly pending: readonly Migration[];
  readonly problems: readonly HistoryProblem[];
}

const num = (v: string): number => Number(v);
const missingFileName = (row: HistoryRow): string => `${row.version}_${row.name}.sql`;

export function compareHistory(history: readonly HistoryRow[], migrations: readonly Migration[]): HistoryState {
  const problems: HistoryProblem[] = [];
  const byVersion = new Map(migrations.map((m) => [num(m.version), m]));
  const latestKnown = migrations.at(-1)?.version ?? '0000';
  for (const row of history) {
    const m = byVersion.get(num(row.version));
    if (!m) {
      if (num(row.version) > num(latestKnown)) {
        problems.push({ code: 'LITEFORM_DB_AHEAD', message: `database is at ${row.version} (${row.name}), this code knows up to ${latestKnown} — deploy newer code` });
      } else {
        problems.push({ code: 'LITEFORM_HISTORY_MISMATCH', message: `applied version ${row.version} (${row.name}) is missing from the directory — restore ${missingFileName(row)} (an applied migration must stay in the directory)` });
      }
      continue;
    }
    if (m.checksum !== row.checksum) {
      problems.push({ code: 'LITEFORM_CHECKSUM_MISMATCH', file: m.file, message: `file ${m.file} changed after it was applied (checksum ${row.checksum.slice(0, 12)}… recorded, ${m.checksum.slice(0, 12)}… now) — restore it; make further changes in a new migration` });
    }
  }
  const applied = new Set(history.map((h) => num(h.version)));
  const appliedFiles = migrations.filter((m) => applied.has(num(m.version)));
  const firstPending = migrations.findIndex((m) => !applied.has(num(m.version)));
  if (firstPending >= 0) {
    const later = migrations.slice(firstPending + 1).find((m) => applied.has(num(m.version)));
    if (later) {
      problems.push({ code: 'LITEFORM_HISTORY_MISMATCH', file: migrations[firstPending]!.file, message: `history is not a prefix of the directory: ${migrations[firstPending]!.file} is not applied but the later ${later.file} is — a migration was added out of order (re-number it after the applied ones)` });
    }
  }
  return { applied: appliedFiles, pending: migrations.filter((m) => !applied.has(num(m.version))), problems };
}

export function assertHistoryConsistent(state: HistoryState): void {
  const p = state.problems[0];
  if (p) throw new LiteformError(p.code, state.problems.map((x) => x.message).join('\n'), 'nothing was applied');
}
