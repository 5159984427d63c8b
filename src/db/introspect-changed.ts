/**
 * The model of a database after statements ran on it, read again only where they changed it: `plan`
 * runs the migration it generates on the replayed directory and needs the whole model it reaches (to
 * compare with the desired state, and to keep in the replay cache), but a file that touches 15 of
 * 1,000 tables should not cost an introspection of all 1,000.
 *
 * A database's schema is its `sqlite_schema` rows, and an object's model is read from its own rows:
 * a table's from its CREATE TABLE and its indexes' (PRAGMAs report what SQLite parsed from that text),
 * except that a foreign key which omits the parent columns takes the parent's primary key. So the
 * tables whose rows (own or an index's) were added, dropped or rewritten are introspected again by
 * name (introspectTables), with every table whose implicit foreign key names one of them; every other
 * table keeps its model from `before`. Views, triggers and virtual tables are read again whole (a
 * handful of rows), as stored, and their "…" judged against every table of the model put together, as
 * introspect() judges them. Where a virtual table changed, the whole database is introspected instead.
 * The scope is the one a direct apply verifies (src/api/changed-schema-differences.ts).
 */
import type Database from 'better-sqlite3';
import type { SchemaModel, Table } from '../model/schema-model.js';
import { foldName } from '../model/normalize.js';
import { introspect, introspectTables, judgeBodies, storedRowsAndTextHash, type StoredRow } from './introspect.js';

/** A model and the stored rows (storedSchemaRows) it was read from. */
export interface SchemaRead {
  readonly model: SchemaModel;
  readonly stored: ReadonlyMap<string, StoredRow>;
}

/** A SchemaRead with the rows' schemaTextHash. */
export interface StoredSchema extends SchemaRead {
  readonly textHash: string;
}

/** `model`: the database's model, already read. */
export function readStoredSchema(db: Database.Database, model: SchemaModel): StoredSchema {
  const { rows, textHash } = storedRowsAndTextHash(db);
  return { model, stored: rows, textHash };
}

/**
 * Folded names of the objects whose rows changed between `before` and `after` (a table with its indexes
 * as one; views and triggers by name), with the tables whose implicit foreign key names a table in it;
 * or null: read everything (a virtual table changed; or a view or trigger spells a "…", which is judged
 * against every column of the schema, unless the caller judges bodies itself: `judgeBodies`). Shared by plan's re-read, the replay's and direct apply's verification
 * (src/api/changed-schema-differences.ts).
 */
export function changedScope(before: SchemaRead, after: ReadonlyMap<string, StoredRow>, o: { readonly judgeBodies?: boolean } = {}): Set<string> | null {
  // `judgeBodies`: the caller judges the bodies over the whole model it builds (modelAfter), so a "…" does not matter.
  if (o.judgeBodies !== true) for (const r of after.values()) if ((r.type === 'view' || r.type === 'trigger') && r.sql.includes('"')) return null;
  const scope = new Set<string>();
  const group = (r: StoredRow): string => foldName(r.type === 'index' ? r.tbl : r.name);
  for (const [key, r] of after) {
    const was = before.stored.get(key);
    if (was !== undefined && was.sql === r.sql && was.tbl === r.tbl) continue;
    scope.add(group(r));
    if (was !== undefined) scope.add(group(was));
  }
  for (const [key, r] of before.stored) if (!after.has(key)) scope.add(group(r));
  const isVirtual = (r: StoredRow): boolean => r.type === 'table' && /^\s*CREATE\s+VIRTUAL\b/i.test(r.sql);
  for (const r of [...after.values(), ...before.stored.values()]) if (isVirtual(r) && scope.has(group(r))) return null;
  for (const t of before.model.tables) {
    if (t.foreignKeys.some((fk) => fk.refColumnsImplicit && scope.has(foldName(fk.refTable)))) scope.add(foldName(t.name));
  }
  return scope;
}

/** The database as readStoredSchema reads it, with the same model introspect(db) returns, reading again only what changed since `before`. */
export function introspectChanged(db: Database.Database, before: SchemaRead, o: ModelAfterOptions = {}): StoredSchema {
  const { rows, textHash } = storedRowsAndTextHash(db);
  return { model: modelAfter(db, before, rows, o), stored: rows, textHash };
}

export interface ModelAfterOptions {
  /**
   * Read the whole schema when the tables to read again are more than this share of the tables (a
   * partial read of most of a schema costs more than a full one). Default: never (a plan's file, or a
   * direct apply, touches what it planned).
   */
  readonly fullAbove?: number;
}

/** introspect(db), given the model and rows before and the rows now: only the tables in changedScope are read again. */
export function modelAfter(db: Database.Database, before: SchemaRead, after: ReadonlyMap<string, StoredRow>, o: ModelAfterOptions = {}): SchemaModel {
  const scope = changedScope(before, after, { judgeBodies: true });
  if (scope === null) return introspect(db);
  if (scope.size === 0) return before.model;
  if (scope.size > Math.max(before.model.tables.length, 1) * (o.fullAbove ?? Infinity)) return introspect(db);
  // Views' and triggers' "…" are judged against every column of the schema: read them as stored and
  // judge them over the whole model, kept tables and fresh ones, as introspect() does.
  const fresh = introspectTables(db, scope, { rawBodies: true });
  const kept = before.model.tables.filter((t) => !scope.has(foldName(t.name)));
  return judgeBodies({ ...fresh, tables: sortedByName([...kept, ...fresh.tables]) });
}

/** Tables in introspect()'s order: by folded name (names are unique once folded). */
function sortedByName(tables: readonly Table[]): Table[] {
  const keyed = tables.map((t) => ({ t, k: foldName(t.name) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((e) => e.t);
}
