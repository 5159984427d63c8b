/** The history table `_liteform_migrations`: one row per applied migration, written inside its transaction. */
import type Database from 'better-sqlite3';
import { historyTable } from '../model/internal-names.js';
import { LiteformError } from '../errors.js';

export interface HistoryRow {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly applied_at: string;
  readonly applied_by: string;
  readonly duration_ms: number;
  readonly statements: number;
}

/** The history table's DDL, shared by the file path and the one-unit path of remote engines. */
export const historyTableSql = `CREATE TABLE IF NOT EXISTS "${historyTable}" (
  version TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  applied_by TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  statements INTEGER NOT NULL
)`;

export function ensureHistoryTable(db: Database.Database): void {
  db.exec(historyTableSql);
}

export function hasHistoryTable(db: Database.Database): boolean {
  // Looked up by name, as SQLite resolves the name in the reads that follow (sqlite_schema has no index on it: a scan).
  return db.prepare(`SELECT 1 FROM pragma_table_list(?) WHERE schema = 'main' AND type = 'table'`).get(historyTable) !== undefined;
}

const historyColumns = ['version', 'name', 'checksum', 'applied_at', 'applied_by', 'duration_ms', 'statements'];

/** A table of that name that another tool (or a hand) made is not read as history, nor written to. */
function checkHistoryColumns(db: Database.Database): void {
  const have = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(historyTable) as { name: string }[]).map((r) => r.name);
  assertHistoryColumns(have);
}

/** The same check from the column names read by any engine. */
export function assertHistoryColumns(names: readonly string[]): void {
  const have = names.map((n) => n.toLowerCase());
  const missing = historyColumns.filter((c) => !have.includes(c));
  if (missing.length > 0) {
    throw new LiteformError(
      'LITEFORM_HISTORY_TABLE',
      `table ${historyTable} is not liteform's history table: it lacks column(s) ${missing.join(', ')} (it has ${have.join(', ') || 'no columns'})`,
      `the name is reserved for liteform's history; rename that table (ALTER TABLE "${historyTable}" RENAME TO …) or point --db at the right database`,
    );
  }
}

export const readHistorySql = `SELECT version, name, checksum, applied_at, applied_by, duration_ms, statements FROM "${historyTable}" ORDER BY version`;

export function readHistory(db: Database.Database): HistoryRow[] {
  if (!hasHistoryTable(db)) return [];
  checkHistoryColumns(db);
  return db.prepare(readHistorySql).all() as HistoryRow[];
}

export function recordMigration(db: Database.Database, row: HistoryRow): void {
  ensureHistoryTable(db);
  checkHistoryColumns(db);
  db.prepare(
    `INSERT INTO "${historyTable}" (version, name, checksum, applied_at, applied_by, duration_ms, statements) VALUES (@version, @name, @checksum, @applied_at, @applied_by, @duration_ms, @statements)`,
  ).run(row);
}

/**
 * The version of a declarative apply, read under the write lock: the timestamp, or one past the last
 * recorded version when that is not older (two applies in the same millisecond, or a clock set back).
 */
export function nextVersion(db: Database.Database, stamp: string): string {
  const last = readHistory(db).at(-1)?.version;
  if (last === undefined || !/^\d+$/.test(last) || last.length !== stamp.length || last < stamp) return stamp;
  return (BigInt(last) + 1n).toString().padStart(stamp.length, '0');
}
