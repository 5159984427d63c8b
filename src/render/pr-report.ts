/**
 * The pull-request report as Markdown: one section per migration file the branch adds, in version
 * order, with the plan, rebuilds and why, findings with their codes (and rows a database would break),
 * and the file folded in a <details> block. Deterministic — no time, no absolute paths — so a bot can
 * edit one comment in place and a push that changes nothing changes no byte.
 */
import type { Finding } from '../lint/finding.js';
import { codes } from '../lint/finding.js';
import type { Plan } from '../plan/plan.js';
import { renderHuman } from './human.js';
import { countChanges } from './summary.js';

export interface PrReportView {
  readonly base: string;
  readonly files: readonly { readonly file: string; readonly plan: Plan; readonly findings: readonly Finding[]; readonly content: string }[];
  readonly behind: readonly string[];
  readonly uncovered: readonly string[];
  readonly database: { readonly checked: boolean; readonly failure: string | null };
}

/** A code fence longer than any run of backticks in the text, so a file cannot close it early. */
function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.trimEnd()}\n${fence}`;
}

const oneLine = (s: string): string => s.replace(/\r?\n/g, ' ');
const cell = (s: string): string => oneLine(s).replace(/\|/g, '\\|');

function kindOf(code: string): string {
  if (code.startsWith('LF1')) return 'Destructive';
  if (code.startsWith('LF2')) return 'Data-dependent';
  return 'Hand edit';
}

function counts(plan: Plan): string {
  const n = countChanges(plan);
  return `${n.add} to add, ${n.change} to change, ${n.destroy} to destroy`;
}

function findingLine(f: Finding): string {
  const where = f.line !== undefined ? ` line ${f.line}` : '';
  const title = codes[f.code as keyof typeof codes] ?? 'finding';
  return `> **${kindOf(f.code)}** — ${f.code} ${title}${where}: ${oneLine(f.message)}`;
}

export function renderPrReport(r: PrReportView): string {
  const out: string[] = [];
  const n = r.files.length;
  out.push(`### liteform: ${n === 0 ? 'no new migration files' : `${n} new migration file${n === 1 ? '' : 's'}`} (compared with \`${r.base}\`)`, '');
  if (r.behind.length > 0) out.push(`> [!NOTE]\n> This branch lacks ${r.behind.length} migration file(s) of \`${r.base}\` (${r.behind.map((f) => `\`${f}\``).join(', ')}): merge the base, then \`liteform plan --rebase --since ${r.base}\` if the versions clash.`, '');
  if (r.uncovered.length > 0) {
    out.push('> [!WARNING]', '> The desired state has changes no migration covers — run `liteform plan`:');
    for (const u of r.uncovered) out.push(`> - ${oneLine(u)}`);
    out.push('');
  }
  if (n === 0) return `${out.join('\n').trimEnd()}\n`;
  const errors = r.files.reduce((a, f) => a + f.findings.filter((x) => x.level === 'error').length, 0);
  const warnings = r.files.reduce((a, f) => a + f.findings.filter((x) => x.level === 'warning').length, 0);
  out.push(`${errors === 0 && warnings === 0 ? '✅' : errors > 0 ? '❌' : '⚠️'} ${errors} error(s), ${warnings} warning(s)${r.database.checked ? ', rows counted on the database' : ''}.`, '');
  out.push('| file | changes | rebuilds | findings |', '|---|---|---|---|');
  for (const f of r.files) {
    const fs = f.findings.length === 0 ? '✅ none' : f.findings.map((x) => `${x.level === 'error' ? '❌' : '⚠️'} ${x.code}`).join(' ');
    out.push(`| \`${cell(f.file)}\` | ${counts(f.plan)} | ${f.plan.rebuilds.length} | ${fs} |`);
  }
  out.push('');
  if (r.database.failure !== null) out.push('> [!CAUTION]', `> Run on a copy of the database, the files fail: ${r.database.failure.replace(/\s*\n\s*/g, ' — ')}`, '');
  for (const f of r.files) {
    out.push(`#### \`${f.file}\``, '');
    const errs = f.findings.filter((x) => x.level === 'error');
    const warns = f.findings.filter((x) => x.level === 'warning');
    if (errs.length > 0) out.push('> [!CAUTION]', ...errs.map(findingLine).join('\n>\n').split('\n'), '');
    if (warns.length > 0) out.push('> [!WARNING]', ...warns.map(findingLine).join('\n>\n').split('\n'), '');
    if (f.plan.rebuilds.length > 0) {
      out.push('**Rebuilds** (the table is recreated and its rows copied):');
      for (const rb of f.plan.rebuilds) out.push(`- \`${rb.table}\`: ${rb.reasons.map(oneLine).join('; ')}`);
      out.push('');
    }
    out.push(fenced(renderHuman(f.plan), 'text'), '');
    const lines = f.content.trimEnd().split('\n').length;
    out.push(`<details><summary>SQL: <code>${f.file}</code> (${lines} line${lines === 1 ? '' : 's'})</summary>`, '', fenced(f.content, 'sql'), '', '</details>', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
