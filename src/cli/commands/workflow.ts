/** status, history, check, down, baseline, hash, restore, init: the versioned-migrations commands. */
import { useSettings } from '../../api/settings.js';
import { join } from 'node:path';
import { engineConnection, type EngineFlags } from './engine-flags.js';
import { renderSchemaWarnings } from '../../render/schema-warnings.js';
import { requireSetting, type SettingFlags } from '../../config/config.js';
import { writeSum } from '../../migrations/directory.js';
import { renderHuman } from '../../render/human.js';
import { renderJson } from '../../render/json.js';
import type { Output } from '../output.js';
import { fleetTargets, type FleetFlags } from './fleet-targets.js';
import { renderCheckMarkdown, renderLintMarkdown } from '../../render/report-markdown.js';
import type { Annotation } from '../../render/github.js';
import { codes } from '../../lint/finding.js';
import { printGithub, repoPath } from './github-output.js';

// Each command loads its use case when it runs: status, check, down, lint and restore each reach a
// different part of src/api, and one static import of all of them made every command load all of them.

/** --since REF / --base-dir DIR: the pull request's base, to compare this branch's migrations with. */
export interface BaseFlags { readonly since?: string; readonly baseDir?: string }

interface JsonFlag { readonly json?: boolean }
const json = (io: Output, value: unknown): void => io.raw(`${JSON.stringify({ formatVersion: 1, ...(value as object) }, null, 2)}\n`);

export async function runStatus(flags: SettingFlags & JsonFlag & EngineFlags & FleetFlags, io: Output): Promise<number> {
  const fleet = fleetTargets(flags);
  if (fleet !== null) return (await import('./fleet.js')).runFleetTable('status', fleet, flags, io);
  const s = useSettings(flags);
  const { statusTarget } = await import('../../api/engine-read.js');
  const r = await statusTarget({ db: requireSetting(s.db, 'database', '--db'), dir: s.dir, busyTimeoutMs: s.busyTimeoutMs, cacheDir: s.cacheDir, ...engineConnection(flags) });
  if (flags.json) { json(io, r); return 0; }
  io.out(`database:  ${s.db}\nversion:   ${r.current ?? '(none applied)'}\n`);
  io.out(`pending:   ${r.pending.length === 0 ? 'none' : ''}\n`);
  for (const p of r.pending) io.out(`  ${p.file}\n`);
  for (const p of r.problems) io.out(`${io.style.remove('problem:')} ${p}\n`);
  if (r.problems.length === 0) io.out(r.drift.length === 0 ? `schema:    ${io.style.add('matches history')}\n` : `schema:    ${io.style.warn('drifted from history')}\n${r.drift.map((d) => `  - ${d}\n`).join('')}`);
  return 0;
}

export async function runHistory(flags: SettingFlags & JsonFlag & EngineFlags, io: Output): Promise<number> {
  const s = useSettings(flags);
  const { historyTarget } = await import('../../api/engine-read.js');
  const rows = await historyTarget({ db: requireSetting(s.db, 'database', '--db'), busyTimeoutMs: s.busyTimeoutMs, ...engineConnection(flags) });
  if (flags.json) { json(io, { applied: rows }); return 0; }
  if (rows.length === 0) { io.out('No migrations applied.\n'); return 0; }
  io.out('version  name                          applied_at                applied_by            ms  checksum\n');
  for (const r of rows) io.out(`${r.version.padEnd(8)} ${r.name.padEnd(29)} ${r.applied_at.padEnd(25)} ${r.applied_by.padEnd(20)} ${String(r.duration_ms).padStart(4)}  ${r.checksum.slice(0, 12)}\n`);
  return 0;
}

export async function runCheck(flags: SettingFlags & JsonFlag & EngineFlags & FleetFlags & BaseFlags & { format?: string }, io: Output): Promise<number> {
  const fleet = fleetTargets(flags);
  if (fleet !== null) return (await import('./fleet.js')).runFleetTable('check', fleet, flags, io);
  const s = useSettings(flags);
  const [{ resolveBase }, { checkTarget }] = await Promise.all([import('../../vcs/base-migrations.js'), import('../../api/engine-read.js')]);
  const base = resolveBase(s.dir, flags);
  const r = await checkTarget({ db: s.db, dir: s.dir, schema: s.schema, busyTimeoutMs: s.busyTimeoutMs, base, cacheDir: s.cacheDir, ...engineConnection(flags) });
  if (!flags.json && flags.format !== 'github') io.err(renderSchemaWarnings(r.warnings, io.errStyle));
  if (flags.json) json(io, { ok: r.problems.length === 0, ...r });
  else if (flags.format === 'markdown') io.out(renderCheckMarkdown(r));
  else if (flags.format === 'github') {
    const annotations: Annotation[] = [
      ...r.issues.map((i): Annotation => ({ level: 'error', title: `liteform check: ${i.kind} (${i.code})`, message: i.message, ...(i.file !== undefined ? { file: repoPath(i.file), ...(i.line !== undefined ? { line: i.line } : {}) } : {}) })),
      ...r.warnings.map((w): Annotation => ({ level: 'warning', title: `liteform ${w.code}`, file: repoPath(w.file), line: w.line, col: w.col, message: w.message.replace(/^[^\n]*?:\d+:\d+: /, '') })),
    ];
    printGithub(io, annotations, renderCheckMarkdown(r));
    io.out(r.problems.length === 0 ? `liteform check: ok, migrations, ${r.checkedDatabase ? 'database and ' : ''}desired state agree.\n` : `liteform check: ${r.problems.length} problem(s).\n`);
  }
  else if (r.problems.length === 0) io.out(`${io.style.add('ok')}: migrations, ${r.checkedDatabase ? 'database and ' : ''}desired state agree.\n`);
  else for (const p of r.problems) io.out(`${p}\n`);
  return r.problems.length === 0 ? 0 : 2;
}

