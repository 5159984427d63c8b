/**
 * `ALTER TABLE … RENAME TO`, `RENAME COLUMN` and `DROP COLUMN` make SQLite parse every object of the
 * schema again (alter.c, `sqlite_rename_test`), not only the ones the statement rewrites. An object whose
 * text holds a `"…"` string — in a CHECK, generated column, partial-index WHERE, view or trigger — that
 * the application's SQLite (a default build, DQS on) reads as a string, our SQLITE_DQS=0 build cannot
 * parse outside schema loading, and the ALTER fails even when it never touches that object:
 * `error in table kinds: no such column: "a" - should this be a string literal in single-quotes?`.
 * The rebuild of any other table ends with such a rename.
 *
 * When SQLite refuses an ALTER for that reason (statement-level rollback has undone the attempt):
 * 1. the objects that name the altered table, which the ALTER may have to rewrite, get their stored text
 *    with those strings spelled '…' (writable_schema, the schema_version bumped): the text a default
 *    build reads them as, and the text introspection already reports, so the schema is the same one;
 * 2. the ALTER runs again with writable_schema on, under which SQLite leaves as it is any object that
 *    does not parse (alter.c: "Only raise this error if the writable_schema pragma is not set") and
 *    rewrites the others as usual. After step 1, the objects left as they are name neither the altered
 *    table nor its columns, so there was nothing in them to rewrite; they keep the text the application
 *    wrote. Every apply still compares the schema it produced with the one it meant to before COMMIT.
 * Defensive mode, under which writable_schema does nothing, is lifted for those two steps only.
 *
 * A view or trigger calling a function liteform's connection lacks is not helped here: declare the
 * function (liteform.yaml `functions:`); a rebuild's rename already leaves views and triggers alone
 * (src/plan/legacy-alter.ts). Only a local file gets here; remote engines run their own builds.
 */
import type Database from 'better-sqlite3';
import { identifierOf, isKeyword, tokenize, type Token } from '../model/sql-tokens.js';
import { mentionsIdentifier } from '../model/normalize.js';
import { objectsWithDoubleQuotedStrings } from './double-quoted-objects.js';

/** SQLite's words for an object of the schema that failed to parse during an ALTER because of a "…" string. */
const doubleQuotedReparseError = /^error in (table|index|view|trigger) [^:]*: .*should this be a string literal in single-quotes\?/s;

/** The table an ALTER TABLE … RENAME / DROP statement alters; null for any other statement. */
export function alteredTable(sql: string): string | null {
  const code = tokenize(sql).filter((t) => t.kind !== 'comment');
  if (!isKeyword(code[0], 'ALTER') || !isKeyword(code[1], 'TABLE')) return null;
  if (!code.some((t) => isKeyword(t, 'RENAME') || isKeyword(t, 'DROP'))) return null;
  const name: Token | undefined = code[3]?.kind === 'op' && code[3].text === '.' ? code[4] : code[2];
  return name === undefined ? null : identifierOf(name);
}

/**
 * Runs `run` (which executes `sql`); when SQLite refuses an ALTER because an object of the schema holds
 * a "…" string our build cannot parse, runs it again as described above. Any other failure is rethrown.
 */
export function runTolerantAlter(db: Database.Database, sql: string, run: () => void): void {
  try {
    run();
  } catch (e) {
    const table = doubleQuotedReparseError.test((e as Error).message) ? alteredTable(sql) : null;
    if (table === null) throw e;
    const naming = objectsWithDoubleQuotedStrings(db).filter((o) => mentionsIdentifier(o.sql, table));
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      try {
        if (naming.length > 0) {
          const version = db.pragma('schema_version', { simple: true }) as number;
          const store = db.prepare('UPDATE sqlite_schema SET sql = ? WHERE type = ? AND name = ?');
          for (const o of naming) store.run(o.rewritten, o.type, o.name);
          db.pragma(`schema_version = ${version + 1}`);
        }
        run();
      } finally {
        db.pragma('writable_schema = OFF');
      }
    } finally {
      db.unsafeMode(false);
    }
  }
}
