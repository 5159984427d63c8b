/** `liteform diff A B`: the plan from A to B and a unified diff of their canonical schema text. */
import { createRequire } from 'node:module';
import { canonicalSchema } from '../model/canonical.js';
import { planSchemas, withSchemaWarnings, type PlanResult } from './plan-database.js';
import { loadSource, type LoadedSource } from './load-source.js';

/**
 * The unified-diff printer, loaded only when two sources differ: a static import of `diff` cost every
 * command 20 ms at start-up (status and lint reach this module too). Its own entry point loads
 * 4 files instead of the package's 19; CommonJS, so `require` loads it without an ESM wrapper.
 */
function unifiedDiff(a: string, b: string, left: string, right: string): string {
  const { createTwoFilesPatch } = createRequire(import.meta.url)('diff/lib/patch/create.js') as typeof import('diff/lib/patch/create.js');
  return createTwoFilesPatch(a, b, left, right, '', '', { context: 3 });
}

export interface DiffResult extends PlanResult {
  readonly from: LoadedSource;
  readonly to: LoadedSource;
  /** Unified diff of the canonical schema text; '' when they are the same. */
  readonly unified: string;
}

export function diffSources(a: string, b: string, options: { busyTimeoutMs?: number; cacheDir?: string } = {}): DiffResult {
  return diffLoaded(a, b, loadSource(a, options), loadSource(b, options));
}

/** The diff of two sources already loaded (`a`, `b` name them in the unified diff). */
export function diffLoaded(a: string, b: string, from: LoadedSource, to: LoadedSource): DiffResult {
  const planned = planSchemas(from.model, to);
  // Both sides may be .sql files: what either holds is worth saying.
  const result = { ...planned, plan: withSchemaWarnings(planned.plan, from.warnings) };
  const left = canonicalSchema(from.model);
  const right = canonicalSchema(to.model);
  const unified = left === right ? '' : unifiedDiff(a, b, left, right);
  return { ...result, from, to, unified };
}
