/**
 * `check` and `status` over a fleet: every target read (in parallel, read-only), one row per target, and a
 * summary of versions and their counts. Check reads all of them before it answers.
 */
import { check as checkDirectory } from './status.js';
import { countVersions } from '../fleet/group.js';
import { LiteformError } from '../errors.js';
import { runAll, defaultParallel } from './fleet-pool.js';
import type { TargetSettings } from './fleet-tasks.js';
import type { StatusResult } from './status.js';

export type FleetRowStatus = 'ok' | 'drifted' | 'failed';

export interface FleetRow {
  readonly target: string;
  readonly status: FleetRowStatus;
  readonly version: string | null;
  readonly pending: number;
  /** Drift and history problems of this target (check), or its drift (status). */
  readonly problems: readonly string[];
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface FleetTableResult {
  /** Problems of the directory (and desired state) itself, shared by every target. */
  readonly problems: readonly string[];
  readonly rows: readonly FleetRow[];
  readonly versions: readonly { readonly version: string | null; readonly count: number }[];
  readonly counts: { readonly ok: number; readonly drifted: number; readonly failed: number };
}

export interface FleetReadOptions {
  readonly targets: readonly string[];
  readonly dir: string;
  readonly schema?: string | null;
  readonly parallel?: number;
  readonly settings?: Partial<TargetSettings>;
}

function summarise(problems: readonly string[], rows: FleetRow[]): FleetTableResult {
  const count = (s: FleetRowStatus): number => rows.filter((r) => r.status === s).length;
  return { problems, rows, versions: countVersions(rows.filter((r) => r.status !== 'failed').map((r) => r.version)), counts: { ok: count('ok'), drifted: count('drifted'), failed: count('failed') } };
}

const settingsOf = (o: FleetReadOptions): TargetSettings => ({ busyTimeoutMs: o.settings?.busyTimeoutMs ?? 5000, conn: o.settings?.conn ?? {}, functions: o.settings?.functions ?? [] });
const none = (o: FleetReadOptions): void => {
  if (o.targets.length === 0) throw new LiteformError('LITEFORM_USAGE', 'the fleet has no targets', 'give --db a glob that matches database files, or --targets a file listing them');
};

export async function checkFleet(o: FleetReadOptions): Promise<FleetTableResult> {
  none(o);
  // The directory and desired state once; each target adds only its own history and drift.
  const shared = checkDirectory({ db: null, dir: o.dir, schema: o.schema ?? null });
  const sharedSet = new Set(shared.problems);
  const settings = settingsOf(o);
  const outcomes = await runAll(o.targets.map((db) => ({ kind: 'status', db, dir: o.dir, settings })), o.parallel ?? defaultParallel());
  const rows = outcomes.map((r, i): FleetRow => {
    const target = o.targets[i]!;
    if (!r.ok) return { target, status: 'failed', version: null, pending: 0, problems: [], error: { code: r.error.code, message: r.error.message } };
    const s = r.value as StatusResult;
    const own = [...s.problems.filter((p) => !sharedSet.has(p)), ...s.drift.map((d) => `database drifted from its migration history: ${d}`)];
    return { target, status: own.length > 0 ? 'drifted' : 'ok', version: s.current, pending: s.pending.length, problems: own, error: null };
  });
  return summarise(shared.problems, rows);
}

export async function statusFleet(o: FleetReadOptions): Promise<FleetTableResult> {
  // The same reads as check; status reports them without judging the fleet by its exit code.
  return checkFleet({ ...o, schema: null });
}
