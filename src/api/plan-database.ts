/** plan: desired-state file + live database → Plan. Never writes to the database. */
import type { Change } from '../diff/change.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import type { DesiredState, SchemaModel } from '../model/schema-model.js';
import { emptySchema } from '../model/schema-model.js';
import { planChanges, type PlanContext } from '../plan/plan-changes.js';
import type { Plan } from '../plan/plan.js';
import { loadDesiredWithCache } from './desired-with-cache.js';
import { openDatabase } from '../db/open-database.js';
import { introspect } from '../db/introspect.js';
import { objectNames } from '../db/object-names.js';
import { existsSync } from 'node:fs';
import { fileCapabilities } from '../db/engines/file.js';

export interface PlanOptions {
  /** Path of the SQLite database file. */
  readonly db: string;
  /** Path of the desired-state file (.yaml/.yml or .sql). */
  readonly schema: string;
  /** Plan against an empty schema when the database file does not exist yet. */
  readonly create?: boolean;
  /** How long to wait for another process's lock, in ms. */
  readonly busyTimeoutMs?: number;
  /** Preview in-place schema edits where `apply` makes them (default: on, as apply's default on a local file). */
  readonly schemaEdits?: boolean;
  /** Where a large `.sql` desired state's table models are kept between runs (`.liteform/cache/`; src/db/desired-cache.ts); none: built every time. */
  readonly cacheDir?: string;
}

export interface PlanResult {
  readonly current: SchemaModel;
  readonly desired: DesiredState;
  readonly changes: readonly Change[];
  readonly plan: Plan;
}

/** `namesInDatabase`: every object name of the database the plan will run on (see PlanContext), when there is one. */
/** `context.schemaEdits`: in-place schema edits where they suffice (only for a plan run directly on an engine that allows them). */
export function planSchemas(current: SchemaModel, desired: DesiredState, namesInDatabase?: Iterable<string>, context: Pick<PlanContext, 'schemaEdits'> = {}): PlanResult {
  const changes = diffSchemas(current, desired.model, desired.hints);
  return { current, desired, changes, plan: withSchemaWarnings(planChanges(changes, current, desired.model, { ...(namesInDatabase ? { namesInDatabase } : {}), ...context }), desired.warnings) };
}

/** The desired-state file's own warnings join the plan's, so every output that shows a plan shows them. */
export function withSchemaWarnings(plan: Plan, warnings: DesiredState['warnings']): Plan {
  if (warnings === undefined || warnings.length === 0) return plan;
  const known = new Set(plan.warnings.map((w) => w.message));
  const added = warnings.filter((w) => !known.has(w.message)).map((w) => ({ level: 'schema' as const, ...w }));
  return { ...plan, warnings: [...added, ...plan.warnings] };
}

export function planDatabase(options: PlanOptions): PlanResult {
  const desired = loadDesiredWithCache(options.schema, options.cacheDir);
  if (options.create && !existsSync(options.db)) return planSchemas(emptySchema, desired);
  const db = openDatabase(options.db, { readonly: true, create: options.create ?? false, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  try {
    return planSchemas(introspect(db), desired, objectNames(db), { schemaEdits: (options.schemaEdits ?? true) && fileCapabilities.writableSchema });
  } finally {
    db.close();
  }
}
