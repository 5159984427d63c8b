/**
 * One small async interface over "a SQLite database somewhere": a local file (better-sqlite3), a libSQL
 * server or Turso (@libsql/client), or Cloudflare D1 (Miniflare's D1 API on a local persist directory).
 * The planner chooses procedures from `capabilities`, never from `kind`: `kind` is for display and errors.
 * docs/engines.md says where each capability value comes from.
 */

export type EngineKind = 'file' | 'libsql' | 'd1';

/** A result row as the engine returns it: column name → value (INTEGER as number, TEXT, REAL, BLOB, NULL). */
export type Row = Readonly<Record<string, unknown>>;

/** Positional parameters bound to `?` placeholders. */
export type Params = readonly (string | number | bigint | null | Uint8Array)[];

export interface Capabilities {
  /** `runUnit(…, { foreignKeysOff: true })` really runs the unit with FK enforcement off (PRAGMA before BEGIN on one connection). */
  readonly foreignKeysOffAroundUnit: boolean;
  /** BEGIN … COMMIT across several calls on one connection; false where one batch is the only atomic unit. */
  readonly interactiveTransactions: boolean;
  /** PRAGMA writable_schema may be used (in-place schema edits). */
  readonly writableSchema: boolean;
  /** Longest statement the engine accepts, in UTF-8 bytes; null when only SQLite's own limit applies. */
  readonly maxStatementBytes: number | null;
  /** CREATE TEMP TABLE / VIEW / TRIGGER are allowed. */
  readonly tempObjects: boolean;
  /** ATTACH DATABASE is allowed. */
  readonly attach: boolean;
  /** PRAGMA user_version can be read and written. */
  readonly userVersion: boolean;
  /**
   * `PRAGMA legacy_alter_table` may be set (inside the unit): a rebuild's final RENAME then leaves the views and
   * triggers it does not touch unparsed (they may call the application's own functions). Where false, those
   * PRAGMA statements are left out of what the engine runs (see src/plan/legacy-alter.ts).
   */
  readonly legacyAlterTable: boolean;
  /** Tables that belong to the platform: never introspected, diffed or touched (D1's `_cf_*`). */
  reservedTable(name: string): boolean;
  /**
   * The same set as a name prefix SQL can filter on (compared case-insensitively), or null. D1 refuses a pragma
   * function called on one of its tables ("not authorized"), so queries must leave them out before the call.
   */
  readonly reservedPrefix: string | null;
}

export interface UnitOptions {
  /**
   * Run the unit with FK enforcement off. Only honoured where `capabilities.foreignKeysOffAroundUnit`; an engine
   * without it throws LITEFORM_ENGINE_UNSUPPORTED rather than silently running with enforcement on.
   */
  readonly foreignKeysOff?: boolean;
}

export interface Engine {
  readonly kind: EngineKind;
  /** Where the database is, for messages: never holds a secret (no auth token, no password, no query string). */
  readonly target: string;
  readonly capabilities: Capabilities;
  /** One statement, its rows. */
  query(sql: string, params?: Params): Promise<Row[]>;
  /** The statements as one atomic unit: all of them take effect, or none does (the error says which one failed). */
  runUnit(statements: readonly string[], options?: UnitOptions): Promise<void>;
  close(): Promise<void>;
}

export const cloudflareReservedPrefix = '_cf_';

/** True for `_cf_…` names, compared as SQLite compares names (ASCII case folding). */
export function isCloudflareReservedName(name: string): boolean {
  return name.slice(0, cloudflareReservedPrefix.length).toLowerCase() === cloudflareReservedPrefix;
}
