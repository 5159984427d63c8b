/**
 * The `libsql` engine: sqld / Turso over HTTP (`libsql://`, `http(s)://`) and local `file:` URLs through
 * @libsql/client. Over HTTP each `execute()` is its own stream (its own connection on the server), so a
 * PRAGMA or BEGIN sent in one call does not reach the next. Units therefore go as ONE request:
 * - `client.batch(stmts, 'write')`: BEGIN IMMEDIATE … COMMIT on one stream, FK enforcement as the server
 *   has it (on, for sqld). A `PRAGMA foreign_keys=OFF` inside it is a no-op: it runs inside the transaction.
 * - `client.migrate(stmts)`: the client sends `PRAGMA foreign_keys=off`, BEGIN, the statements, COMMIT (or
 *   ROLLBACK) and `PRAGMA foreign_keys=on` as steps of one pipelined batch on one stream
 *   (node_modules/@libsql/client/lib-esm/hrana.js executeHranaBatch with disableForeignKeys), so FK
 *   enforcement really is off around the unit. Measured on sqld 0.24: a parent rebuild through migrate()
 *   keeps its ON DELETE CASCADE children, through batch() it empties them (test/engines-cascade.test.mjs).
 */
import type { Client, InValue } from '@libsql/client';
import type { Capabilities, Engine, Params, Row, UnitOptions } from './engine.js';
import { engineError, importOptional } from './errors.js';

/** Measured on sqld 0.24.32 (test/engines.test.mjs "libsql capabilities"); docs/engines.md has the detail. */
const remoteCapabilities: Capabilities = Object.freeze({
  foreignKeysOffAroundUnit: true, // via client.migrate()
  interactiveTransactions: true, // client.transaction(): one stream held open with a baton
  writableSchema: false, // sqld's parser: "unsupported statement: PRAGMA writable_schema"
  maxStatementBytes: null, // a 2 MB statement runs
  tempObjects: false, // "unsupported statement: CREATE TEMP TABLE"
  attach: false, // "unsupported statement: ATTACH"
  userVersion: true,
  legacyAlterTable: false, // sqld's parser: "unsupported statement: PRAGMA legacy_alter_table = ON"
  reservedTable: () => false,
  reservedPrefix: null,
});

/** A local file through libsql's native driver: only what this layer has verified is claimed. */
const localCapabilities: Capabilities = Object.freeze({
  ...remoteCapabilities,
});

export interface LibsqlOptions {
  readonly authToken?: string;
}

/** Display form of a URL: scheme, host, path. No user info, no query string (a token may ride in either). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') return `libsql ${url.replace(/\?.*$/, '')}`;
    return `libsql ${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'libsql (unparseable URL)';
  }
}

export class LibsqlEngine implements Engine {
  readonly kind = 'libsql' as const;
  readonly capabilities: Capabilities;
  readonly target: string;
  readonly #client: Client;
  readonly #secrets: readonly string[];

  private constructor(client: Client, url: string, secrets: readonly string[]) {
    this.#client = client;
    this.target = displayUrl(url);
    this.#secrets = secrets;
    this.capabilities = url.startsWith('file:') ? localCapabilities : remoteCapabilities;
  }

  /** Connects and runs `SELECT 1` so that a wrong URL or token fails here, with a mapped error. */
  static async open(url: string, options: LibsqlOptions = {}): Promise<LibsqlEngine> {
    const secrets = tokenSecrets(url, options.authToken);
    const target = displayUrl(url);
    const { createClient } = await importOptional<typeof import('@libsql/client')>('@libsql/client', target);
    let client: Client;
    try {
      client = createClient({ url, authToken: options.authToken, intMode: 'number' });
    } catch (e) {
      throw engineError(e, { target, secrets }, 'LITEFORM_DB_OPEN');
    }
    const engine = new LibsqlEngine(client, url, secrets);
    try {
      await client.execute('SELECT 1');
    } catch (e) {
      client.close();
      throw engineError(e, { target, secrets });
    }
    return engine;
  }

  async query(sql: string, params: Params = []): Promise<Row[]> {
    try {
      const rs = await this.#client.execute({ sql, args: params as InValue[] });
      return rs.rows.map((r) => {
        const o: Record<string, unknown> = {};
        rs.columns.forEach((c, i) => { o[c] = r[i]; });
        return o;
      });
    } catch (e) {
      throw engineError(e, { target: this.target, secrets: this.#secrets, statement: sql });
    }
  }

  async runUnit(statements: readonly string[], options: UnitOptions = {}): Promise<void> {
    if (statements.length === 0) return;
    try {
      if (options.foreignKeysOff) await this.#client.migrate([...statements]);
      else await this.#client.batch([...statements], 'write');
    } catch (e) {
      const index = (e as { statementIndex?: unknown }).statementIndex;
      throw engineError(e, typeof index === 'number' && statements[index] !== undefined
        ? { target: this.target, secrets: this.#secrets, index, statement: statements[index]! }
        : { target: this.target, secrets: this.#secrets });
    }
  }

  async close(): Promise<void> {
    this.#client.close();
  }
}

function tokenSecrets(url: string, token: string | undefined): string[] {
  const out: string[] = [];
  if (token) out.push(token);
  try {
    const u = new URL(url);
    const q = u.searchParams.get('authToken');
    if (q) out.push(q);
    if (u.password) out.push(u.password);
  } catch { /* not a URL: nothing more to hide */ }
  return out;
}
