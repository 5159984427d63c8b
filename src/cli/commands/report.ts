/**
 * `liteform report`: the pull-request report over the migration files a branch adds compared with its
 * base (--since REF or --base-dir DIR). Markdown by default (a PR comment); `--format github` adds the
 * findings as annotations and the report as the job summary. Read-only.
 */
import { useSettings } from '../../api/settings.js';
import { join } from 'node:path';
import { prReport } from '../../api/pr-report.js';
import { type SettingFlags } from '../../config/config.js';
import { LiteformError } from '../../errors.js';
import { codes } from '../../lint/finding.js';
import type { Annotation } from '../../render/github.js';
import { renderPrReport } from '../../render/pr-report.js';
import { renderJson } from '../../render/json.js';
import { resolveBase } from '../../vcs/base-migrations.js';
import type { Output } from '../output.js';
import { printGithub, repoPath } from './github-output.js';
import type { BaseFlags } from './workflow.js';

export function runReport(flags: SettingFlags & BaseFlags & { json?: boolean; format?: string }, io: Output): number {
  const s = useSettings(flags);
  const base = resolveBase(s.dir, flags);
  if (base === null) throw new LiteformError('LITEFORM_USAGE', 'report needs the base to compare with', 'give --since <git ref> (e.g. --since origin/main) or --base-dir <the base branch\'s migrations directory>');
  const r = prReport({ dir: s.dir, base, db: s.db, schema: s.schema, busyTimeoutMs: s.busyTimeoutMs, cacheDir: s.cacheDir });
  const errors = r.files.reduce((a, f) => a + f.findings.filter((x) => x.level === 'error').length, 0);
  if (flags.json) {
    io.raw(`${JSON.stringify({ formatVersion: 1, base: r.base, behind: r.behind, uncovered: r.uncovered, database: r.database, files: r.files.map((f) => ({ file: f.file, version: f.version, findings: f.findings, plan: renderJson(f.plan) })) }, null, 2)}\n`);
  } else if (flags.format === 'github') {
    printGithub(io, r.files.flatMap((f) => f.findings.map((x): Annotation => ({
      level: x.level, title: `liteform ${x.code}: ${codes[x.code as keyof typeof codes] ?? 'finding'}`, file: repoPath(join(s.dir, x.file)),
      ...(x.line !== undefined ? { line: x.line } : {}), ...(x.col !== undefined ? { col: x.col } : {}), message: x.message,
    }))), renderPrReport(r));
    io.out(`liteform report: ${r.files.length} new migration file(s) compared with ${r.base}, ${errors} error(s).\n`);
  } else {
    io.source(renderPrReport(r));
  }
  // A report is for reading: findings do not fail it (check and lint are the gates).
  return 0;
}
