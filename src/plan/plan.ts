/** A Plan: the ordered steps that take one schema to another, each tied to the Change it came from. */
import type { Change } from '../diff/change.js';
import type { SchemaWarning } from '../model/schema-model.js';

export type StepKind =
  /** Plain DDL/DML run as-is. */
  | 'sql'
  /** The INSERT … SELECT of a rebuild: rows move inside SQLite. */
  | 'copy'
  /** `PRAGMA foreign_key_check`: the executor fails the plan on any row it returns. */
  | 'foreign-key-check'
  /**
   * An in-place edit of a table's stored CREATE TABLE text through `PRAGMA writable_schema`
   * (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): no row is copied. `sql` shows
   * the edit; the executor runs it with the schema_version bump and the integrity check around it.
   * Planned only for engines whose capabilities allow writable_schema, never into migration files.
   */
  | 'schema-edit';

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
  /** For 'schema-edit' steps: what the executor writes. */
  readonly edit?: SchemaEdit;
}

/**
 * A blob no application stores in practice: the DEFAULT a column carries for one statement while the
 * rows that hold no value for it (see SchemaEdit.fills) are found and given the old default.
 */
export const SHORT_ROW_SENTINEL = "x'6c697465666f726d3a73686f72742d726f77'";

export interface SchemaEdit {
  readonly table: string;
  /** The CREATE TABLE text stored once the edit is done. */
  readonly sql: string;
  /**
   * Columns whose DEFAULT changes. A row written before its column was added by ADD COLUMN stores no
   * value for it and reads whatever DEFAULT the schema holds *now*, so changing the text alone would
   * change what such rows read (a rebuild stores the old default in them). The executor first stores
   * the text with SHORT_ROW_SENTINEL as these columns' default (`sentinelSql`), gives the rows that read
   * the sentinel the old default, then stores `sql`. Rows that hold a value are read, never written.
   */
  readonly fills: readonly { readonly column: string; readonly oldDefault: string }[];
  readonly sentinelSql: string | null;
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
  /** Tables changed by editing their stored CREATE TABLE text (no row copied), and why that suffices. */
  readonly schemaEdits?: readonly Rebuild[];
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
