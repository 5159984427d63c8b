/**
 * Throwaway in-memory databases: how `.sql` files and migration directories become a SchemaModel
 * (SQLite parses, we introspect).
 *
 * A large schema is built in several of them. After each CREATE, SQLite re-reads the new object from
 * `sqlite_schema` with a full scan of that table (OP_ParseSchema, `WHERE tbl_name=…`; the table has no
 * index), so N objects in one database cost O(N²): for 2,500 statements that scan is about three
 * quarters of the time. Nothing SQLite offers avoids it (one transaction, one `exec` of the whole
 * script, creating indexes last, journal_mode, page_size, foreign_keys and locking_mode were measured;
 * none changes the total), but a table and its indexes can be built in a database of their own with
 * the same result: CREATE TABLE reads no other table (REFERENCES is resolved only when rows change),
 * CREATE INDEX only its own. So when every statement is such a CREATE, or a CREATE VIEW / TRIGGER /
 * TABLE … AS SELECT (which go, with every table they name, to the first database), and no name is
 * used twice, the statements are spread over databases of a few hundred objects each, in their
 * original order within each. Anything else, and any statement that fails, runs in one database as
 * written, so an error names the same statement with the same message.
 */
import Database from 'better-sqlite3';
import type { SchemaModel, Table } from '../model/schema-model.js';
import { identifierOf, isKeyword, tokenize, type Token } from '../model/sql-tokens.js';
import { foldName, identifiersIn } from '../model/normalize.js';
import { statementProblem } from '../model/statement-policy.js';
import { introspect, introspectParts, modelFromParts, type SchemaPart } from './introspect.js';
import { createHash } from 'node:crypto';
import { parseTableSql } from '../model/parse-table-sql.js';
import { indexWhereSpan, rewriteDoubleQuotedStrings, tableExpressionSpans, tableScope } from '../model/double-quoted-strings.js';
import { registerAppFunctions } from './app-functions.js';

export class StatementError extends Error {
  constructor(readonly index: number, readonly sqliteMessage: string) {
    super(sqliteMessage);
  }
}

/** A statement refused before anything ran: it is not schema (see model/statement-policy.ts). */
export class StatementRefused extends StatementError {}

/**
 * A fresh in-memory database that keeps everything in memory (temp_store) and runs one statement
 * per call: `prepare` refuses a string holding a second statement, so nothing the policy check did
 * not see can run. `image`: start from a serialized database (`db.serialize()`) instead of empty.
 */
export function openScratch(image?: Buffer): Database.Database {
  const db = new Database(image ?? ':memory:');
  db.pragma('temp_store = MEMORY');
  registerAppFunctions(db);
  return db;
}

/** Runs one statement (rows, if any, are read and dropped). */
export function runOne(db: Database.Database, sql: string): void {
  const st = db.prepare(sql);
  if (st.reader) st.all();
  else st.run();
}

/** What SQLite says when a "…" it would read as a string under a default build (DQS on) names no column. */
const doubleQuotedStringError = /should this be a string literal in single-quotes\?/;

/**
 * Runs one statement as the application's SQLite would: where our SQLITE_DQS=0 build refuses a
 * double-quoted string in a CHECK, generated column or partial-index WHERE, it runs with those
 * strings spelled '…' (model/double-quoted-strings.ts decides which tokens are strings). Returns the text it ran.
 */
export function runAsDefaultBuild(db: Database.Database, sql: string): string {
  try {
    runOne(db, sql);
    return sql;
  } catch (e) {
    if (!doubleQuotedStringError.test((e as Error).message)) throw e;
    const rewritten = withoutDoubleQuotedStrings(db, sql);
    if (rewritten === sql) throw e;
    runOne(db, rewritten);
    return rewritten;
  }
}

/** A CREATE TABLE / CREATE INDEX statement with the "…" a default build reads as strings spelled '…' (other statements as they are). */
export function withoutDoubleQuotedStrings(db: Database.Database, sql: string): string {
  const head = headOf(sql);
  if (head?.kind === 'table') return rewriteDoubleQuotedStrings(sql, tableScope([...parseTableSql(sql).columns.keys()]), tableExpressionSpans);
  if (head?.kind === 'index') {
    const columns = db.prepare('SELECT name FROM pragma_table_xinfo(?)').pluck().all(head.table) as string[];
    return rewriteDoubleQuotedStrings(sql, tableScope(columns), indexWhereSpan);
  }
  return sql;
}

/**
 * The tokens of each statement without comments: the ones the caller already has (splitStatements made
 * them while splitting; a 3,000-statement file is not tokenized a second time), or tokenized here.
 */
