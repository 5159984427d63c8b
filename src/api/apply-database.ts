/** apply: migrate a live database to a desired-state file, in one transaction, recorded in history. */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { diffSchemas } from '../diff/diff-schemas.js';
import type { SchemaModel } from '../model/schema-model.js';
import { noRenames } from '../model/schema-model.js';
import { openDatabase } from '../db/open-database.js';
import { introspect } from '../db/introspect.js';
import { executePlan } from '../db/execute-plan.js';
import type { Step } from '../plan/plan.js';
import { renderSql } from '../render/sql.js';
import { loadDesired } from '../schema-file/load-desired.js';
import { planSchemas, type PlanResult } from './plan-database.js';
import { describeChange } from './describe-change.js';

export interface ApplyOptions {
  readonly db: string;
  readonly schema: string;
  readonly allowDestructive?: boolean;
  /** Create the database file when it does not exist. */
  readonly create?: boolean;
  readonly busyTimeoutMs?: number;
  readonly onStep?: (step: Step, index: number) => void;
}

export interface ApplyResult extends PlanResult {
  readonly status: 'up-to-date' | 'migrated';
  readonly version: string | null;
  readonly checksum: string | null;
  readonly durationMs: number;
}

export function appliedBy(): string {
  try {
    return `${userInfo().username}@liteform`;
  } catch {
    return 'unknown@liteform';
  }
}

/** A sortable version for a declarative apply: UTC timestamp to the millisecond. */
function timestampVersion(d: Date): string {
  return d.toISOString().replace(/[-:T.Z]/g, '');
}

/** Problems when the live schema differs from the desired model (empty when they agree). */
export function schemaDifferences(live: SchemaModel, desired: SchemaModel): string[] {
  return diffSchemas(live, desired, noRenames).map(describeChange);
}

export function applyDatabase(options: ApplyOptions): ApplyResult {
  const desired = loadDesired(options.schema);
  const db = openDatabase(options.db, { create: options.create ?? false, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  try {
    const result = planSchemas(introspect(db), desired);
    if (result.changes.length === 0) return { ...result, status: 'up-to-date', version: null, checksum: null, durationMs: 0 };
    const sql = renderSql(result.plan);
    const checksum = createHash('sha256').update(sql).digest('hex');
    const version = timestampVersion(new Date());
    const exec = executePlan(db, result.plan, {
      allowDestructive: options.allowDestructive ?? false,
      record: { version, name: `apply ${basename(options.schema)}`, checksum, appliedBy: appliedBy() },
      verify: (d) => schemaDifferences(introspect(d), desired.model),
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    return { ...result, status: 'migrated', version, checksum, durationMs: exec.durationMs };
  } finally {
    db.close();
  }
}
