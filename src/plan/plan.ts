/** A Plan: the ordered steps that take one schema to another, each tied to the Change it came from. */
import type { Change } from '../diff/change.js';
import type { SchemaWarning } from '../model/schema-model.js';

export type StepKind =
  /** Plain DDL/DML run as-is. */
  | 'sql'
  /** The INSERT … SELECT of a rebuild: rows move inside SQLite. */
  | 'copy'
  /** `PRAGMA foreign_key_check`: the executor fails the plan on any row it returns. */
  | 'foreign-key-check';

export interface Step {
  readonly kind: StepKind;
  readonly sql: string;
  /** Why the statement is there, written as a comment above it. */
  readonly comment: string;
  /** Index into Plan.changes of the change that caused it, or null for procedure steps (e.g. the final FK check). */
  readonly change: number | null;
  /** The user table the step works on, when there is one (for progress and error messages). */
  readonly table?: string;
  /** For 'copy' steps: where rows come from and how each target column is computed (used to explain data failures). */
  readonly copy?: CopyMap;
}

export interface CopyMap {
  readonly source: string;
  readonly target: string;
  readonly columns: readonly { readonly column: string; readonly expr: string }[];
  /** The rowid carried between two rowid tables: read as `from` in the old table, written as `to` in the new one. */
  readonly rowid: { readonly from: string; readonly to: string } | null;
  /** When nothing else is carried: the one new column set per row (as DEFAULT VALUES would), so every row is kept. */
  readonly fill: { readonly column: string; readonly expr: string } | null;
}

export interface Rebuild {
  readonly table: string;
  readonly reasons: readonly string[];
  readonly change: number;
}

export type WarningLevel = 'destructive' | 'data-dependent';

/** A warning about a change (ChangeWarning) or about the desired-state file itself (SchemaFileWarning). */
export type PlanWarning = ChangeWarning | SchemaFileWarning;

export interface ChangeWarning {
  readonly level: WarningLevel;
  /** Stable code, shared with lint. */
  readonly code: string;
  readonly table: string;
  readonly column?: string;
  readonly message: string;
  readonly change: number;
}

/**
 * Something the desired state holds that SQLite accepts but that cannot work as written (a foreign key
 * to a missing table, a view over one). Never blocks a plan: a database may legitimately hold it.
 */
export interface SchemaFileWarning extends SchemaWarning {
  readonly level: 'schema';
}

export interface Plan {
  readonly changes: readonly Change[];
  readonly steps: readonly Step[];
  readonly rebuilds: readonly Rebuild[];
  /** The executor turns FK enforcement off before BEGIN and restores it after COMMIT (a PRAGMA inside a transaction does nothing). */
  readonly foreignKeysOff: boolean;
  readonly warnings: readonly PlanWarning[];
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.changes.length === 0;
}

export function isDestructive(plan: Plan): boolean {
  return plan.warnings.some((w) => w.level === 'destructive');
}
