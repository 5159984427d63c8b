/**
 * plan, apply, check and status over a fleet (`--db` glob, `--targets FILE`, or a liteform.yaml `fleet:`):
 * options → src/api/fleet-* → output and exit code.
 */
import { useSettings } from '../../api/settings.js';
import { existsSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { applyFleet, resumeFleet, type FleetApplyResult, type FleetProgress, type OnError } from '../../api/fleet-apply.js';
import { planFleet, type FleetPlanResult } from '../../api/fleet-plan.js';
import { checkFleet, statusFleet, type FleetTableResult } from '../../api/fleet-check.js';
import type { Settings } from '../../config/config.js';
import { LiteformError } from '../../errors.js';
import type { JournalEntry } from '../../fleet/journal.js';
import { isUrlTarget } from '../../fleet/targets.js';
import { renderHuman } from '../../render/human.js';
import { renderJson } from '../../render/json.js';
import { engineConnection } from './engine-flags.js';
import type { Output } from '../output.js';
import type { FleetFlags } from './fleet-targets.js';

export type { FleetFlags };

export interface FleetApplyFlags extends FleetFlags {
  readonly canary?: string;
  readonly wave?: string;
  readonly onError?: string;
  readonly resume?: string;
  readonly backup?: boolean;
  readonly allowDestructive?: boolean;
}

/** Direct mode as for one database (direct-mode.ts isDirectMode): --schema and no migrations directory chosen or configured. */
function fleetMode(flags: FleetFlags, s: Settings): 'migrations' | 'direct' {
  if (s.schema === null || flags.dir !== undefined) return 'migrations';
  return (flags.schema !== undefined && s.configFile === null) || !existsSync(s.dir) ? 'direct' : 'migrations';
}

function requireDir(s: Settings): string {
  if (!existsSync(s.dir)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${s.dir}: migrations directory not found`, 'pass --dir, or --schema for a direct apply of the desired state');
  return s.dir;
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new LiteformError('LITEFORM_USAGE', `${flag} '${value}' is not a whole number${min > 0 ? ` of at least ${min}` : ''}`, `e.g. ${flag} ${Math.max(min, 4)}`);
  return Number(value);
}

const settingsOf = (flags: FleetFlags, s: Settings) => ({ busyTimeoutMs: s.busyTimeoutMs, conn: engineConnection(flags), functions: s.functions });
const json = (io: Output, value: object): void => io.raw(`${JSON.stringify({ formatVersion: 1, ...value }, null, 2)}\n`);
const firstLine = (text: string): string => text.split('\n')[0]!;
const shownVersion = (v: string | null): string => v ?? '(none)';
/** Targets are kept absolute (a journal resumes from any directory); shown relative to the working directory when inside it. */
const shown = (target: string): string => {
  if (isUrlTarget(target)) return target;
  const rel = relative(process.cwd(), target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : target;
};

export async function runFleetPlan(targets: string[], flags: FleetFlags & { exitCode?: boolean }, io: Output): Promise<number> {
  const s = useSettings(flags);
  const mode = fleetMode(flags, s);
  const r = await planFleet({ targets, mode, ...(mode === 'direct' ? { schema: s.schema } : { dir: requireDir(s) }), ...parallelOf(flags), settings: settingsOf(flags, s) });
  if (flags.json) {
    json(io, { total: r.total, groups: r.groups.map((g) => ({ hash: g.hash, targets: g.targets, versions: g.versions, drift: g.drift, problems: g.problems, pending: g.pending, compat: g.compat, plan: renderJson(g.plan) })), failed: r.failed });
  } else printPlan(r, io);
  if (r.failed.length > 0) return 1;
  return flags.exitCode && r.groups.some((g) => g.plan.changes.length > 0 || g.pending.length > 0) ? 2 : 0;
}

function printPlan(r: FleetPlanResult, io: Output): void {
  io.out(`Fleet: ${r.total} target(s), ${r.groups.length} distinct schema(s)${r.failed.length > 0 ? `, ${io.style.remove(`${r.failed.length} unreadable`)}` : ''}.\n`);
  r.groups.forEach((g, i) => {
    const versions = g.versions.map((v) => `${v.count} at ${shownVersion(v.version)}`).join(', ');
    io.out(`\n${io.style.change(`group ${i + 1}`)}: ${g.targets.length} target(s), ${versions} (schema ${g.hash.replace(/^sha256:/, '').slice(0, 12)})\n`);
    for (const p of g.problems) io.out(`  ${io.style.remove('problem:')} ${p}\n`);
    if (g.drift.length > 0) io.out(`  ${io.style.warn('drifted from history:')}\n${g.drift.map((d) => `    - ${d}\n`).join('')}`);
    if (g.pending.length > 0) io.out(`  pending: ${g.pending.join(', ')}\n`);
    io.out(renderHuman(g.plan, io.style).replace(/^(?=.)/gm, '  '));
    for (const c of g.compat) io.out(`  ${io.style.warn('not backward compatible')} [${c.code}]: ${c.message}\n    ${io.style.dim(c.hint)}\n`);
    const listed = g.targets.slice(0, 20);
    io.out(`  targets: ${listed.map(shown).join(', ')}${g.targets.length > listed.length ? ` … and ${g.targets.length - listed.length} more (--json lists all)` : ''}\n`);
  });
  for (const f of r.failed) io.out(`${io.style.remove('failed')}  ${shown(f.target)}: ${f.code}: ${firstLine(f.message)}\n`);
}

function parallelOf(flags: FleetFlags): { parallel?: number } {
  const n = wholeNumber(flags.parallel, '--parallel', 1);
  return n === undefined ? {} : { parallel: n };
}

function onErrorOf(value: string | undefined): OnError {
  if (value === undefined || value === 'stop' || value === 'continue') return value ?? 'stop';
  throw new LiteformError('LITEFORM_USAGE', `--on-error '${value}' is not stop or continue`, 'stop (the default) ends the run after the targets in flight; continue applies to every target');
}

export async function runFleetApply(targets: string[] | null, flags: FleetApplyFlags, io: Output): Promise<number> {
  const s = useSettings(flags);
  const controller = new AbortController();
  let interrupted = 0;
  const onSigint = (): void => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    controller.abort();
    io.err(`\n${io.errStyle.warn('interrupted')}: finishing the targets in flight (Ctrl-C again to quit at once)…\n`);
  };
  process.on('SIGINT', onSigint);
  const tty = io.errIsTTY && !flags.json && !process.env.CI;
  // Test hooks: stop the process after N journal lines, deterministically (SIGKILL: a crash; SIGINT: Ctrl-C).
  const killAfter = Number(process.env.LITEFORM_TEST_KILL_AFTER ?? 0);
  const interruptAfter = Number(process.env.LITEFORM_TEST_INTERRUPT_AFTER ?? 0);
  let lines = 0;
  const common = {
    ...parallelOf(flags),
    ...(wholeNumber(flags.canary, '--canary', 1) !== undefined ? { canary: wholeNumber(flags.canary, '--canary', 1)! } : {}),
    ...(wholeNumber(flags.wave, '--wave', 1) !== undefined ? { waveSize: wholeNumber(flags.wave, '--wave', 1)! } : {}),
    onError: onErrorOf(flags.onError),
    runsDir: s.runsDir,
    backup: flags.backup === false ? null : { dir: s.backupDir, keep: s.backupKeep },
    allowDestructive: flags.allowDestructive ?? false,
    settings: settingsOf(flags, s),
    signal: controller.signal,
    onStart: (run: { id: string | null; journal: string | null; total: number; skipped: number }) => {
      if (!flags.json) io.err(`run ${run.id}: ${run.total} target(s)${run.skipped > 0 ? `, ${run.skipped} already done` : ''}; journal ${run.journal}\n`);
    },
    onTarget: (entry: JournalEntry, p: FleetProgress) => {
      lines++;
      if (!flags.json) {
        // On a terminal: failures stay on screen above the live line; successes only move the counters.
        if (tty && entry.status === 'failed') { io.progress(targetLine(entry, io)); io.err('\n'); }
        if (tty) io.progress(progressLine(p));
        else io.out(`${targetLine(entry, io)}\n`);
      }
      if (killAfter > 0 && lines === killAfter) process.kill(process.pid, 'SIGKILL');
      if (interruptAfter > 0 && lines === interruptAfter) process.kill(process.pid, 'SIGINT');
    },
  };
  let r: FleetApplyResult;
  try {
    if (flags.resume !== undefined) r = await resumeFleet(flags.resume, common);
    else {
      const mode = fleetMode(flags, s);
      r = await applyFleet({ targets: targets ?? [], mode, ...(mode === 'direct' ? { schema: s.schema } : { dir: requireDir(s) }), ...common });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (tty) io.err('\n');
  if (flags.json) json(io, { runId: r.runId, journal: r.journal, stopped: r.stopped, counts: r.counts, durationMs: r.durationMs, targets: r.entries, notAttempted: r.notAttempted, skipped: r.skipped });
  else {
    const c = r.counts;
    io.out(`${c.applied} applied, ${c.upToDate} up to date, ${c.failed} failed${c.notAttempted > 0 ? `, ${c.notAttempted} not attempted` : ''}${c.skipped > 0 ? `, ${c.skipped} done earlier` : ''} in ${(r.durationMs / 1000).toFixed(1)} s.\n`);
    const why = { canary: 'a canary target failed', error: 'a target failed (--on-error stop)', interrupted: 'interrupted' } as const;
    if (r.stopped !== null) io.out(`${io.style.warn('stopped')}: ${why[r.stopped]}.\n`);
    if ((c.failed > 0 || c.notAttempted > 0) && r.runId) io.out(`Resume with: liteform apply --resume ${r.runId}\n`);
  }
  if (r.stopped === 'interrupted') return 130;
  return r.counts.failed > 0 || r.counts.notAttempted > 0 ? 1 : 0;
}

function targetLine(e: JournalEntry, io: Output): string {
  switch (e.status) {
    case 'applied': return `${io.style.add('applied   ')} ${shown(e.target)} ${shownVersion(e.from)} → ${shownVersion(e.to)} (${e.durationMs} ms)`;
    case 'up-to-date': return `${io.style.dim('up-to-date')} ${shown(e.target)} at ${shownVersion(e.to)}`;
    case 'failed': return `${io.style.remove('failed    ')} ${shown(e.target)}: ${e.error?.code}: ${firstLine(e.error?.message ?? '')}`;
  }
}

function progressLine(p: FleetProgress): string {
  const rate = p.elapsedMs > 0 ? p.done / (p.elapsedMs / 1000) : 0;
  const eta = rate > 0 ? Math.round(p.remaining / rate) : 0;
  return `done ${p.done}/${p.total}  failed ${p.failed}  remaining ${p.remaining}  ${rate.toFixed(1)}/s  ETA ${eta} s`;
}

export async function runFleetTable(command: 'check' | 'status', targets: string[], flags: FleetFlags, io: Output): Promise<number> {
  const s = useSettings(flags);
  const o = { targets, dir: s.dir, schema: command === 'check' ? s.schema : null, ...parallelOf(flags), settings: settingsOf(flags, s) };
  const r = command === 'check' ? await checkFleet(o) : await statusFleet(o);
  if (flags.json) json(io, { ok: r.problems.length === 0 && r.counts.drifted === 0 && r.counts.failed === 0, ...r });
  else printTable(r, io);
  if (r.counts.failed > 0) return 1;
  if (command === 'check' && (r.counts.drifted > 0 || r.problems.length > 0)) return 2;
  return 0;
}

function printTable(r: FleetTableResult, io: Output): void {
  for (const p of r.problems) io.out(`${io.style.remove('problem')}  ${p}\n`);
  for (const row of r.rows) {
    if (row.status === 'drifted') io.out(`${io.style.warn('drifted')}  ${shown(row.target)} at ${shownVersion(row.version)}: ${firstLine(row.problems[0] ?? '')}${row.problems.length > 1 ? ` (+${row.problems.length - 1} more)` : ''}\n`);
    if (row.status === 'failed') io.out(`${io.style.remove('failed ')}  ${shown(row.target)}: ${row.error?.code}: ${firstLine(row.error?.message ?? '')}\n`);
  }
  const pending = r.rows.filter((x) => x.pending > 0).length;
  io.out(`${r.rows.length} target(s): ${r.counts.ok} ok, ${r.counts.drifted} drifted, ${r.counts.failed} failed${pending > 0 ? `; ${pending} with pending files` : ''}.\n`);
  io.out(`versions: ${r.versions.map((v) => `${shownVersion(v.version)} × ${v.count}`).join(', ') || '(none)'}\n`);
}