export async function runDown(flags: SettingFlags & JsonFlag & EngineFlags & { to?: string; allowDestructive?: boolean; dryRun?: boolean }, io: Output): Promise<number> {
  const s = useSettings(flags);
  const { downTarget } = await import('../../api/engine-down.js');
  const r = await downTarget({ db: requireSetting(s.db, 'database', '--db'), dir: s.dir, ...(flags.to !== undefined ? { to: flags.to } : {}), allowDestructive: flags.allowDestructive ?? false, dryRun: flags.dryRun ?? false, busyTimeoutMs: s.busyTimeoutMs, cacheDir: s.cacheDir, ...engineConnection(flags) });
  if (flags.json) { json(io, { current: r.current, reverted: r.reverted.map((x) => ({ version: x.version, name: x.name, plan: renderJson(x.plan) })) }); return 0; }
  if (r.reverted.length === 0) { io.out('Nothing to revert.\n'); return 0; }
  for (const x of r.reverted) {
    io.out(`${flags.dryRun ? 'would revert' : io.style.change('reverted')} ${x.version}_${x.name}\n`);
    io.out(renderHuman(x.plan, io.style).replace(/^/gm, '  '));
  }
  io.out(`Database at version ${r.current ?? '(none)'}.\n`);
  return 0;
}

export async function runBaseline(version: string, flags: SettingFlags & JsonFlag & EngineFlags, io: Output): Promise<number> {
  const s = useSettings(flags);
  const { baselineTarget } = await import('../../api/engine-down.js');
  const r = await baselineTarget({ db: requireSetting(s.db, 'database', '--db'), dir: s.dir, version, busyTimeoutMs: s.busyTimeoutMs, ...engineConnection(flags) });
  if (flags.json) json(io, r);
  else io.out(`Recorded the database as at version ${r.version} (${r.recorded.length} version(s) marked applied).\n`);
  return 0;
}

export function runHash(flags: SettingFlags & JsonFlag, io: Output): number {
  const s = useSettings(flags);
  const text = writeSum(s.dir);
  if (flags.json) json(io, { file: join(s.dir, 'liteform.sum'), sum: text.split('\n')[0] });
  else io.out(`Wrote ${join(s.dir, 'liteform.sum')}.\n`);
  return 0;
}

export async function runRestore(backup: string | undefined, flags: SettingFlags & JsonFlag & EngineFlags, io: Output): Promise<number> {
  const s = useSettings(flags);
  const db = requireSetting(s.db, 'database', '--db');
  const { restoreTarget } = await import('../../api/engine-restore.js');
  const r = await restoreTarget({ db, backupDir: s.backupDir, ...(backup !== undefined ? { backup } : {}), ...engineConnection(flags) });
  if (flags.json) json(io, { restored: r.restored, db });
  else io.out(`Restored ${db} from ${r.restored}.\n`);
  return 0;
}

export async function runInit(flags: JsonFlag, io: Output): Promise<number> {
  const { init } = await import('../../api/init.js');
  const r = init(process.cwd());
  if (flags.json) { json(io, r); return 0; }
  for (const f of r.created) io.out(`${io.style.add('created')} ${f}\n`);
  for (const f of r.skipped) io.out(`${io.style.dim('exists ')} ${f}\n`);
  io.out('Next: edit schema/app.yaml, then `liteform plan init`.\n');
  return 0;
}

export async function runLint(flags: SettingFlags & JsonFlag & EngineFlags & { format?: string }, io: Output): Promise<number> {
  const s = useSettings(flags);
  const { lintTarget } = await import('../../api/engine-lint.js');
  const r = await lintTarget({ dir: s.dir, db: s.db, busyTimeoutMs: s.busyTimeoutMs, cacheDir: s.cacheDir, ...engineConnection(flags) });
  if (flags.json) json(io, r);
  else if (flags.format === 'github') {
    printGithub(io, r.findings.map((f): Annotation => ({
      level: f.level, title: `liteform ${f.code}: ${codes[f.code as keyof typeof codes] ?? 'finding'}`, file: repoPath(join(s.dir, f.file)),
      ...(f.line !== undefined ? { line: f.line } : {}), ...(f.col !== undefined ? { col: f.col } : {}), message: f.message,
    })), renderLintMarkdown(r));
    io.out(`liteform lint: ${r.errors} error(s), ${r.findings.length - r.errors} warning(s) in ${r.files.length} pending file(s).\n`);
  }
  else if (r.findings.length === 0) io.out(`${io.style.add('ok')}: ${r.files.length} pending file(s), no findings.\n`);
  else {
    for (const f of r.findings) io.out(`${f.level === 'error' ? io.style.remove('error') : io.style.warn('warning')} ${f.code} ${f.file}: ${f.message}\n`);
    io.out(`${r.errors} error(s), ${r.findings.length - r.errors} warning(s). Silence one with a \`-- liteform:nolint CODE\` comment in the file.\n`);
  }
  return r.errors > 0 ? 2 : 0;
}
