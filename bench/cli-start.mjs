// Benchmark (c): cold start of `liteform --help` (a fresh node process each time), against the
// floor of `node -e 0` on the same machine; and the fixed cost every real command pays: `apply` with
// nothing pending and `status`, on a small database in a `liteform init` project (liteform.yaml read).
import { spawnSync } from 'node:child_process';
import { cliPath, log, makeTempDir, median, nowMs, removeDir, root } from './lib.mjs';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

function spawnMs(args, check, cwd) {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: benchEnv, ...(cwd !== undefined ? { cwd } : {}) });
  const ms = nowMs() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  check?.(r);
  return ms;
}

// LITEFORM_* settings from the caller's shell would point the project commands elsewhere.
const benchEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LITEFORM_'))), NO_COLOR: '1' };

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

/** A `liteform init` project with its first migration applied: the database is small and up to date. */
function smallProject() {
  const dir = makeTempDir('liteform-bench-start-');
  for (const args of [['init'], ['plan', 'init'], ['apply', '--create', '--no-backup']]) spawnMs([cliPath, ...args], undefined, dir);
  return dir;
}

const checkApply = (r) => {
  if (!/Already up to date/.test(r.stdout)) throw new Error(`apply had something to do:\n${r.stdout}`);
};
const checkStatus = (r) => {
  if (!/pending:\s+none/.test(r.stdout) || !/matches history/.test(r.stdout)) throw new Error(`status is not clean:\n${r.stdout}`);
};

export async function benchCliStart({ runs = 20 } = {}) {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  const project = smallProject();
  try {
    const spawns = {
      help: () => spawnMs([cliPath, '--help'], checkHelp),
      baseline: () => spawnMs(['-e', '0']),
      apply: () => spawnMs([cliPath, 'apply'], checkApply, project),
      status: () => spawnMs([cliPath, 'status'], checkStatus, project),
    };
    const times = Object.fromEntries(Object.keys(spawns).map((k) => [k, []]));
    // One untimed spawn of each first (the OS file cache, not liteform, decides the very first one),
    // then all interleaved so machine noise hits them alike.
    for (const spawn of Object.values(spawns)) spawn();
    for (let i = 0; i < runs; i++) for (const [k, spawn] of Object.entries(spawns)) times[k].push(spawn());
    const res = {
      runs,
      helpMs: median(times.help), baselineMs: median(times.baseline), helpMin: Math.min(...times.help), baselineMin: Math.min(...times.baseline),
      applyMs: median(times.apply), statusMs: median(times.status),
    };
    res.applyRatio = res.applyMs / res.baselineMs;
    res.statusRatio = res.statusMs / res.baselineMs;
    log(`(c) liteform --help: median ${res.helpMs.toFixed(0)} ms (min ${res.helpMin.toFixed(0)}); node -e 0: median ${res.baselineMs.toFixed(0)} ms (min ${res.baselineMin.toFixed(0)})`);
    log(`(c) apply, nothing pending: median ${res.applyMs.toFixed(0)} ms (${res.applyRatio.toFixed(2)}× node -e 0); status: median ${res.statusMs.toFixed(0)} ms (${res.statusRatio.toFixed(2)}×)`);
    const loaded = modulesLoadedByHelp();
    log(`(c) --help loads ${loaded.length} files: ${loaded.join(', ')}`);
    return { ...res, loaded };
  } finally {
    removeDir(project);
  }
}