function codeTokens(statements: readonly string[], tokens: readonly (readonly Token[])[] | undefined): (readonly Token[])[] {
  if (tokens === undefined || tokens.length !== statements.length) return statements.map((sql) => tokenize(sql));
  return tokens.map((ts) => (ts.some((t) => t.kind === 'comment') ? ts.filter((t) => t.kind !== 'comment') : ts));
}

/** Throws StatementRefused for the first statement that is not allowed in a desired state. */
function assertSchemaOnly(code: readonly (readonly Token[])[]): void {
  code.forEach((tokens, index) => {
    const problem = statementProblem(tokens, 'desired-state');
    if (problem !== null) throw new StatementRefused(index, problem);
  });
}

/** Objects per scratch database: the re-read scan grows with it, each extra database costs an open and an introspection. */
const OBJECTS_PER_DATABASE = 200;

/**
 * Runs the statements, in order, in fresh in-memory databases and introspects the result. Throws StatementError naming the failing statement.
 * `tokens`: each statement's tokens (comments may be among them), when the caller has them (model/split-statements.ts).
 */
export function modelFromStatements(statements: readonly string[], tokens?: readonly (readonly Token[])[], cache?: TableCache): SchemaModel {
  const code = codeTokens(statements, tokens);
  assertSchemaOnly(code);
  const split = partition(statements, code);
  if (split !== null) {
    try {
      return cache === undefined ? buildAndIntrospect(statements, shardsOf(split.first, split.groups)) : buildWithCache(statements, split, cache);
    } catch (e) {
      // Report the failure exactly as the one-database run does (which statement, which message).
      if (!(e instanceof StatementError)) throw e;
    }
  }
  return buildAndIntrospect(statements, [statements.map((_, i) => i)]);
}

/**
 * Table models kept between runs, each under a hash of the statements that make it (its CREATE TABLE and
 * the CREATE INDEXes on it): such a group's model depends on nothing else (see above), so an edit to a
 * few tables of a large desired state builds and reads those tables only (src/db/desired-cache.ts).
 */
export interface TableCache {
  get(key: string): Table | undefined;
  add(key: string, table: Table): void;
}

/** The key a group of statements is kept under: their text, in order. */
function groupKey(statements: readonly string[], group: readonly number[]): string {
  const hash = createHash('sha256');
  for (const i of group) hash.update(statements[i]!).update('\0');
  return hash.digest('hex');
}

/** Like buildAndIntrospect over the partition, with the groups whose model `cache` holds taken from it. */
function buildWithCache(statements: readonly string[], split: Partition, cache: TableCache): SchemaModel {
  const kept: Table[] = [];
  const missed: (readonly [string, readonly number[]])[] = [];
  const keyOf = new Map<string, string>();
  for (const [table, group] of split.groups) {
    const key = groupKey(statements, group);
    const hit = cache.get(key);
    if (hit !== undefined && foldName(hit.name) === table) kept.push(hit);
    else {
      missed.push([table, group]);
      keyOf.set(table, key);
    }
  }
  const parts = buildParts(statements, shardsOf(split.first, missed));
  for (const part of parts) {
    for (const t of part.tables) {
      const key = keyOf.get(foldName(t.name));
      if (key !== undefined) cache.add(key, t);
    }
  }
  return modelFromParts([...parts, { tables: kept, views: [], triggers: [], virtualTables: [] }]);
}

/** Runs each list of statement indexes in its own database, then reads them as one schema. */
function buildAndIntrospect(statements: readonly string[], shards: readonly (readonly number[])[]): SchemaModel {
  if (shards.length === 1) return withBuilt(statements, shards, (dbs) => introspect(dbs[0]!));
  return modelFromParts(buildParts(statements, shards));
}

/** Runs each list of statement indexes in its own database and reads what each holds. */
function buildParts(statements: readonly string[], shards: readonly (readonly number[])[]): SchemaPart[] {
  return withBuilt(statements, shards, introspectParts);
}

function withBuilt<T>(statements: readonly string[], shards: readonly (readonly number[])[], read: (dbs: Database.Database[]) => T): T {
  const dbs: Database.Database[] = [];
  try {
    for (const shard of shards) {
      const db = openScratch();
      dbs.push(db);
      for (const index of shard) {
        try {
          runAsDefaultBuild(db, statements[index]!);
        } catch (e) {
          throw new StatementError(index, (e as Error).message);
        }
      }
    }
    return read(dbs);
  } finally {
    for (const db of dbs) db.close();
  }
}

