/**
 * `apply` over a fleet: every target exactly as a single apply does it (migrate()'s backup, BEGIN IMMEDIATE,
 * history row and verification; or the direct apply), `parallel` at a time in worker threads, a canary wave
 * first, then the rest in waves. Each finished target is one fsync'd journal line, so an interrupted run
 * resumes where the journal says (done targets skipped, failed ones retried).
 */
import { join } from 'node:path';
import { LiteformError } from '../errors.js';
import { JournalWriter, journalPath, lastStatus, newRunId, readJournal, remainingTargets, type JournalEntry, type JournalHeader } from '../fleet/journal.js';
import { planWaves } from '../fleet/waves.js';
import { FleetPool, defaultParallel } from './fleet-pool.js';
import type { Applied, FleetTask, TargetSettings } from './fleet-tasks.js';

export type OnError = 'stop' | 'continue';

export interface FleetApplyOptions {
  readonly targets: readonly string[];
  /** 'migrations': pending files from `dir`; 'direct': the desired state in `schema`. */
  readonly mode: 'migrations' | 'direct';
  readonly dir?: string | null;
  readonly schema?: string | null;
  readonly parallel?: number;
  /** Apply to this many targets first; any failure among them stops the run. */
  readonly canary?: number;
  /** After the canary, targets go in waves of this size (0: one wave); with on-error stop, a wave with a failure ends the run. */
  readonly waveSize?: number;
  readonly onError?: OnError;
  /** Where journals go (`.liteform/runs`); null: no journal (the library's migrateFleet default). */
  readonly runsDir?: string | null;
  readonly backup?: { readonly dir: string; readonly keep: number } | null;
  readonly allowDestructive?: boolean;
  readonly settings?: Partial<TargetSettings>;
  /** Stops dispatching new targets; the ones in flight finish and are journaled. */
  readonly signal?: AbortSignal;
  /** After each target's journal line is written. */
  readonly onTarget?: (entry: JournalEntry, progress: FleetProgress) => void;
  readonly onStart?: (run: { readonly id: string | null; readonly journal: string | null; readonly total: number; readonly skipped: number }) => void;
}

export interface FleetProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly remaining: number;
  readonly elapsedMs: number;
}

export type StopReason = 'canary' | 'error' | 'interrupted';

export interface FleetApplyResult {
  readonly runId: string | null;
  readonly journal: string | null;
  /** This run's targets (a resumed run: only those it attempted), in finishing order. */
  readonly entries: readonly JournalEntry[];
  /** Targets a resumed run skipped because an earlier attempt finished them. */
  readonly skipped: readonly string[];
  /** Targets never attempted because the run stopped. */
  readonly notAttempted: readonly string[];
  readonly stopped: StopReason | null;
  readonly counts: { readonly applied: number; readonly upToDate: number; readonly failed: number; readonly notAttempted: number; readonly skipped: number };
  readonly durationMs: number;
}

function taskFor(o: FleetApplyOptions | (JournalHeader & FleetApplyOptions), db: string, settings: TargetSettings): FleetTask {
  if (o.mode === 'direct') {
    if (!o.schema) throw new LiteformError('LITEFORM_USAGE', 'a direct fleet apply needs the desired-state file', 'pass --schema, or a migrations directory with --dir');
    return { kind: 'apply-direct', db, schema: o.schema, allowDestructive: o.allowDestructive ?? false, settings };
  }
  if (!o.dir) throw new LiteformError('LITEFORM_USAGE', 'a fleet apply needs the migrations directory', 'pass --dir, or --schema for direct mode');
  return { kind: 'apply-migrations', db, dir: o.dir, backup: o.backup === undefined ? { dir: '.liteform/backups', keep: 5 } : o.backup, settings };
}

/** Starts a new run over `o.targets`. */
export function applyFleet(o: FleetApplyOptions): Promise<FleetApplyResult> {
  if (o.targets.length === 0) throw new LiteformError('LITEFORM_USAGE', 'the fleet has no targets', 'give --db a glob that matches database files, or --targets a file listing them');
  const id = o.runsDir ? newRunId() : null;
  const header: JournalHeader = { kind: 'run', id: id ?? '', startedAt: new Date().toISOString(), mode: o.mode, dir: o.dir ?? null, schema: o.schema ?? null, targets: [...o.targets] };
  let writer: JournalWriter | null = null;
  if (o.runsDir && id) {
    writer = new JournalWriter(journalPath(o.runsDir, id));
    writer.append(header);
  }
  return execute(o, [...o.targets], [], writer, id);
}

