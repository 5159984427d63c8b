/** The schema a migrations directory produces: its files replayed, in order, into an in-memory database. */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyHash, type Migration } from '../migrations/migration-file.js';
import { canChunk } from '../plan/chunkable-copy.js';
import { copyInChunks, type CopyProgress } from './chunked-copy.js';
import type { SchemaModel } from '../model/schema-model.js';
import { splitStatements, type SqlStatement } from '../model/split-statements.js';
import { statementProblem } from '../model/statement-policy.js';
import { rememberSchemaHash, schemaHash } from '../model/canonical.js';
import { LiteformError } from '../errors.js';
import { introspect } from './introspect.js';
import { openScratch, runAsDefaultBuild } from './scratch.js';
import { runTolerantAlter } from './tolerant-alter.js';
import { nextReplayPoint, readReplayPoint } from './replay-point.js';
import { cacheKey } from './cache-key.js';
import { writeCacheFile } from './cache-file.js';
import { unknownFunctionHint } from './app-functions.js';
import { rebuildTempPrefix } from '../model/internal-names.js';

/** Files already split and checked: apply checks every file up front, then splits the one it runs again. */
const sealed = new WeakMap<Migration, SqlStatement[]>();

/** The file's statements, after refusing the whole file if any one of them may not run (nothing has run yet). */
export function sealedStatements(m: Migration): SqlStatement[] {
  const known = sealed.get(m);
  if (known !== undefined) return known;
  const statements = splitStatements(m.content);
  for (const st of statements) {
    const problem = statementProblem(st.tokens.filter((t) => t.kind !== 'comment'), 'migration');
    if (problem !== null) {
      throw new LiteformError('LITEFORM_UNSAFE_STATEMENT', `${m.path}:${st.line}:${st.col}: ${problem}`, 'a migration may change only the target database; remove the statement (nothing from this file was run)');
    }
  }
  sealed.set(m, statements);
  return statements;
}

/** The table a rebuild's temporary table stands for, when SQLite's message names one (`_liteform_new_user.username`). */
function rebuiltTableOf(message: string): string | null {
  const m = new RegExp(`\\b${rebuildTempPrefix}([^\\s.:,]+)\\.`).exec(message);
  return m === null ? null : m[1]!;
}

export interface RunStatementsOptions {
  /** Sees each statement first; true: it handled the statement (it counts as run). */
  readonly onStatement?: (sql: string) => boolean;
  /**
   * Run the file's rebuild copies that its header names (`copy` lines, matched by the statement's exact
   * text) in rowid-ordered chunks, reporting rows copied (src/db/chunked-copy.ts). Off: every statement
   * runs as one (a replay holds no rows).
   */
  readonly chunkCopies?: { readonly onProgress?: (p: CopyProgress) => void };
}

/** Runs one file's statements, one at a time, naming the file, line and statement on failure. */
export function runMigrationStatements(db: Database.Database, m: Migration, options: RunStatementsOptions = {}): number {
  const { onStatement, chunkCopies } = options;
  const copies = chunkCopies === undefined ? [] : m.header.copies;
  let n = 0;
  for (const st of sealedStatements(m)) {
    if (onStatement && onStatement(st.sql)) { n++; continue; }
    try {
      const copy = copies.length === 0 ? undefined : copies.find((c) => canChunk(st.sql, c) && c.statement === copyHash(st.sql, c.source, c.key));
      if (copy !== undefined) copyInChunks(db, st.sql, copy.source, copy.key, chunkCopies?.onProgress);
      else runTolerantAlter(db, st.sql, () => runAsDefaultBuild(db, st.sql));
      n++;
    } catch (e) {
      const message = (e as Error).message;
      const where = `${m.path}:${st.line}:${st.col}`;
      const rebuilt = rebuiltTableOf(message);
      if (rebuilt !== null && /constraint failed|datatype mismatch|cannot store/i.test(message)) {
        // A rebuild's copy refused rows the database holds: name the table, not liteform's temporary one.
        throw new LiteformError('LITEFORM_DATA', `${where}: rows of ${rebuilt} break its rebuild: ${message.split(`${rebuildTempPrefix}${rebuilt}`).join(rebuilt)}`, 'fix those rows first, or give the column a DEFAULT (or a -- @backfill) in the desired state and plan again; nothing from this file was applied');
      }
      throw new LiteformError('LITEFORM_MIGRATION_FAILED', `${where}: ${message}\n  in: ${st.sql.split('\n')[0]!.slice(0, 100)}`, unknownFunctionHint(message) ?? 'fix the migration file (it is not applied yet), then `liteform hash`');
    }
  }
  return n;
}

export interface Replay {
  /** Schema after each version, in order; index i is the state after migrations[i]. */
  readonly after: readonly SchemaModel[];
  readonly empty: SchemaModel;
}

/**
 * A scratch database for a replay. Foreign-key enforcement is off: the replay holds schema, not rows, and
 * with enforcement on SQLite refuses any write to (or DROP of) a table whose foreign key names a table
 * that does not exist, rows or none — the rebuild of such a table, which apply runs with enforcement
 * off (the file's `foreign-keys off`), would fail only here.
 */
function openReplay(image?: Buffer): Database.Database {
  const db = openScratch(image);
  db.pragma('foreign_keys = OFF');
  return db;
}

/**
 * Schema after each of the given migrations (rows are irrelevant: the replay holds schema only).
 * `afterFile` sees the scratch database after each file (index into `migrations`).
 */
