/**
 * Which views of a schema read a table the schema does not have. CREATE VIEW does not check its
 * SELECT; SQLite finds a missing table only when the view is used. So the views are compiled here,
 * in a throwaway in-memory database holding the tables and virtual tables of the model that views name
 * (tables as stubs with their column names: only table names are being checked), and SQLite says what
 * is missing.
 */
import Database from 'better-sqlite3';
import type { SchemaModel } from '../model/schema-model.js';
import { quoteIdent } from '../model/quote.js';
import { foldName, identifiersIn } from '../model/normalize.js';

export interface ViewMissingTable {
  readonly view: string;
  /** The name as SQLite reports it (schema prefix removed when it is `main`). */
  readonly table: string;
}

export function viewsReadingMissingTables(model: SchemaModel): ViewMissingTable[] {
  if (model.views.length === 0) return [];
  const db = new Database(':memory:');
  try {
    // Only what some view names: a large schema's other tables cannot change the answer, and each
    // CREATE in one database costs a scan of sqlite_schema (src/db/scratch.ts).
    const named = new Set(model.views.flatMap((v) => [...identifiersIn(v.sql)]));
    const isNamed = (name: string): boolean => named.has(foldName(name));
    for (const t of model.tables.filter((x) => isNamed(x.name))) {
      db.exec(`CREATE TABLE ${quoteIdent(t.name)} (${t.columns.map((c) => quoteIdent(c.name)).join(', ')})`);
    }
    // A virtual table also when a view names one of its shadow tables (`<name>_data`, …).
    for (const v of model.virtualTables.filter((x) => isNamed(x.name) || [...named].some((n) => n.startsWith(`${foldName(x.name)}_`)))) {
      // The real module makes its shadow tables too (a view may read them); a stub when the module is unknown here.
      try { db.exec(v.sql); } catch { db.exec(`CREATE TABLE ${quoteIdent(v.name)} ("rowid")`); }
    }
    const created = model.views.filter((v) => {
      try { db.exec(v.sql); return true; } catch { return false; }
    });
    const out: ViewMissingTable[] = [];
    for (const v of created) {
      try {
        db.prepare(`SELECT * FROM ${quoteIdent(v.name)}`);
      } catch (e) {
        const m = /^no such table: (.+)$/.exec((e as Error).message);
        if (m) out.push({ view: v.name, table: m[1]!.replace(/^main\./, '') });
      }
    }
    return out;
  } finally {
    db.close();
  }
}
