/**
 * Which tables a migration file can have changed, so that the checks after it (foreign_key_check,
 * quick_check) read those tables rather than the whole database: a full quick_check of a 10 GB file
 * takes minutes, and the checks ran on every apply.
 *
 * A file is plain SQL that says nothing about what it changes, so the scope is read from its text,
 * conservatively: every table or view whose name appears in it as a word, a quoted identifier or a
 * string (SQLite takes `'t'` for a name in many places), then, transitively, every table or view
 * named by a trigger on one of those (a trigger's statements change rows the file never names).
 * Foreign-key actions do not fire: the checks only run when enforcement was off. The FK check adds
 * the child tables of the changed ones (their parent rows or keys may be gone).
 */
import type Database from 'better-sqlite3';
import type { SqlStatement } from '../model/split-statements.js';
import { foldName, identifiersIn } from '../model/normalize.js';
import { identifierOf } from '../model/sql-tokens.js';

export class FileScope {
  private readonly named = new Set<string>();

  constructor(statements: readonly SqlStatement[]) {
    for (const st of statements) {
      for (const t of st.tokens) {
        if (t.kind === 'word' || t.kind === 'quoted') this.named.add(foldName(identifierOf(t)));
        else if (t.kind === 'string') this.named.add(foldName(t.text.slice(1, -1).replace(/''/g, "'")));
      }
    }
  }

  /**
   * The tables the file can have written, as named in `db` now (called before the statements and
   * after them: a rebuilt or renamed table has another name or b-tree then). The triggers seen at
   * each call widen the set for later calls too: a trigger the file dropped still fired before.
   */
  changedTables(db: Database.Database): string[] {
    const triggers = db.prepare(`SELECT tbl_name AS tbl, sql FROM sqlite_schema WHERE type = 'trigger' AND sql IS NOT NULL`).all() as { tbl: string; sql: string }[];
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of triggers) {
        if (!this.named.has(foldName(t.tbl))) continue;
        for (const id of identifiersIn(t.sql)) if (!this.named.has(id)) { this.named.add(id); grew = true; }
      }
    }
    // SQLite looks each name up (case-insensitively, as it resolves names): no row per table of the schema reaches JS.
    return db.prepare(`SELECT tl.name FROM json_each(?) AS j JOIN pragma_table_list(j.value) AS tl WHERE tl.schema = 'main' AND tl.type = 'table'`)
      .pluck().all(JSON.stringify([...this.named])) as string[];
  }

  /** The changed tables and every table with a foreign key to one of them. */
  foreignKeyScope(db: Database.Database): string[] {
    const changed = this.changedTables(db);
    const parents = new Set(changed.map(foldName));
    const scope = new Set(changed);
    if (parents.size === 0) return [];
    // A child's CREATE TABLE text names its parent: only tables whose text mentions a changed table
    // are asked for their foreign keys. The match folds case as SQLite compares names (ASCII) and
    // more (JS folds some other letters too): a wider match only asks more tables.
    // A name holding a quote character is written escaped (doubled) there: then every table is asked.
    const needles = [...parents];
    const escaped = needles.some((n) => /["'`\]]/.test(n));
    const mentions = new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    const candidates = (db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL`).raw().all() as [string, string][])
      .filter(([, sql]) => escaped || mentions.test(sql)).map(([name]) => name);
    const fks = db.prepare(`SELECT "table" AS parent FROM pragma_foreign_key_list(?, 'main')`).pluck();
    for (const t of candidates) if ((fks.all(t) as string[]).some((p) => parents.has(foldName(p)))) scope.add(t);
    return [...scope];
  }
}