/** What a statement creates, as far as splitting is concerned; null: anything else (the script runs in one database). */
type Head =
  | { readonly kind: 'table'; readonly name: string }
  | { readonly kind: 'index'; readonly name: string; readonly table: string }
  /** CREATE VIEW, CREATE TRIGGER, CREATE TABLE … AS SELECT: may read any table it names. */
  | { readonly kind: 'reader'; readonly name: string }
  | null;

const isName = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'word' || t.kind === 'quoted');
const isDot = (t: Token | undefined): boolean => t !== undefined && t.kind === 'op' && t.text === '.';

/** `code`: the statement's tokens without comments, when already made (only the first dozen are read). */
function headOf(sql: string, code?: readonly Token[]): Head {
  const t = code ?? tokenize(sql, false, 12);
  if (!isKeyword(t[0], 'CREATE')) return null;
  let i = 1;
  const unique = isKeyword(t[i], 'UNIQUE');
  if (unique) i++;
  const what = t[i]?.kind === 'word' ? t[i]!.text.toUpperCase() : '';
  if (what !== 'TABLE' && what !== 'INDEX' && what !== 'VIEW' && what !== 'TRIGGER') return null; // TEMP, VIRTUAL, …
  if (unique && what !== 'INDEX') return null;
  i++;
  if (isKeyword(t[i], 'IF') && isKeyword(t[i + 1], 'NOT') && isKeyword(t[i + 2], 'EXISTS')) i += 3;
  const name = t[i];
  if (!isName(name) || isDot(t[i + 1])) return null; // schema-qualified names stay in one database
  if (what === 'VIEW' || what === 'TRIGGER') return { kind: 'reader', name: identifierOf(name) };
  if (what === 'TABLE') {
    if (t[i + 1]?.kind === '(') return { kind: 'table', name: identifierOf(name) };
    return isKeyword(t[i + 1], 'AS') ? { kind: 'reader', name: identifierOf(name) } : null;
  }
  const table = t[i + 2];
  if (!isKeyword(t[i + 1], 'ON') || !isName(table) || isDot(t[i + 3])) return null;
  return { kind: 'index', name: identifierOf(name), table: identifierOf(table) };
}

/**
 * The statements that must run together (`first`: readers, the tables they name, indexes on tables the
 * file does not create) and the groups that may run anywhere (a table with the indexes on it, by folded
 * table name); null when the script must run in one database.
 */
interface Partition {
  readonly first: readonly number[];
  readonly groups: readonly (readonly [string, readonly number[]])[];
}

function partition(statements: readonly string[], code: readonly (readonly Token[])[]): Partition | null {
  if (statements.length < 2 * OBJECTS_PER_DATABASE) return null;
  const heads: Exclude<Head, null>[] = [];
  const names = new Set<string>();
  for (let i = 0; i < statements.length; i++) {
    const head = headOf(statements[i]!, code[i]);
    if (head === null) return null;
    const name = foldName(head.name);
    if (names.has(name)) return null; // IF NOT EXISTS, or an error SQLite must report
    names.add(name);
    heads.push(head);
  }
  // A table with the indexes on it; readers, and every table a reader names, go to the first database.
  const first: number[] = [];
  const pinned = new Set<string>();
  heads.forEach((h, i) => {
    if (h.kind === 'reader') for (const id of identifiersIn(statements[i]!)) pinned.add(id);
  });
  const groups = new Map<string, number[]>();
  heads.forEach((h, i) => {
    if (h.kind === 'table') groups.set(foldName(h.name), [i]);
    else if (h.kind === 'index' && groups.has(foldName(h.table))) groups.get(foldName(h.table))!.push(i);
    else first.push(i); // readers, and indexes on a table not (yet) created by a plain CREATE TABLE
  });
  const free: [string, number[]][] = [];
  for (const [table, group] of groups) {
    if (pinned.has(table)) first.push(...group);
    else free.push([table, group]);
  }
  return { first, groups: free };
}

/** Lists of statement indexes, one per database: `first`, then the groups packed a few hundred objects to a database, each list in the file's order. */
function shardsOf(first: readonly number[], groups: readonly (readonly [string, readonly number[]])[]): number[][] {
  const shards: number[][] = [[...first]];
  for (const [, group] of groups) {
    let last = shards[shards.length - 1]!;
    if (last.length >= OBJECTS_PER_DATABASE) shards.push((last = []));
    last.push(...group);
  }
  for (const shard of shards) shard.sort((a, b) => a - b);
  return shards.filter((s) => s.length > 0);
}
