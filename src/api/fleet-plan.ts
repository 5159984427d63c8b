/**
 * `plan` over a fleet: read every target's version and schema hash (in parallel, read-only), group the
 * targets by hash, and make one plan per distinct starting state. In a migrations workflow the plan of a
 * group is the pending files (and the change they make, planned from the group's schema to the
 * directory's last state); in direct mode it is the desired state planned against the group's schema.
 */
import { readMigrationDirectory } from '../migrations/directory.js';
import { compareHistory } from '../migrations/history-check.js';
import { replayMigrations, stateAfter } from '../db/replay.js';
import { noRenames, type DesiredState, type RenameHints } from '../model/schema-model.js';
import type { Migration } from '../migrations/migration-file.js';
import { loadDesired } from '../schema-file/load-desired.js';
import { groupBySchema, type TargetGroup, type TargetState } from '../fleet/group.js';
import { compatFindings, type CompatFinding } from '../fleet/compat.js';
import type { Plan } from '../plan/plan.js';
import { LiteformError } from '../errors.js';
import { runAll, defaultParallel } from './fleet-pool.js';
import { isEngineTarget } from './engine-target.js';
import type { TargetRead, TargetSettings, TaskOutcome } from './fleet-tasks.js';
import { planSchemas, type PlanResult } from './plan-database.js';
import { schemaDifferences } from './apply-database.js';

export interface FleetPlanOptions {
  readonly targets: readonly string[];
  readonly mode: 'migrations' | 'direct';
  readonly dir?: string | null;
  readonly schema?: string | null;
  readonly parallel?: number;
  readonly settings?: Partial<TargetSettings>;
}

export interface FleetPlanGroup {
  readonly hash: string;
  readonly targets: readonly string[];
  readonly versions: readonly { readonly version: string | null; readonly count: number }[];
  /** How the group's schema differs from what its history says it should be (migrations workflow); empty when it matches. */
  readonly drift: readonly string[];
  /** Problems with the group's history against the directory (checksums, ahead, gaps); empty when it is a prefix. */
  readonly problems: readonly string[];
  /** Pending files (migrations workflow), by file name. */
  readonly pending: readonly string[];
  readonly plan: Plan;
  /** Changes old code cannot live with while the fleet is mid-way (LF5xx). */
  readonly compat: readonly CompatFinding[];
}

export interface FleetPlanResult {
  readonly total: number;
  readonly groups: readonly FleetPlanGroup[];
  readonly failed: readonly { readonly target: string; readonly code: string; readonly message: string }[];
}

