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

/** Problems with the sum file, each naming the first file that no longer matches; empty when intact. */
export function verifySum(migrations: readonly Migration[], sumText: string | null): string[] {
  if (sumText === null) {
    return migrations.length === 0 ? [] : [`${sumFileName} is missing — run \`liteform hash\` if the files are as intended`];
  }
  const expected = computeSum(migrations);
  if (expected === sumText) return [];
  const want = new Map(sumText.split('\n').slice(1).filter(Boolean).map((l) => [l.slice(0, l.lastIndexOf(' ')), l]));
  const have = expected.split('\n').slice(1).filter(Boolean);
  // A deleted file breaks the chain of every later line too: name the missing file, not the next one.
  for (const file of want.keys()) {
    if (!have.some((l) => l.startsWith(`${file} `))) return [`file ${file} is listed in ${sumFileName} but missing from the directory — restore it (an applied migration must stay)`];
  }
  for (const line of have) {
    const file = line.slice(0, line.lastIndexOf(' '));
    if (!want.has(file)) return [`file ${file} is not in ${sumFileName} (added after the sum was written) — run \`liteform hash\` if you meant it`];
    if (want.get(file) !== line) return [`file ${file} changed after the sum was written — run \`liteform hash\` if you meant it`];
  }
  return [`${sumFileName} total does not match — run \`liteform hash\` if the files are as intended`];
}
