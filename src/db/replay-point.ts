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
 * judged against every table of the schema (introspect.ts bodiesWithoutDoubleQuotedStrings), which a
 * partial read does not hold: when any view or trigger spells a "…", the schema is read in full.
 * SQLite's own tables (sqlite_sequence, sqlite_stat1) and liteform's are not part of a model.
 */
import type Database from 'better-sqlite3';
import type { SchemaModel, Table } from '../model/schema-model.js';
import { foldName } from '../model/normalize.js';
import { introspect, introspectTables, storedSchemaRows, type StoredRow } from './introspect.js';

/** A replayed state: its model and the stored rows it was read from. */
export interface ReplayPoint {
  readonly model: SchemaModel;
  readonly rows: ReadonlyMap<string, StoredRow>;
}

export interface ReplayPointOptions {
  /**
   * Read the whole schema when the tables to read again are more than this share of the tables (a
   * partial read of most of a schema costs more than a full one). Tests pass Infinity to check the
   * partial read on every file.
   */
  readonly fullAbove?: number;
}

const defaultFullAbove = 0.5;

/** The state `db` is in, read in full. */
export function readReplayPoint(db: Database.Database): ReplayPoint {
  return { model: introspect(db), rows: storedSchemaRows(db) };
}

/** The state `db` is in after one more file, given the state before that file. */
export function nextReplayPoint(db: Database.Database, before: ReplayPoint, o: ReplayPointOptions = {}): ReplayPoint {
  const rows = storedSchemaRows(db);
  const changed = changedTables(before.rows, rows);
  if (changed === null) return { model: before.model, rows };
  if ([...rows.values()].some((r) => (r.type === 'view' || r.type === 'trigger') && r.sql.includes('"'))) return { model: introspect(db), rows };
  const reread = withDependents(changed, before.model.tables);
  const fullAbove = o.fullAbove ?? defaultFullAbove;
  if (reread.size > Math.max(before.model.tables.length, 1) * fullAbove) return { model: introspect(db), rows };
  const part = introspectTables(db, reread);
  const kept = before.model.tables.filter((t) => !reread.has(foldName(t.name)));
  return {
    model: { tables: byFoldedName([...kept, ...part.tables]), views: part.views, triggers: part.triggers, virtualTables: part.virtualTables },
    rows,
  };
}

/**
 * The folded names of the tables whose stored rows differ (a table's own row or one of its indexes'),
 * or null when no row differs at all (the file changed rows of data only). A view or trigger that
 * changed gives an empty set: they are read whatever the set.
 */
function changedTables(before: ReadonlyMap<string, StoredRow>, after: ReadonlyMap<string, StoredRow>): Set<string> | null {
  const changed = new Set<string>();
  let any = false;
  const note = (r: StoredRow): void => {
    any = true;
    if (r.type === 'table') changed.add(foldName(r.name));
    else if (r.type === 'index') changed.add(foldName(r.tbl));
  };
  for (const [key, r] of after) {
    const old = before.get(key);
    if (old === undefined || old.sql !== r.sql || old.tbl !== r.tbl) {
      note(r);
      if (old !== undefined) note(old);
    }
  }
  for (const [key, r] of before) if (!after.has(key)) note(r);
  return any ? changed : null;
}

/** The changed tables and every table with a foreign key that takes its parent columns from one of them. */
function withDependents(changed: ReadonlySet<string>, tables: readonly Table[]): Set<string> {
  const out = new Set(changed);
  for (const t of tables) {
    if (t.foreignKeys.some((fk) => fk.refColumnsImplicit && changed.has(foldName(fk.refTable)))) out.add(foldName(t.name));
  }
  return out;
}

/** Tables in introspect()'s order: by folded name (SQLite names differ in more than ASCII case). */
function byFoldedName(tables: readonly Table[]): Table[] {
  const keyed = tables.map((t) => ({ t, k: foldName(t.name) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((e) => e.t);
}