export async function planFleet(o: FleetPlanOptions): Promise<FleetPlanResult> {
  if (o.targets.length === 0) throw new LiteformError('LITEFORM_USAGE', 'the fleet has no targets', 'give --db a glob that matches database files, or --targets a file listing them');
  // The desired side first: its errors (a bad schema file, a broken sum) stop the command before any target is read.
  let desired: DesiredState;
  let directory: ReturnType<typeof readMigrationDirectory> | null = null;
  let replay: ReturnType<typeof replayMigrations> | null = null;
  if (o.mode === 'direct') desired = loadDesired(o.schema!);
  else {
    directory = readMigrationDirectory(o.dir!);
    replay = replayMigrations(directory.migrations);
    desired = { model: stateAfter(replay, directory.migrations.length), hints: noRenames, source: o.dir! };
  }
  const settings: TargetSettings = { busyTimeoutMs: o.settings?.busyTimeoutMs ?? 5000, conn: o.settings?.conn ?? {}, functions: o.settings?.functions ?? [] };
  const parallel = o.parallel ?? defaultParallel();
  // A remote target is read with its model the first time (its hash is the model's anyway): opening it a second
  // time would start a second client (a second workerd for D1) while the first may still be closing.
  const outcomes = await runAll(o.targets.map((db) => ({ kind: 'read', db, withModel: isEngineTarget(db), settings })), parallel);
  const states: TargetState[] = outcomes.map((r, i) => r.ok
    ? { kind: 'read', target: o.targets[i]!, version: (r.value as TargetRead).version, hash: (r.value as TargetRead).hash }
    : { kind: 'failed', target: o.targets[i]!, code: r.error.code, message: r.error.message });
  // Grouped by schema text first; one target of each text group is introspected, then groups whose normalised
  // models hash alike (the same schema written differently) are merged.
  const byText = groupBySchema(states);
  const firstRead = new Map(o.targets.map((t, i) => [t, outcomes[i]!]));
  const hasModel = (r: TaskOutcome | undefined): r is TaskOutcome => r !== undefined && r.ok && (r.value as TargetRead).model !== undefined;
  const toRead = byText.filter((g) => !hasModel(firstRead.get(g.targets[0]!)));
  const readNow = await runAll(toRead.map((g) => ({ kind: 'read', db: g.targets[0]!, withModel: true, settings })), parallel);
  const repOf = new Map(toRead.map((g, i) => [g.targets[0]!, readNow[i]!]));
  const grouped = mergeEqualModels(byText, byText.map((g) => repOf.get(g.targets[0]!) ?? firstRead.get(g.targets[0]!)!));
  const reps = grouped.map((g) => g.rep);
  const failed = states.flatMap((s) => (s.kind === 'failed' ? [{ target: s.target, code: s.code, message: s.message }] : []));
  const groups: FleetPlanGroup[] = [];
  grouped.forEach((g, i) => {
    const rep = reps[i]!;
    if (!rep.ok) { for (const t of g.targets) failed.push({ target: t, code: rep.error.code, message: rep.error.message }); return; }
    const read = rep.value as TargetRead;
    let drift: string[] = [];
    let problems: string[] = [];
    let pending: string[] = [];
    let hints = desired.hints;
    if (directory !== null && replay !== null) {
      const state = compareHistory(read.history ?? [], directory.migrations);
      problems = state.problems.map((p) => p.message);
      pending = state.pending.map((m) => m.file);
      if (problems.length === 0) drift = schemaDifferences(read.model!, stateAfter(replay, state.applied.length));
      hints = renameHintsOf(state.pending);
    }
    // The pending files' rename directives make a rename show as one (LF503/LF504), not as a drop and an add.
    const result: PlanResult = planSchemas(read.model!, { ...desired, hints });
    groups.push({ hash: read.hash, targets: g.targets, versions: g.versions, drift, problems, pending, plan: result.plan, compat: compatFindings(result.changes) });
  });
  return { total: o.targets.length, groups, failed };
}

type Rep = TaskOutcome;

/** Text groups merged by the hash of their normalised model (a failed representative keeps its group apart). */
function mergeEqualModels(groups: readonly TargetGroup[], reps: readonly Rep[]): (TargetGroup & { readonly rep: Rep })[] {
  const merged = new Map<string, { targets: string[]; versions: Map<string | null, number>; rep: Rep }>();
  groups.forEach((g, i) => {
    const rep = reps[i]!;
    const key = rep.ok ? (rep.value as TargetRead).hash : g.hash;
    const m = merged.get(key) ?? { targets: [] as string[], versions: new Map<string | null, number>(), rep };
    m.targets.push(...g.targets);
    for (const v of g.versions) m.versions.set(v.version, (m.versions.get(v.version) ?? 0) + v.count);
    merged.set(key, m);
  });
  return [...merged.entries()]
    .map(([hash, m]) => ({ hash, targets: m.targets, versions: [...m.versions.entries()].map(([version, count]) => ({ version, count })), rep: m.rep }))
    .sort((a, b) => b.targets.length - a.targets.length);
}

/** The rename hints recorded in migration file headers, oldest first (a column renamed twice maps to its first name). */
function renameHintsOf(files: readonly Migration[]): RenameHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  for (const m of files) {
    for (const [from, to] of m.header.renamedTables) tables.set(to.toLowerCase(), tables.get(from.toLowerCase()) ?? from);
    for (const [table, from, to] of m.header.renamedColumns) columns.set(`${table}.${to}`.toLowerCase(), columns.get(`${table}.${from}`.toLowerCase()) ?? from);
  }
  return { tables, columns };
}
