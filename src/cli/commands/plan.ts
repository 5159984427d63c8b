/**
 * `liteform plan`. With a migrations directory: desired state vs the directory replayed in memory,
 * writing the next file (unless --dry-run). With --db and --schema and no directory: the plan against
 * the live database. Never writes to a database.
 */
import { engineConnection, type EngineFlags } from './engine-flags.js';
import { generateMigration } from '../../api/generate-migration.js';
import { requireSetting, type SettingFlags } from '../../config/config.js';
import { useSettings } from '../../api/settings.js';
import type { Plan } from '../../plan/plan.js';
import { renderHuman } from '../../render/human.js';
import { renderSql } from '../../render/sql.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderSchemaWarnings } from '../../render/schema-warnings.js';
import type { Output } from '../output.js';
import { fleetTargets, type FleetFlags } from './fleet-targets.js';
import { isDirectMode } from './direct-mode.js';
import { basename, join, relative } from 'node:path';
import { changePlaces } from '../../api/statement-lines.js';
import type { Annotation } from '../../render/github.js';
import { summaryLine } from '../../render/summary.js';
import { printGithub, repoPath } from './github-output.js';
import { LiteformError } from '../../errors.js';

export interface PlanFlags extends SettingFlags, EngineFlags {
  readonly sql?: boolean;
  readonly json?: boolean;
  readonly create?: boolean;
  readonly exitCode?: boolean;
  readonly dryRun?: boolean;
  readonly format?: string;
  readonly rebase?: boolean;
  readonly since?: string;
  readonly baseDir?: string;
  readonly for?: 'liteform' | 'wrangler-d1';
  /** --no-schema-edits: false. */
  readonly schemaEdits?: boolean;
}

/** Annotations for the plan's warnings: on the statement of the written file, or on the desired-state file in direct mode. */
function printGithubPlan(plan: Plan, io: Output, file: string | null, content: string | null, schema: string | undefined): void {
  const place = content !== null ? changePlaces(plan, content) : null;
  const annotations = plan.warnings.map((w): Annotation => {
    if (w.level === 'schema') return { level: 'warning', title: `liteform ${w.code}`, file: repoPath(w.file), line: w.line, col: w.col, message: w.message.replace(/^[^\n]*?:\d+:\d+: /, '') };
    const at = file !== null && place !== null ? { file: repoPath(file), ...place(w.change) } : schema !== undefined ? { file: repoPath(schema) } : {};
    return { level: w.level === 'destructive' ? 'error' : 'warning', title: `liteform ${w.code}: ${w.level}`, ...at, message: w.message };
  });
  printGithub(io, annotations, renderMarkdown(plan, file !== null ? `liteform plan: \`${basename(file)}\`` : 'liteform plan'));
  io.out(`liteform plan: ${summaryLine(plan)}${file !== null ? ` (${basename(file)})` : ''}\n`);
}

function print(plan: Plan, flags: PlanFlags, io: Output, extra: Record<string, unknown> = {}, content: string | null = null): void {
  if (flags.format === 'github' && !flags.json) {
    printGithubPlan(plan, io, typeof extra.file === 'string' ? extra.file : null, content, flags.schema);
    return;
  }
  if (!flags.json) io.err(renderSchemaWarnings(plan.warnings, io.errStyle));
  if (flags.json) io.raw(`${JSON.stringify({ ...renderJson(plan), ...extra }, null, 2)}\n`);
  else if (flags.sql) io.source(renderSql(plan));
  else if (flags.format === 'markdown') io.out(renderMarkdown(plan, typeof extra.file === 'string' ? `liteform plan: \`${extra.file.split('/').pop()}\`` : 'liteform plan'));
  else {
    io.out(renderHuman(plan, io.style));
    if (plan.steps.length > 0) io.out(`\n${io.style.dim('SQL:')}\n${renderSql(plan)}`);
  }
}

/** plan --rebase: this branch's new files renumbered after the base's, headers and sum rewritten. */
async function runRebase(flags: PlanFlags, io: Output): Promise<number> {
  const s = useSettings(flags);
  const [{ resolveBase }, { rebaseMigrations }] = await Promise.all([import('../../vcs/base-migrations.js'), import('../../api/rebase.js')]);
  const base = resolveBase(s.dir, flags);
  if (base === null) throw new LiteformError('LITEFORM_USAGE', '--rebase needs the base to renumber on top of', 'give --since <git ref> (e.g. --since origin/main) or --base-dir <the base branch\'s migrations directory>');
  const r = rebaseMigrations({ dir: s.dir, base, dryRun: flags.dryRun ?? false });
  const dir = relative(process.cwd(), s.dir) || '.';
  if (flags.json) { io.raw(`${JSON.stringify({ formatVersion: 1, ...r }, null, 2)}\n`); return 0; }
  if (r.renamed.length === 0) io.out(`This branch's migrations already follow ${r.base}'s.${r.written ? ` Rewrote ${join(dir, 'liteform.sum')}.` : ''}\n`);
  else {
    io.out(`${flags.dryRun ? 'Would renumber' : 'Renumbered'} on top of ${r.base}:\n`);
    for (const x of r.renamed) io.out(`  ${x.from} → ${x.to}\n`);
    io.out(flags.dryRun ? `${io.style.dim('(dry run: nothing written)')}\n` : `Rewrote their headers and ${join(dir, 'liteform.sum')}. Review, then commit (\`git add ${dir}\`).\n`);
  }
  return 0;
}

export async function runPlan(name: string | undefined, flags: PlanFlags & FleetFlags, io: Output): Promise<number> {
  if (flags.rebase) return runRebase(flags, io);
  const fleet = fleetTargets(flags);
  if (fleet !== null) return (await import('./fleet.js')).runFleetPlan(fleet, flags, io);
  if (isDirectMode(flags)) {
    if (flags.for !== undefined && flags.for !== 'liteform') {
      throw new LiteformError('LITEFORM_USAGE', `--for ${flags.for} writes a migration file, and direct mode (--db with --schema, no --dir) writes none`, 'give --dir migrations (the directory wrangler reads) to write the file');
    }
    // Direct mode and --rebase load their modules when taken (engine-target.ts reaches every engine; git for the base).
    const { planTarget } = await import('../../api/engine-target.js');
    const { plan } = await planTarget({ db: flags.db!, schema: flags.schema!, create: flags.create ?? false, busyTimeoutMs: useSettings(flags).busyTimeoutMs, cacheDir: useSettings(flags).cacheDir, ...engineConnection(flags), schemaEdits: flags.schemaEdits !== false });
    print(plan, flags, io);
    return flags.exitCode && plan.changes.length > 0 ? 2 : 0;
  }
  const s = useSettings(flags);
  const r = generateMigration({ schema: requireSetting(s.schema, 'schema file', '--schema'), dir: s.dir, cacheDir: s.cacheDir, ...(name !== undefined ? { name } : {}), dryRun: flags.dryRun ?? false, ...(flags.for !== undefined ? { for: flags.for } : {}) });
  print(r.plan, flags, io, { file: r.file, version: r.version, written: r.file !== null && !flags.dryRun }, r.content);
  if (!flags.json && !flags.sql && flags.format !== 'markdown' && flags.format !== 'github' && r.file !== null) {
    io.out(flags.dryRun ? `\n${io.style.dim(`(dry run: ${r.file} not written)`)}\n` : `\n${io.style.add('Wrote')} ${r.file}\nReview it, commit it, then run \`liteform apply\` (\`--create\` the first time, while there is no database yet).\n`);
  }
  return flags.exitCode && r.changes.length > 0 ? 2 : 0;
}
