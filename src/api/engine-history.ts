/**
 * Where an engine's database keeps its migration history, and the statements that read and write it there.
 * liteform's own `_liteform_migrations` is the default. A database migrated by `wrangler d1 migrations apply`
 * keeps its history in wrangler's `d1_migrations` (id, name = the file name, applied_at): liteform adopts it
 * rather than fighting it — a row's file name gives the version, its checksum is the directory's file of that
 * name (wrangler records none, so an edit after a wrangler apply is not detected), and liteform's own applies,
 * reverts and baselines write `d1_migrations` rows as wrangler does. The choice is made from which table exists,
 * never from the engine's kind.
 */
import type { Engine } from '../db/engines/engine.js';
import { wranglerHistoryTable } from '../db/engines/wrangler-d1.js';
import { assertHistoryColumns, readHistorySql, type HistoryRow } from '../db/history.js';
import { historyStatements } from '../db/engines/plan-unit.js';
import { LiteformError } from '../errors.js';
import { fileNamePattern, type Migration } from '../migrations/migration-file.js';
import { historyTable } from '../model/internal-names.js';
import { quoteIdent as q, quoteString as lit } from '../model/quote.js';

export type HistoryStoreKind = 'liteform' | 'wrangler';

export interface EngineHistory {
  readonly store: HistoryStoreKind;
  /** The table exists (a history check may read it). */
  readonly exists: boolean;
  readonly rows: HistoryRow[];
}

const wranglerColumns = ['id', 'name', 'applied_at'];

/**
 * The history in two round trips (the columns of both tables in one query, then the rows). `migrations` (the
 * directory) gives adopted wrangler rows their checksums; without it they have none ('').
 */
export async function readEngineHistoryStore(engine: Engine, migrations: readonly Migration[] = []): Promise<EngineHistory> {
  const cols = await engine.query(`SELECT 'liteform' AS t, name FROM pragma_table_info(${lit(historyTable)}) UNION ALL SELECT 'wrangler' AS t, name FROM pragma_table_info(${lit(wranglerHistoryTable)})`);
  const of = (t: string): string[] => cols.filter((c) => c.t === t).map((c) => String(c.name));
  const own = of('liteform');
  if (own.length > 0) {
    assertHistoryColumns(own);
    return { store: 'liteform', exists: true, rows: (await engine.query(readHistorySql)).map(historyRow) };
  }
  const theirs = of('wrangler').map((c) => c.toLowerCase());
  if (theirs.length === 0) return { store: 'liteform', exists: false, rows: [] };
  const missing = wranglerColumns.filter((c) => !theirs.includes(c));
  if (missing.length > 0) {
    throw new LiteformError('LITEFORM_HISTORY_TABLE', `table ${wranglerHistoryTable} is not wrangler's migrations table: it lacks column(s) ${missing.join(', ')}`, `rename that table, or point --db at the right database`);
  }
  const byFile = new Map(migrations.map((m) => [m.file, m]));
  const rows = await engine.query(`SELECT name, applied_at FROM ${q(wranglerHistoryTable)} ORDER BY id`);
  return { store: 'wrangler', exists: true, rows: rows.map((r) => adoptedRow(String(r.name), String(r.applied_at), byFile)) };
}

function historyRow(r: Record<string, unknown>): HistoryRow {
  return {
    version: String(r.version), name: String(r.name), checksum: String(r.checksum), applied_at: String(r.applied_at),
    applied_by: String(r.applied_by), duration_ms: Number(r.duration_ms), statements: Number(r.statements),
  };
}

/** A d1_migrations row as liteform history: `0003_add_email.sql` is version 0003, name add_email. */
function adoptedRow(file: string, appliedAt: string, byFile: ReadonlyMap<string, Migration>): HistoryRow {
  const m = fileNamePattern.exec(file);
  return {
    version: m ? m[1]! : file, name: m ? m[2]! : file, checksum: byFile.get(file)?.checksum ?? '',
    applied_at: appliedAt, applied_by: 'wrangler d1 migrations apply', duration_ms: 0, statements: 0,
  };
}

/** SQL for the newest recorded entry of the store, compared by historyCheckStatements. */
export function newestEntrySql(h: EngineHistory): string {
  if (!h.exists) return 'NULL';
  return h.store === 'liteform' ? `(SELECT max(version) FROM ${q(historyTable)})` : `(SELECT name FROM ${q(wranglerHistoryTable)} ORDER BY id DESC LIMIT 1)`;
}

/** The newest entry as newestEntrySql reads it, from rows already read (null: none). */
export function newestEntry(h: EngineHistory, newest: Migration | undefined): string | null {
  if (newest === undefined) return null;
  return h.store === 'liteform' ? newest.version : newest.file;
}

/** Statements that record `m` as applied in the store. */
export function recordStatements(h: EngineHistory, m: Pick<Migration, 'version' | 'name' | 'file' | 'checksum'>, row: Omit<HistoryRow, 'version' | 'name' | 'checksum'>): string[] {
  if (h.store === 'wrangler') return [`INSERT INTO ${q(wranglerHistoryTable)} (name) VALUES (${lit(m.file)})`];
  return historyStatements({ version: m.version, name: m.name, checksum: m.checksum, ...row });
}

/** Statements that forget `m` (a revert). */
export function forgetStatements(h: EngineHistory, m: Pick<Migration, 'version' | 'file'>): string[] {
  return h.store === 'wrangler'
    ? [`DELETE FROM ${q(wranglerHistoryTable)} WHERE name = ${lit(m.file)}`]
    : [`DELETE FROM ${q(historyTable)} WHERE version = ${lit(m.version)}`];
}
