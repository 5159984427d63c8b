/**
 * What one fleet worker does to one target: apply (exactly the single-database paths: migrate() with its
 * backup, BEGIN IMMEDIATE, history row and verification; or the direct apply), read its state, check it,
 * or report its status. Tasks and results are plain data, so they cross a worker_threads boundary.
 */
import { createHash } from 'node:crypto';
import { readMigrationDirectory, type MigrationDirectory } from '../migrations/directory.js';
import { replayMigrations, type Replay } from '../db/replay.js';
import { applyMigrations } from '../db/apply-migrations.js';
import { openDatabase } from '../db/open-database.js';
import { readHistory, type HistoryRow } from '../db/history.js';
import { introspect } from '../db/introspect.js';
import { schemaHash } from '../model/canonical.js';
import type { SchemaModel } from '../model/schema-model.js';
import { toLiteformError } from '../errors.js';
import { appliedBy } from './apply-database.js';
import { applyTarget, isEngineTarget, withEngine, type EngineConnection } from './engine-target.js';
import { readEngineLive, statusTarget } from './engine-read.js';
import { migrateTarget } from './migrate-engine.js';
import type { StatusResult } from './status.js';
import { declareAppFunctions, type AppFunction } from '../db/app-functions.js';

export interface TargetSettings {
  readonly busyTimeoutMs: number;
  readonly conn: EngineConnection;
  /** The application's SQL functions from liteform.yaml, registered as stubs in the worker too. */
  readonly functions?: readonly AppFunction[];
}

export type FleetTask =
  | { readonly kind: 'apply-migrations'; readonly db: string; readonly dir: string; readonly backup: { readonly dir: string; readonly keep: number } | null; readonly settings: TargetSettings }
  | { readonly kind: 'apply-direct'; readonly db: string; readonly schema: string; readonly allowDestructive: boolean; readonly settings: TargetSettings }
  | { readonly kind: 'read'; readonly db: string; readonly withModel: boolean; readonly settings: TargetSettings }
  | { readonly kind: 'status'; readonly db: string; readonly dir: string; readonly settings: TargetSettings };

export interface Applied {
  readonly from: string | null;
  readonly to: string | null;
  readonly status: 'applied' | 'up-to-date';
}

export interface TargetRead {
  readonly version: string | null;
  readonly hash: string;
  readonly history?: readonly HistoryRow[];
  readonly model?: SchemaModel;
}

export type TaskValue = Applied | TargetRead | StatusResult;

export type TaskOutcome =
  | { readonly ok: true; readonly value: TaskValue; readonly durationMs: number }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly hint: string | null }; readonly durationMs: number };

/** One directory read and replayed once per worker, not once per target. */
const directories = new Map<string, { directory: MigrationDirectory; replay: Replay | null }>();

function directoryOf(dir: string): { directory: MigrationDirectory; replay: () => Replay } {
  let d = directories.get(dir);
  if (d === undefined) { d = { directory: readMigrationDirectory(dir), replay: null }; directories.set(dir, d); }
  const entry = d;
  return { directory: entry.directory, replay: () => (entry.replay ??= replayMigrations(entry.directory.migrations)) };
}

const shortHash = (model: SchemaModel): string => schemaHash(model).replace(/^sha256:/, '').slice(0, 12);

async function run(task: FleetTask): Promise<TaskValue> {
  const { busyTimeoutMs, conn } = task.settings;
  switch (task.kind) {
    case 'apply-migrations': {
      if (isEngineTarget(task.db)) {
        const r = await migrateTarget({ db: task.db, dir: task.dir, ...conn });
        return { from: r.from, to: r.to, status: r.applied.length > 0 ? 'applied' : 'up-to-date' };
      }
      const { directory, replay } = directoryOf(task.dir);
      const r = await applyMigrations({ db: task.db, directory, replay: replay(), backup: task.backup, busyTimeoutMs, appliedBy: appliedBy() });
      return { from: r.from, to: r.to, status: r.applied.length > 0 ? 'applied' : 'up-to-date' };
    }
    case 'apply-direct': {
      const r = await applyTarget({ db: task.db, schema: task.schema, allowDestructive: task.allowDestructive, busyTimeoutMs, ...conn });
      // Direct mode has no numbered versions: from and to are the schema hashes before and after.
      return { from: shortHash(r.current), to: shortHash(r.desired.model), status: r.status === 'migrated' ? 'applied' : 'up-to-date' };
    }
    case 'read': {
      const read = (history: readonly HistoryRow[], model: SchemaModel): TargetRead => ({
        version: history.at(-1)?.version ?? null, hash: schemaHash(model), ...(task.withModel ? { history, model } : {}),
      });
      if (isEngineTarget(task.db)) return withEngine(task.db, conn, async (engine) => { const live = await readEngineLive(engine); return read(live.history, live.model()); });
      const db = openDatabase(task.db, { readonly: true, busyTimeoutMs });
      try {
        if (task.withModel) return read(readHistory(db), introspect(db));
        // Without the model: a hash of the schema's text, a few times cheaper than introspecting. Targets with
        // equal text share a schema; the caller introspects one per distinct text and merges equal models.
        const text = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();
        return { version: readHistory(db).at(-1)?.version ?? null, hash: `text:${createHash('sha256').update(JSON.stringify(text)).digest('hex')}` };
      } finally {
        db.close();
      }
    }
    case 'status':
      return statusTarget({ db: task.db, dir: task.dir, busyTimeoutMs, ...conn });
  }
}

/** Runs a task; every failure becomes data (code, message, hint), never a throw across the worker boundary. */
export async function runTask(task: FleetTask): Promise<TaskOutcome> {
  const started = performance.now();
  declareAppFunctions(task.settings.functions ?? []);
  try {
    const value = await run(task);
    return { ok: true, value, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const err = toLiteformError(e);
    return { ok: false, error: { code: err.code, message: err.message, hint: err.hint ?? null }, durationMs: Math.round(performance.now() - started) };
  }
}
