/** The programmatic API. Everything returns data (the same shapes as `--json`). */
export { planDatabase as plan, planDatabase, planSchemas, type PlanOptions, type PlanResult } from './api/plan-database.js';
export { applyDatabase as apply, applyDatabase, type ApplyOptions, type ApplyResult } from './api/apply-database.js';
export { diffSchemas } from './diff/diff-schemas.js';
export { planChanges } from './plan/plan-changes.js';
export { introspect } from './db/introspect.js';
export { openDatabase } from './db/open-database.js';
export { executePlan } from './db/execute-plan.js';
export { loadDesired } from './schema-file/load-desired.js';
export { loadSqlSchemaText, loadSqlSchemaFile } from './schema-file/sql-file.js';
export { renderSql } from './render/sql.js';
export { renderHuman } from './render/human.js';
export { renderJson, type JsonPlan } from './render/json.js';
export { LiteformError, type ErrorCode } from './errors.js';
export type { Change, TableChange } from './diff/change.js';
export type { Plan, Step, PlanWarning, Rebuild } from './plan/plan.js';
export type * from './model/schema-model.js';
