// Benchmark (c): cold start of `liteform --help` (a fresh node process each time), against the
// floor of `node -e 0` on the same machine.
import { spawnSync } from 'node:child_process';
import { cliPath, log, median, nowMs, root } from './lib.mjs';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

function spawnMs(args, check) {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = nowMs() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  check?.(r);
  return ms;
}

const checkHelp = (r) => {
  if (!/Usage: liteform/.test(r.stdout)) throw new Error(`--help printed no usage:\n${r.stdout}`);
};

// A module-loader hook that prints every file module `--help` loads (ESM imports and, through
// commander, CommonJS requires), to see what start-up costs beyond node itself.
const listLoads = `data:text/javascript,${encodeURIComponent(`
  import { register } from 'node:module';
  import Module from 'node:module';
  register('data:text/javascript,' + encodeURIComponent('export async function load(u, c, next) { if (u.startsWith("file:")) process._rawDebug("LOADED " + u); return next(u, c); }'));
  const load = Module._load;
  Module._load = function (request, parent, isMain) { const m = load.apply(this, arguments); if (!request.startsWith('node:')) process._rawDebug('LOADED ' + Module._resolveFilename(request, parent, isMain)); return m; };
`)}`;

/** The files `liteform --help` loads, relative to the package (node_modules/… for dependencies). */
export function modulesLoadedByHelp() {
  const r = spawnSync(process.execPath, ['--import', listLoads, cliPath, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`--help with the load hook exited ${r.status}:\n${r.stderr}`);
  const files = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
  return [...new Set(files.map((f) => relative(root, f.startsWith('file:') ? fileURLToPath(f) : f)))];
}

export async function benchCliStart({ runs = 20 } = {}) {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  const help = [];
  const baseline = [];
  // One untimed spawn of each first (the OS file cache, not liteform, decides the very first one),
  // then the two interleaved so machine noise hits both alike.
  spawnMs([cliPath, '--help'], checkHelp);
  spawnMs(['-e', '0']);
  for (let i = 0; i < runs; i++) {
    help.push(spawnMs([cliPath, '--help'], checkHelp));
    baseline.push(spawnMs(['-e', '0']));
  }
  const res = { runs, helpMs: median(help), baselineMs: median(baseline), helpMin: Math.min(...help), baselineMin: Math.min(...baseline) };
  log(`(c) liteform --help: median ${res.helpMs.toFixed(0)} ms (min ${res.helpMin.toFixed(0)}); node -e 0: median ${res.baselineMs.toFixed(0)} ms (min ${res.baselineMin.toFixed(0)})`);
  const loaded = modulesLoadedByHelp();
  log(`(c) --help loads ${loaded.length} files: ${loaded.join(', ')}`);
  return { ...res, loaded };
}