/** Resumes run `id` from its journal in `runsDir`: the header's mode, directory or schema, and targets. */
export function resumeFleet(id: string, o: Omit<FleetApplyOptions, 'targets' | 'mode' | 'dir' | 'schema'> & { readonly runsDir: string }): Promise<FleetApplyResult> {
  const path = journalPath(o.runsDir, id);
  const j = readJournal(path);
  const todo = remainingTargets(j);
  const last = lastStatus(j.entries);
  const skipped = j.header.targets.filter((t) => { const s = last.get(t)?.status; return s === 'applied' || s === 'up-to-date'; });
  const options: FleetApplyOptions = { ...o, targets: j.header.targets, mode: j.header.mode, dir: j.header.dir, schema: j.header.schema };
  return execute(options, todo, skipped, new JournalWriter(path), id);
}

async function execute(o: FleetApplyOptions, todo: string[], skipped: string[], writer: JournalWriter | null, id: string | null): Promise<FleetApplyResult> {
  const settings: TargetSettings = { busyTimeoutMs: o.settings?.busyTimeoutMs ?? 5000, conn: o.settings?.conn ?? {}, functions: o.settings?.functions ?? [] };
  const tasks = new Map(todo.map((t) => [t, taskFor(o, t, settings)]));
  const started = performance.now();
  const entries: JournalEntry[] = [];
  const attempted = new Set<string>();
  let failed = 0;
  let stopped: StopReason | null = null;
  o.onStart?.({ id, journal: writer?.path ?? null, total: todo.length, skipped: skipped.length });
  const pool = new FleetPool(Math.min(o.parallel ?? defaultParallel(), Math.max(1, todo.length)));
  try {
    const waves = planWaves(todo, o.canary ?? 0, o.waveSize ?? 0);
    for (const [w, wave] of waves.entries()) {
      const canaryWave = (o.canary ?? 0) > 0 && w === 0;
      let waveFailed = false;
      const stopping = (): boolean => o.signal?.aborted === true || (waveFailed && (canaryWave || (o.onError ?? 'stop') === 'stop'));
      // Targets are handed out one by one as slots free up, so a stop leaves only the in-flight ones to finish.
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < wave.length && !stopping()) {
          const target = wave[next++]!;
          attempted.add(target);
          const outcome = await pool.run(tasks.get(target)!);
          const value = outcome.ok ? (outcome.value as Applied) : null;
          const entry: JournalEntry = {
            kind: 'target', target,
            from: value?.from ?? null, to: value?.to ?? null,
            status: value?.status ?? 'failed',
            error: outcome.ok ? null : { code: outcome.error.code, message: outcome.error.message },
            durationMs: outcome.durationMs, at: new Date().toISOString(),
          };
          writer?.append(entry);
          entries.push(entry);
          if (!outcome.ok) { failed++; waveFailed = true; }
          o.onTarget?.(entry, { total: todo.length, done: entries.length, failed, remaining: todo.length - entries.length, elapsedMs: performance.now() - started });
        }
      };
      await Promise.all(Array.from({ length: Math.min(o.parallel ?? defaultParallel(), wave.length) }, lane));
      if (o.signal?.aborted) { stopped = 'interrupted'; break; }
      if (waveFailed && canaryWave) { stopped = 'canary'; break; }
      if (waveFailed && (o.onError ?? 'stop') === 'stop') { stopped = 'error'; break; }
    }
  } finally {
    await pool.close();
    writer?.close();
  }
  const notAttempted = todo.filter((t) => !attempted.has(t));
  const count = (s: JournalEntry['status']): number => entries.filter((e) => e.status === s).length;
  return {
    runId: id, journal: writer?.path ?? null, entries, skipped, notAttempted, stopped,
    counts: { applied: count('applied'), upToDate: count('up-to-date'), failed: count('failed'), notAttempted: notAttempted.length, skipped: skipped.length },
    durationMs: Math.round(performance.now() - started),
  };
}

/** `.liteform/runs` beside the config file (or in the working directory). */
export function runsDirOf(base: string): string {
  return join(base, '.liteform', 'runs');
}