export function replayMigrations(migrations: readonly Migration[], afterFile?: (db: Database.Database, index: number) => void): Replay {
  const db = openReplay();
  try {
    // Every file is checked before any of them runs.
    for (const m of migrations) sealedStatements(m);
    // After each file only what it changed is read again (replay-point.ts): a long history of a big
    // schema is not one full introspection per file.
    let point = readReplayPoint(db);
    const empty = point.model;
    const after: SchemaModel[] = [];
    for (const m of migrations) {
      runMigrationStatements(db, m);
      point = nextReplayPoint(db, point);
      after.push(point.model);
      afterFile?.(db, after.length - 1);
    }
    return { after, empty };
  } finally {
    db.close();
  }
}

/** A scratch database holding the schema a directory's files produce, and that schema. The caller closes `db`. */
export interface ReplayedDatabase {
  readonly db: Database.Database;
  readonly model: SchemaModel;
}

/**
 * The schema the files produce, in a scratch database that more files can run on (\`plan\` runs the file
 * it generates there, to check it reaches the desired state). Replaying costs O(objects²) (SQLite reads
 * \`sqlite_schema\` again after each CREATE; src/db/scratch.ts): 3,000 CREATEs take about a second. So the
 * result is kept in `cache.dir` (`.liteform/cache/`), as the serialized database, under cache-key.ts's
 * key (liteform's and SQLite's version, the built code, the declared functions, every file's version and
 * checksum): a directory whose files have not changed is read back instead of replayed. Anything wrong with a cache file (unreadable, not byte for byte what
 * saveReplay wrote under that key) means it is replayed instead.
 */
export function replayToEnd(migrations: readonly Migration[], cache: ReplayCache | null): ReplayedDatabase {
  const cached = cache === null ? null : readReplayCache(cache, migrations);
  if (cached !== null) return cached;
  for (const m of migrations) sealedStatements(m);
  const db = openReplay();
  // Every table and index holds a root page even with no rows: at the default 4 KiB, 3,000 objects make a
  // 12 MB image to write to the cache, read and hash on every plan; at 1 KiB a quarter of that (the
  // CREATE texts still fit a page; the statements run no slower).
  db.pragma('page_size = 1024');
  try {
    for (const m of migrations) runMigrationStatements(db, m);
    const model = introspect(db);
    if (cache !== null) saveReplay(cache, migrations, db, model);
    return { db, model };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Where replays are kept, and what else their key holds (liteform's version: another version may replay differently). */
export interface ReplayCache {
  readonly dir: string;
  readonly salt: string;
}

/** Replays kept in the cache directory. */
const KEEP_REPLAYS = 5;

/**
 * A cache file: the magic, the sha256 of everything after it, then the cache key it was written under,
 * the model's JSON (read back without introspecting 1,000s of tables), its schemaHash (the next file's
 * `schema-before`, without rendering the model again) and the serialized database, each after a 4-byte
 * length. The digest is what makes a file trusted: a file that is not byte for byte what saveReplay
 * wrote for this key (torn, edited, another key's copied over) is replayed over. It replaces a
 * `PRAGMA quick_check` of the image, which read every page of it on every plan and never covered the model.
 */
const cacheMagic = Buffer.from('liteform-replay 3\n');
const digestLength = 32;

function lengthPrefixed(data: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return [length, data];
}

/** Keeps `db` (the schema after `migrations`) for the next replayToEnd of the same files; the oldest cache files go. */
export function saveReplay(cache: ReplayCache, migrations: readonly Migration[], db: Database.Database, model: SchemaModel): void {
  const name = cacheFileName(cache, migrations);
  // The newest few are kept (switching branches switches directories); older ones go.
  writeCacheFile(cache.dir, name, { prefix: 'replay-', suffix: '.db', keep: KEEP_REPLAYS }, () => {
    const body = [name, JSON.stringify(model), schemaHash(model)].flatMap((text) => lengthPrefixed(Buffer.from(text))).concat(lengthPrefixed(db.serialize()));
    const digest = createHash('sha256');
    for (const part of body) digest.update(part);
    return [cacheMagic, digest.digest(), ...body];
  });
}

function cacheFileName(cache: ReplayCache, migrations: readonly Migration[]): string {
  return `replay-${cacheKey('replay', cache, migrations)}.db`;
}

/** The length-prefixed parts of a cache file's body; null when they do not fill it exactly. */
function cacheParts(body: Buffer): Buffer[] | null {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    if (at + 4 > body.length) return null;
    const length = body.readUInt32BE(at);
    if (at + 4 + length > body.length) return null;
    parts.push(body.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return parts;
}

function readReplayCache(cache: ReplayCache, migrations: readonly Migration[]): ReplayedDatabase | null {
  const name = cacheFileName(cache, migrations);
  const path = join(cache.dir, name);
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    const bytes = readFileSync(path);
    const head = cacheMagic.length + digestLength;
    if (bytes.length < head || !bytes.subarray(0, cacheMagic.length).equals(cacheMagic)) return null;
    const body = bytes.subarray(head);
    if (!createHash('sha256').update(body).digest().equals(bytes.subarray(cacheMagic.length, head))) return null;
    const parts = cacheParts(body);
    if (parts === null || parts.length !== 4 || parts[0]!.toString('utf8') !== name) return null;
    const model = JSON.parse(parts[1]!.toString('utf8')) as SchemaModel;
    if (!Array.isArray(model.tables)) return null;
    rememberSchemaHash(model, parts[2]!.toString('utf8'));
    db = openReplay(parts[3]!);
    return { db, model };
  } catch {
    db?.close();
    return null;
  }
}

/** Schema after `count` migrations (0 = empty). */
export function stateAfter(r: Replay, count: number): SchemaModel {
  return count === 0 ? r.empty : r.after[count - 1]!;
}
