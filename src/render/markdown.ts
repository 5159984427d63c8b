/** A compact Markdown report for a pull-request comment: summary table, destructive warnings first, SQL folded. */
import type { Plan } from '../plan/plan.js';
import { renderHuman } from './human.js';
import { renderSql } from './sql.js';
import { countChanges } from './summary.js';
import { objectName } from './json.js';
import { actionOf } from './summary.js';

const icon = { add: '➕', change: '🔧', destroy: '🗑️' } as const;

export function renderMarkdown(plan: Plan, title = 'liteform plan'): string {
  if (plan.changes.length === 0) return `### ${title}\n\nNo changes. ✅\n`;
  const n = countChanges(plan);
  const out: string[] = [`### ${title}`, ''];
  const destructive = plan.warnings.filter((w) => w.level === 'destructive');
  const data = plan.warnings.filter((w) => w.level === 'data-dependent');
  for (const w of destructive) out.push(`> [!CAUTION]\n> **Destructive** (${w.code}): ${w.message}`, '');
  for (const w of data) out.push(`> [!WARNING]\n> **Data-dependent** (${w.code}): ${w.message}`, '');
  out.push(`**${n.add} to add, ${n.change} to change${n.rebuild > 0 ? ` (${n.rebuild} rebuild${n.rebuild === 1 ? '' : 's'})` : ''}, ${n.destroy} to destroy**`, '');
  out.push('| | object | change | how |', '|---|---|---|---|');
  plan.changes.forEach((c, i) => {
    const rb = plan.rebuilds.find((r) => r.change === i);
    const how = rb ? `rebuild: ${rb.reasons.join('; ')}` : c.kind === 'ModifyTable' ? 'in place' : '';
    out.push(`| ${icon[actionOf(c)]} | \`${objectName(c)}\` | ${c.kind} | ${how.replace(/\|/g, '\\|')} |`);
  });
  out.push('', '<details><summary>Plan</summary>', '', '```', renderHuman(plan).trimEnd(), '```', '', '</details>', '');
  out.push('<details><summary>SQL</summary>', '', '```sql', renderSql(plan).trimEnd(), '```', '', '</details>', '');
  return out.join('\n');
}
