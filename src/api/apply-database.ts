/** apply: migrate a live database to a desired-state file, in one transaction, recorded in history. */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { diffSchemas } from '../diff/diff-schemas.js';
import type { SchemaModel } from '../model/schema-model.js';
import { noRenames } from '../model/schema-model.js';
import { openDatabase } from '../db/open-database.js';
import { introspect } from '../db/introspect.js';
import { nextVersion } from '../db/history.js';
import { objectNames } from '../db/object-names.js';
import { planAndExecute, type CopyProgress } from '../db/execute-plan.js';

export type { CopyProgress };
import { fileCapabilities } from '../db/engines/file.js';
import type { Plan, Step } from '../plan/plan.js';
import { renderSql } from '../render/sql.js';
import { loadDesiredWithCache } from './desired-with-cache.js';
import { planSchemas, type PlanResult } from './plan-database.js';
import { describeChange } from './describe-change.js';
import { changedSchemaDifferences, readSchemaBefore, type SchemaBefore } from './changed-schema-differences.js';
import { appliedBy } from './applied-by.js';
import type { MissingParentRows } from '../db/foreign-key-check.js';
export type { MissingParentRows };

export interface ApplyOptions {
  readonly db: string;
  readonly schema: string;
  /** Where a large `.sql` desired state's table models are kept between runs (src/db/desired-cache.ts); none: built every time. */
  readonly cacheDir?: string;
  readonly allowDestructive?: boolean;
  /** Create the database file when it does not exist. */
  readonly create?: boolean;
  readonly busyTimeoutMs?: number;
  readonly onStep?: (step: Step, index: number) => void;
  /** Rows copied so far by a rebuild (see ExecuteOptions.onProgress). */
  readonly onProgress?: (progress: CopyProgress) => void;
  /**
   * Change a table by editing its stored CREATE TABLE text where SQLite documents that as safe (drop
   * NOT NULL / CHECK / FOREIGN KEY, change a DEFAULT): no row copied. Default: on, as the file
   * engine's capabilities allow writable_schema; false forces the rebuild.
   */
  readonly schemaEdits?: boolean;
  /** After an in-place edit, also run `PRAGMA integrity_check` of the table (the docs' optional last step; reads every row). */
  readonly integrityCheck?: boolean;
}

export interface ApplyResult extends PlanResult {
  readonly status: 'up-to-date' | 'migrated';
  readonly version: string | null;
  readonly checksum: string | null;
  readonly durationMs: number;
  /** Foreign keys that name a table the database does not have, and their rows (reported, never refused). */
  readonly missingParents?: readonly MissingParentRows[];
}

export { appliedBy };

/** A sortable version for a declarative apply: UTC timestamp to the millisecond. */
export function timestampVersion(d: Date): string {
  return d.toISOString().replace(/[-:T.Z]/g, '');
}

/** Problems when the live schema differs from the desired model (empty when they agree). */
export function schemaDifferences(live: SchemaModel, desired: SchemaModel): string[] {
  return diffSchemas(live, desired, noRenames).map(describeChange);
}

export function applyDatabase(options: ApplyOptions): ApplyResult {
  const desired = loadDesiredWithCache(options.schema, options.cacheDir);
  const db = openDatabase(options.db, { create: options.create ?? false, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  try {
    const checksumOf = (plan: Plan): string => createHash('sha256').update(renderSql(plan)).digest('hex');
    // Introspect and plan under the write lock: a concurrent apply that got the lock first is seen here.
    const made: PlanResult[] = [];
    let before: SchemaBefore | null = null;
    let version = '';
    const { result: exec } = planAndExecute(db, (d) => {
      const current = introspect(d);
      made.push(planSchemas(current, desired, objectNames(d), { schemaEdits: (options.schemaEdits ?? true) && fileCapabilities.writableSchema }));
      if (made.at(-1)!.changes.length === 0) return null;
      before = readSchemaBefore(d, current);
      return made.at(-1)!.plan;
    }, {
      allowDestructive: options.allowDestructive ?? false,
      integrityCheck: options.integrityCheck ?? false,
      record: (plan, d) => {
        version = nextVersion(d, timestampVersion(new Date()));
        return { version, name: `apply ${basename(options.schema)}`, checksum: checksumOf(plan), appliedBy: appliedBy() };
      },
      // What the statements changed is read again; the rest is what the plan was made from.
      verify: (d) => changedSchemaDifferences(d, before!, made.at(-1)!.changes, desired.model),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const result = made.at(-1)!;
    if (exec === null) return { ...result, status: 'up-to-date', version: null, checksum: null, durationMs: 0 };
    return { ...result, status: 'migrated', version, checksum: checksumOf(result.plan), durationMs: exec.durationMs, missingParents: exec.missingParents };
  } finally {
    db.close();
  }
}
