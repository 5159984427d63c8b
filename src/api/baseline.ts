/** `liteform baseline VERSION`: record an existing database as being at VERSION, after checking its schema is the one the directory produces there. */
import { readMigrationDirectory, assertSumIntact } from '../migrations/directory.js';
import { assertHistoryConsistent, compareHistory } from '../migrations/history-check.js';
import { openDatabase } from '../db/open-database.js';
import { readHistory, recordMigration } from '../db/history.js';
import { introspect } from '../db/introspect.js';
import { replayMigrations, stateAfter } from '../db/replay.js';
import { LiteformError } from '../errors.js';
import { appliedBy, schemaDifferences } from './apply-database.js';

export interface BaselineResult {
  readonly version: string;
  readonly recorded: readonly string[];
}

export function baseline(o: { db: string; dir: string; version: string; busyTimeoutMs?: number }): BaselineResult {
  const directory = readMigrationDirectory(o.dir);
  assertSumIntact(directory);
  const index = directory.migrations.findIndex((m) => Number(m.version) === Number(o.version));
  if (index < 0) throw new LiteformError('LITEFORM_USAGE', `baseline ${o.version}: no such version in ${o.dir}`, `known versions: ${directory.migrations.map((m) => m.version).join(', ') || '(none)'}`);
  const replay = replayMigrations(directory.migrations);
  const db = openDatabase(o.db, { busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const state = compareHistory(readHistory(db), directory.migrations);
      assertHistoryConsistent(state);
      const differences = schemaDifferences(introspect(db), stateAfter(replay, index + 1));
      if (differences.length > 0) {
        throw new LiteformError('LITEFORM_DRIFT', `the database schema is not the one ${directory.migrations[index]!.file} leaves:\n${differences.map((d) => `  - ${d}`).join('\n')}`, 'baseline at the version that matches, or bring the database in line first');
      }
      const recorded: string[] = [];
      const done = new Set(state.applied.map((m) => m.version));
      for (const m of directory.migrations.slice(0, index + 1)) {
        if (done.has(m.version)) continue;
        recordMigration(db, { version: m.version, name: m.name, checksum: m.checksum, applied_at: new Date().toISOString(), applied_by: `baseline by ${appliedBy()}`, duration_ms: 0, statements: 0 });
        recorded.push(m.version);
      }
      db.exec('COMMIT');
      return { version: directory.migrations[index]!.version, recorded };
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.close();
  }
}
