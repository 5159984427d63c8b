/**
 * The schema after each replayed file without a full introspection per file. A full introspect() of a
 * 1,000-table schema costs 100-200 ms; a file of a long history touches a few tables. So after each file
 * the `sqlite_schema` rows are read (one query) and compared with the previous file's: only the tables
 * whose rows changed, and the tables whose model depends on theirs, are read again (introspectTables);
 * every other table's model is the previous one.
 *
 * What a table's model is read from:
 * - its own row (columns, key, checks, foreign keys, STRICT, WITHOUT ROWID; a rename changes the row's
 *   name, and SQLite rewrites the REFERENCES of the tables that name it, so those rows change too);
 * - its indexes' rows (an index row's tbl_name names the table; autoindexes have no text and follow the
 *   table's own text, which is what makes them);
 * - for a foreign key that omits the parent columns, the parent's primary key (assemble() in
 *   introspect.ts): the parent's rows. Such a child is read again whenever its parent's rows change,
 *   including when the parent appears, goes, or is renamed.
 * Views, triggers and virtual tables are read whole by introspectTables each time. Their "…" strings are
 * judged against every table of the schema (introspect.ts bodiesWithoutDoubleQuotedStrings): over the
 * model put together, kept tables and fresh ones.
 * SQLite's own tables (sqlite_sequence, sqlite_stat1) and liteform's are not part of a model.
 * The scope and the re-read are src/db/introspect-changed.ts's, which `plan` and direct apply use too.
 */
import type Database from 'better-sqlite3';
import type { SchemaModel } from '../model/schema-model.js';
import { introspect, storedSchemaRows, type StoredRow } from './introspect.js';
import { modelAfter, type ModelAfterOptions } from './introspect-changed.js';

/** A replayed state: its model and the stored rows it was read from. */
export interface ReplayPoint {
  readonly model: SchemaModel;
  readonly rows: ReadonlyMap<string, StoredRow>;
}

export type ReplayPointOptions = ModelAfterOptions;

/** A replayed file that changes more than half the tables: reading them all at once costs less (tests pass Infinity). */
const replayFullAbove = 0.5;

/** The state `db` is in, read in full. */
export function readReplayPoint(db: Database.Database): ReplayPoint {
  return { model: introspect(db), rows: storedSchemaRows(db) };
}

/** The state `db` is in after one more file, given the state before that file. */
export function nextReplayPoint(db: Database.Database, before: ReplayPoint, o: ReplayPointOptions = {}): ReplayPoint {
  const rows = storedSchemaRows(db);
  return { model: modelAfter(db, { model: before.model, stored: before.rows }, rows, { fullAbove: o.fullAbove ?? replayFullAbove }), rows };
}
