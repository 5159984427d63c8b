/**
 * The `d1` engine: Cloudflare D1 through Miniflare's D1 API, on the local persist directory that
 * `wrangler dev` and `wrangler d1 … --local` use (.wrangler/state/v3/d1 by default). It is opened exactly as
 * Miniflare opens it for `d1Databases: { DB: '<database_id>' }, d1Persist: DIR`, so the SQLite file is the
 * one Miniflare keys by that id (miniflare-D1DatabaseObject/<hash>.sqlite) and data seeded by Miniflare or
 * wrangler is the data migrated.
 *
 * D1 runs every statement inside a Durable Object transaction: BEGIN/COMMIT/SAVEPOINT are rejected, and one
 * `batch()` is the only multi-statement atomic unit. PRAGMA foreign_keys=OFF is accepted and does nothing.
 */
import type { Capabilities, Engine, Params, Row, UnitOptions } from './engine.js';
import { cloudflareReservedPrefix, isCloudflareReservedName } from './engine.js';
import { engineError, importOptional } from './errors.js';

/** Measured on Miniflare 4 / workerd (test/engines.test.mjs "d1 capabilities"). */
export const d1Capabilities: Capabilities = Object.freeze({
  foreignKeysOffAroundUnit: false,
  interactiveTransactions: false,
  writableSchema: false, // "not authorized: SQLITE_AUTH"
  maxStatementBytes: 100_000, // "statement too long: SQLITE_TOOBIG" above it
  tempObjects: false, // "not authorized"
  attach: false, // "not authorized"
  userVersion: false, // "not authorized"
  legacyAlterTable: true, // measured on Miniflare's D1: set inside a batch, the RENAME succeeds
  reservedTable: isCloudflareReservedName,
  reservedPrefix: cloudflareReservedPrefix,
});

export const defaultD1Persist = '.wrangler/state/v3/d1';

export interface D1Options {
  readonly d1Persist?: string;
}

// Structural types for the part of Miniflare's D1 API used here (workers-types D1Database).
interface D1Statement { bind(...values: unknown[]): D1Statement; all(): Promise<{ results: unknown[] }> }
interface D1Database { prepare(sql: string): D1Statement; batch(stmts: D1Statement[]): Promise<unknown[]> }
interface MiniflareLike { getD1Database(binding: string): Promise<D1Database>; dispose(): Promise<void> }

export class D1Engine implements Engine {
  readonly kind = 'd1' as const;
  readonly capabilities = d1Capabilities;
  readonly target: string;
  readonly #mf: MiniflareLike;
  readonly #db: D1Database;

  private constructor(mf: MiniflareLike, db: D1Database, databaseId: string, persist: string) {
    this.#mf = mf;
    this.#db = db;
    this.target = `d1 ${databaseId} (${persist})`;
  }

  static async open(databaseId: string, options: D1Options = {}): Promise<D1Engine> {
    const persist = options.d1Persist ?? defaultD1Persist;
    const target = `d1 ${databaseId} (${persist})`;
    const { Miniflare } = await importOptional<typeof import('miniflare')>('miniflare', target);
    let mf: MiniflareLike | undefined;
    try {
      const instance = new Miniflare({
        modules: true,
        script: 'export default { async fetch() { return new Response(null, { status: 404 }); } }',
        d1Databases: { DB: databaseId },
        d1Persist: persist,
      });
      mf = instance as unknown as MiniflareLike;
      const db = await mf.getD1Database('DB');
      return new D1Engine(mf, db, databaseId, persist);
    } catch (e) {
      if (mf) await mf.dispose().catch(() => undefined);
      throw engineError(e, { target, secrets: [] }, 'LITEFORM_DB_OPEN');
    }
  }

  async query(sql: string, params: Params = []): Promise<Row[]> {
    this.#checkSize(sql);
    try {
      const stmt = this.#db.prepare(sql);
      const res = await (params.length > 0 ? stmt.bind(...params) : stmt).all();
      return res.results as Row[];
    } catch (e) {
      throw engineError(e, { target: this.target, secrets: [], statement: sql });
    }
  }

  async runUnit(statements: readonly string[], options: UnitOptions = {}): Promise<void> {
    if (options.foreignKeysOff) {
      throw engineError(new Error('FK enforcement cannot be turned off around a D1 batch'), { target: this.target, secrets: [] }, 'LITEFORM_ENGINE_UNSUPPORTED');
    }
    if (statements.length === 0) return;
    statements.forEach((s, i) => this.#checkSize(s, i));
    try {
      await this.#db.batch(statements.map((s) => this.#db.prepare(s)));
    } catch (e) {
      throw engineError(e, { target: this.target, secrets: [] });
    }
  }

  /** Said before sending, with the statement named, rather than D1's bare SQLITE_TOOBIG. */
  #checkSize(sql: string, index?: number): void {
    const max = this.capabilities.maxStatementBytes;
    if (max !== null && Buffer.byteLength(sql, 'utf8') > max) {
      throw engineError(new Error(`statement is ${Buffer.byteLength(sql, 'utf8')} bytes; D1 accepts at most ${max}`),
        index === undefined ? { target: this.target, secrets: [], statement: sql } : { target: this.target, secrets: [], statement: sql, index },
        'LITEFORM_ENGINE_UNSUPPORTED');
    }
  }

  async close(): Promise<void> {
    await this.#mf.dispose();
  }
}
