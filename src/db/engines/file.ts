/** The `file` engine: a local database file through better-sqlite3, as liteform has always opened it. */
import type Database from 'better-sqlite3';
import { openDatabase, type OpenOptions } from '../open-database.js';
import type { Capabilities, Engine, Params, Row, UnitOptions } from './engine.js';
import { engineError } from './errors.js';

export const fileCapabilities: Capabilities = Object.freeze({
  foreignKeysOffAroundUnit: true,
  interactiveTransactions: true,
  writableSchema: true,
  maxStatementBytes: null,
  tempObjects: true,
  attach: true,
  userVersion: true,
  legacyAlterTable: true,
  reservedTable: () => false,
  reservedPrefix: null,
});

export class FileEngine implements Engine {
  readonly kind = 'file' as const;
  readonly capabilities = fileCapabilities;
  readonly target: string;

  constructor(readonly db: Database.Database, path: string) {
    this.target = `file ${path}`;
  }

  static open(path: string, options: OpenOptions = {}): FileEngine {
    return new FileEngine(openDatabase(path, options), path);
  }

  async query(sql: string, params: Params = []): Promise<Row[]> {
    try {
      const stmt = this.db.prepare(sql);
      if (stmt.reader) return stmt.all(...params) as Row[];
      stmt.run(...params);
      return [];
    } catch (e) {
      throw engineError(e, { target: this.target, secrets: [], statement: sql });
    }
  }

  /**
   * FK enforcement is a connection setting that SQLite ignores inside a transaction, so it is switched off
   * before BEGIN IMMEDIATE and restored after COMMIT or ROLLBACK (sqlite.org/foreignkeys.html section 2).
   */
  async runUnit(statements: readonly string[], options: UnitOptions = {}): Promise<void> {
    const db = this.db;
    const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (options.foreignKeysOff && fkWasOn) db.pragma('foreign_keys = OFF');
    let index = -1;
    try {
      db.exec('BEGIN IMMEDIATE');
      for (index = 0; index < statements.length; index++) db.exec(statements[index]!);
      index = -1;
      db.exec('COMMIT');
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw engineError(e, index >= 0
        ? { target: this.target, secrets: [], index, statement: statements[index]! }
        : { target: this.target, secrets: [] });
    } finally {
      if (options.foreignKeysOff && fkWasOn) db.pragma('foreign_keys = ON');
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
