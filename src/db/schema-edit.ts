/**
 * Runs a planned SchemaEdit inside the open transaction, as sqlite.org/lang_altertable.html
 * ("Making Other Kinds Of Table Schema Changes") prescribes: read schema_version, turn writable_schema
 * on, UPDATE the table's row of sqlite_schema, write schema_version + 1 (which makes every connection,
 * this one included, parse the schema again), turn writable_schema off, and check the result before
 * the caller commits.
 *
 * The check. The docs' last step, `PRAGMA integrity_check`, is marked optional there, and it reads every
 * row and index entry of the table (about a second per million rows), which is the cost the edit
 * exists to avoid. What it could find after the edits planned here (schemaEditReasons: only removed
 * constraints and DEFAULTs change; column order, types, collations and index definitions do not) is
 * an index that no longer means what its entries hold: so the check compares SQLite's own description
 * of the table's columns and of every index on it (automatic ones included, whose numbering follows
 * the CREATE TABLE text) before and after, which costs nothing per row. The caller's verify step then
 * compares the whole schema with the desired one. `integrityCheck: true` runs the docs' full check of
 * the table as well.
 *
 * better-sqlite3 opens databases in defensive mode, which makes sqlite_schema read-only even with
 * writable_schema on; `unsafeMode(true)` lifts it for this step only.
 */
import type Database from 'better-sqlite3';
import { quoteIdent } from '../model/quote.js';
import { SHORT_ROW_SENTINEL, type SchemaEdit } from '../plan/plan.js';
import { renderDefault } from '../render/create-sql.js';
import { withMappedReads } from './mapped-reads.js';

export class SchemaEditFailure extends Error {}

export interface SchemaEditOptions {
  /** Also run `PRAGMA integrity_check(<table>)` (reads every row of the table). */
  readonly integrityCheck?: boolean;
}

export function runSchemaEdit(db: Database.Database, edit: SchemaEdit, options: SchemaEditOptions = {}): void {
  const before = shapeOf(db, edit.table);
  db.unsafeMode(true);
  try {
    // Rows that predate a column (ADD COLUMN) read its current DEFAULT: store the old one in them first.
    if (edit.sentinelSql !== null) {
      storeTableSql(db, edit.table, edit.sentinelSql);
      // One read of the table finds whether any row holds no value (a read scan costs about half of an
      // UPDATE's, which opens a write cursor); only then are such rows written.
      const t = quoteIdent(edit.table);
      const short = edit.fills.map((f) => `${quoteIdent(f.column)} IS ${SHORT_ROW_SENTINEL}`).join(' OR ');
      if (withMappedReads(db, () => db.prepare(`SELECT EXISTS (SELECT 1 FROM ${t} WHERE ${short})`).pluck().get()) === 1) {
        for (const f of edit.fills) {
          db.prepare(`UPDATE ${t} SET ${quoteIdent(f.column)} = ${renderDefault(f.oldDefault)} WHERE ${quoteIdent(f.column)} IS ${SHORT_ROW_SENTINEL}`).run();
        }
      }
    }
    storeTableSql(db, edit.table, edit.sql);
  } finally {
    db.unsafeMode(false);
  }
  const after = shapeOf(db, edit.table);
  if (after !== before) {
    throw new SchemaEditFailure(`editing the CREATE TABLE text of ${edit.table} changed how SQLite reads its columns or indexes (before: ${before}; after: ${after})`);
  }
  if (options.integrityCheck !== true) return;
  const problems = db.prepare(`PRAGMA integrity_check(${quoteIdent(edit.table)})`).pluck().all() as string[];
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw new SchemaEditFailure(`integrity_check(${edit.table}) after editing its CREATE TABLE text: ${problems.slice(0, 5).join('; ')}`);
  }
}

/**
 * What must not change: each column's position, name, declared type, key position and hidden flag, and
 * each index's name, kind and columns (position, collation, order). NOT NULL and DEFAULT may change.
 */
function shapeOf(db: Database.Database, table: string): string {
  // Declared types and collation names compare without case, as SQLite compares them (the text written
  // here spells them in upper case where the stored text may not).
  const columns = db.prepare('SELECT cid, name, upper(type) AS type, pk, hidden FROM pragma_table_xinfo(?)').all(table);
  const indexes = (db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name').all(table) as { name: string }[])
    .map((i) => ({ ...i, parts: db.prepare('SELECT seqno, cid, name, "desc", upper(coll) AS coll, "key" FROM pragma_index_xinfo(?)').all(i.name) }));
  return JSON.stringify({ columns, indexes });
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
