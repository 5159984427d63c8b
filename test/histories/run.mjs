// Replays histories and prints a table: node test/histories/run.mjs <historiesDir> [project...] [--cli | --migrations] [--yaml | --inspected-sql] [--hints-always]
import { readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadHistory, replay } from './harness.mjs';

const args = process.argv.slice(2);
const cli = args.includes('--migrations') ? 'migrations' : args.includes('--cli');
const [dir, ...names] = args.filter((a) => !a.startsWith('--'));
const projects = names.length ? names : readdirSync(dir);
const all = {};
for (const p of projects) {
  const workDir = mkdtempSync(join(process.env.HIST_TMP ?? tmpdir(), `hist-${p}-`));
  console.log(`# ${p} (${workDir})`);
  const desiredAs = args.includes('--yaml') ? 'yaml' : args.includes('--inspected-sql') ? 'inspected-sql' : 'sql';
  const results = replay(loadHistory(join(dir, p)), { workDir, cli, desiredAs, hintsAlways: args.includes('--hints-always'), onResult: (r) => {
    if (r.status !== 'ok' && r.status !== 'no-schema-change') console.log(`  ${r.k} ${r.name}: ${r.status} ${r.reason ?? ''}${r.withHint ? `\n     with rename hints: ${r.withHint}` : ''}${r.unwritableHints?.length ? `\n     hints not writable: ${r.unwritableHints.join(', ')}` : ''}`);
    else if (r.needsHint) console.log(`  ${r.k} ${r.name}: ok (needs hint${r.withoutHint ? `; without: ${r.withoutHint.slice(0, 120)}` : ''})${r.hinted ? ` — with rename hints: ${r.hinted}` : ''}`);
    if (r.skippedSeed?.length) console.log(`     unseeded: ${r.skippedSeed.join(' | ').slice(0, 300)}`);
  } });
  all[p] = results;
  const count = (s) => results.filter((r) => r.status === s).length;
  console.log(`  => tried ${count('ok') + count('failed')} ok ${count('ok')} failed ${count('failed')} no-change ${count('no-schema-change')} not-replayed ${count('not-replayed')}`);
}
writeFileSync(join(tmpdir(), 'hist-results.json'), JSON.stringify(all, null, 1));
