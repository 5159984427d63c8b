/**
 * Runs a planned SchemaEdit inside the open transaction, as sqlite.org/lang_altertable.html
 * ("Making Other Kinds Of Table Schema Changes") prescribes: read schema_version, turn writable_schema
 * on, UPDATE the table's row of sqlite_schema, write schema_version + 1 (which makes every connection,
 * this one included, parse the schema again), turn writable_schema off, and check the table with
 * `PRAGMA integrity_check(<table>)` before the caller commits.
 *
 * better-sqlite3 opens databases in defensive mode, which makes sqlite_schema read-only even with
 * writable_schema on; `unsafeMode(true)` lifts it for this step only.
 */
import type Database from 'better-sqlite3';
import { quoteIdent } from '../model/quote.js';
import { SHORT_ROW_SENTINEL, type SchemaEdit } from '../plan/plan.js';
import { renderDefault } from '../render/create-sql.js';

export class SchemaEditFailure extends Error {}

export function runSchemaEdit(db: Database.Database, edit: SchemaEdit): void {
  db.unsafeMode(true);
  try {
    // Rows that predate a column (ADD COLUMN) read its current DEFAULT: store the old one in them first.
    if (edit.sentinelSql !== null) {
      storeTableSql(db, edit.table, edit.sentinelSql);
      for (const f of edit.fills) {
        db.prepare(`UPDATE ${quoteIdent(edit.table)} SET ${quoteIdent(f.column)} = ${renderDefault(f.oldDefault)} WHERE ${quoteIdent(f.column)} IS ${SHORT_ROW_SENTINEL}`).run();
      }
    }
    storeTableSql(db, edit.table, edit.sql);
  } finally {
    db.unsafeMode(false);
  }
  const problems = db.prepare(`PRAGMA integrity_check(${quoteIdent(edit.table)})`).pluck().all() as string[];
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw new SchemaEditFailure(`integrity_check(${edit.table}) after editing its CREATE TABLE text: ${problems.slice(0, 5).join('; ')}`);
  }
}

function storeTableSql(db: Database.Database, table: string, sql: string): void {
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.pragma('writable_schema = ON');
  try {
    const changed = db.prepare(`UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ? COLLATE NOCASE`).run(sql, table).changes;
    if (changed !== 1) throw new SchemaEditFailure(`table ${table} has ${changed} rows in sqlite_schema, expected 1`);
    db.pragma(`schema_version = ${version + 1}`);
  } finally {
    db.pragma('writable_schema = OFF');
  }
}
