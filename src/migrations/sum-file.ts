/**
 * `liteform.sum`: a chained sha256 over the migration files (Atlas's atlas.sum is the model). Each
 * line covers its file and every earlier one; the first line is the total. Two branches that add
 * the same version conflict in git on this file; an edited file breaks its line and all later ones.
 */
import { createHash } from 'node:crypto';
import type { Migration } from './migration-file.js';

export const sumFileName = 'liteform.sum';

export function computeSum(migrations: readonly Migration[]): string {
  let chain = '';
  const lines: string[] = [];
  for (const m of migrations) {
    chain = createHash('sha256').update(chain).update('\0').update(m.file).update('\0').update(m.checksum).digest('hex');
    lines.push(`${m.file} h1:${chain}`);
  }
  const total = createHash('sha256').update(lines.join('\n')).digest('hex');
  return `h1:${total}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`;
}

/** A problem with the sum file: the migration file it is about (a name in the directory) and the sum's line, when known. */
export interface SumIssue {
  readonly message: string;
  readonly file: string | null;
  /** 1-based line of liteform.sum the problem is on. */
  readonly sumLine: number | null;
}

export const rebaseHint = 'renumber this branch\'s new files on top of the base: `liteform plan --rebase --since <base branch>` (e.g. origin/main), then commit';

/** Problems with the sum file, each naming the first file that no longer matches; empty when intact. */
export function verifySum(migrations: readonly Migration[], sumText: string | null): string[] {
  return sumIssues(migrations, sumText).map((i) => i.message);
}

export function sumIssues(migrations: readonly Migration[], sumText: string | null): SumIssue[] {
  if (sumText === null) {
    return migrations.length === 0 ? [] : [{ message: `${sumFileName} is missing — run \`liteform hash\` if the files are as intended`, file: null, sumLine: null }];
  }
  const expected = computeSum(migrations);
  if (expected === sumText) return [];
  const sumLines = sumText.split('\n');
  // A merge of two branches that both added migrations leaves git's markers in the sum: say so, and how to fix it.
  const marker = sumLines.findIndex((l) => /^(<{7}|={7}|>{7})( |$)/.test(l));
  if (marker >= 0) {
    return [{ message: `${sumFileName} has git merge conflict markers: two branches added migrations — ${rebaseHint}`, file: null, sumLine: marker + 1 }];
  }
  const want = new Map(sumLines.slice(1).filter(Boolean).map((l) => [l.slice(0, l.lastIndexOf(' ')), l]));
  const lineOf = (file: string): number | null => { const i = sumLines.findIndex((l) => l.startsWith(`${file} `)); return i < 0 ? null : i + 1; };
  const have = expected.split('\n').slice(1).filter(Boolean);
  // A deleted file breaks the chain of every later line too: name the missing file, not the next one.
  for (const file of want.keys()) {
    if (!have.some((l) => l.startsWith(`${file} `))) return [{ message: `file ${file} is listed in ${sumFileName} but missing from the directory — restore it (an applied migration must stay)`, file: null, sumLine: lineOf(file) }];
  }
  for (const line of have) {
    const file = line.slice(0, line.lastIndexOf(' '));
    if (!want.has(file)) return [{ message: `file ${file} is not in ${sumFileName} (added after the sum was written) — run \`liteform hash\` if you meant it`, file, sumLine: null }];
    if (want.get(file) !== line) return [{ message: `file ${file} changed after the sum was written — run \`liteform hash\` if you meant it`, file, sumLine: lineOf(file) }];
  }
  return [{ message: `${sumFileName} total does not match — run \`liteform hash\` if the files are as intended`, file: null, sumLine: 1 }];
}
