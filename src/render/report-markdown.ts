/** Markdown for `check` and `lint` (a job summary or a PR comment): what is wrong, where, with codes. */
import type { Finding } from '../lint/finding.js';

interface CheckReport { readonly problems: readonly string[] }
interface LintReport { readonly files: readonly string[]; readonly findings: readonly Finding[]; readonly errors: number }

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderCheckMarkdown(r: CheckReport): string {
  if (r.problems.length === 0) return '### liteform check\n\n✅ Migrations, database and desired state agree.\n';
  return `### liteform check\n\n❌ ${r.problems.length} problem(s):\n\n${r.problems.map((p) => `- ${p}`).join('\n')}\n`;
}

export function renderLintMarkdown(r: LintReport): string {
  if (r.findings.length === 0) return `### liteform lint\n\n✅ ${r.files.length} pending file(s), no findings.\n`;
  const out = ['### liteform lint', '', `${r.errors} error(s), ${r.findings.length - r.errors} warning(s) in ${r.files.length} pending file(s).`, '', '| | code | where | finding |', '|---|---|---|---|'];
  for (const f of r.findings) out.push(`| ${f.level === 'error' ? '❌' : '⚠️'} | ${f.code} | \`${f.file}${f.line !== undefined ? `:${f.line}` : ''}\` | ${cell(f.message)} |`);
  return `${out.join('\n')}\n`;
}
