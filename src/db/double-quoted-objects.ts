/**
 * The objects of a live database whose stored text holds a `"…"` that the application's SQLite (a default
 * build, DQS on) reads as a string and our SQLITE_DQS=0 build refuses to parse outside schema loading:
 * in a CHECK, generated column, partial-index WHERE, or a view or trigger body
 * (src/model/double-quoted-strings.ts decides which tokens are strings). Introspection reads them as the
 * strings they are; an `ALTER TABLE … RENAME / DROP COLUMN`, which parses the schema again, cannot
 * (src/db/tolerant-alter.ts). A bare `DEFAULT "x"` is left out: SQLite's parser itself reads it as a string.
 */
import type Database from 'better-sqlite3';
import { bodyScope, bodySpan, rewriteDoubleQuotedStrings } from '../model/double-quoted-strings.js';
import { withoutDoubleQuotedStrings } from './scratch.js';

interface SchemaRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string;
}

export interface DoubleQuotedObject extends SchemaRow {
  /** The same text with those strings spelled '…': what a default build reads it as. */
  readonly rewritten: string;
}

export function objectsWithDoubleQuotedStrings(db: Database.Database): DoubleQuotedObject[] {
  const rows = db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND instr(sql, '"') > 0`).all() as SchemaRow[];
  if (rows.length === 0) return [];
  const columnsOf = (t: string): string[] => db.prepare('SELECT name FROM pragma_table_xinfo(?)').pluck().all(t) as string[];
  let body: ReadonlySet<string> | null = null;
  const bodyNames = (): ReadonlySet<string> => {
    if (body !== null) return body;
    const all = db.prepare('SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL').all() as SchemaRow[];
    return (body = bodyScope(
      all.filter((r) => r.type === 'table').flatMap((r) => columnsOf(r.name)),
      all.map((r) => r.name),
      all.filter((r) => r.type === 'view' || r.type === 'trigger').map((r) => r.sql),
    ));
  };
  const rewrite = (r: SchemaRow): string => (r.type === 'table' || r.type === 'index' ? withoutDoubleQuotedStrings(db, r.sql) : rewriteDoubleQuotedStrings(r.sql, bodyNames(), bodySpan));
  return rows.flatMap((r) => {
    const rewritten = rewrite(r);
    return rewritten === r.sql ? [] : [{ ...r, rewritten }];
  });
}
