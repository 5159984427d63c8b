// Shared helpers for the liteform benchmarks: paths, fixtures, timing, statistics, the table.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const root = join(benchDir, '..');
export const distDir = join(root, 'dist');
export const cliPath = join(distDir, 'cli', 'main.js');

/** Imports a module of the built package (dist/…), with a clear message when it has not been built. */
export async function importDist(rel) {
  const file = join(distDir, rel);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (or \`npx tsc -p .\`) first`);
  return import(pathToFileURL(file).href);
}

/**
 * The performance scenario 21-perf-rebuild-200k: from the shared cases next to the clone when present
 * (LITEFORM_SHARED_CASES overrides, as in test/helpers/cases.mjs), else the copy in bench/fixtures.
 */
export function rebuildScenario() {
  const shared = join(process.env.LITEFORM_SHARED_CASES ?? join(root, '..', 'shared', 'cases'), '21-perf-rebuild-200k');
  const embedded = join(benchDir, 'fixtures', 'perf-rebuild-200k');
  const files = ['current.sql', 'seed-data.sql', 'desired.sql'];
  const dir = files.every((f) => existsSync(join(shared, f))) ? shared : embedded;
  const read = (f) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    origin: dir === shared ? 'shared' : 'embedded',
    current: read('current.sql'),
    seed: read('seed-data.sql'),
    desired: read('desired.sql'),
    desiredPath: join(dir, 'desired.sql'),
  };
}

/** The scenario's seed script with its row count changed (the script counts to 200000 in a recursive CTE). */
export function seedFor(seed, rows) {
  if (rows === 200_000) return seed;
  const re = /\b200000\b/;
  if (!re.test(seed)) throw new Error('seed-data.sql no longer generates its rows with "... < 200000": update bench/lib.mjs seedFor()');
  return seed.replace(re, String(rows));
}

/** Creates and seeds `path` with the scenario's current schema and `rows` rows. */
export function buildSeeded(Database, scenario, path, rows) {
  const db = new Database(path);
  try {
    db.exec(scenario.current);
    db.exec(seedFor(scenario.seed, rows));
    const n = db.prepare('SELECT count(*) AS n FROM logs').get().n;
    if (n !== rows) throw new Error(`seeding produced ${n} rows, expected ${rows}`);
  } finally {
    db.close();
  }
}

export function makeTempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs fn once and returns [result, elapsed ms]. */
export function timed(fn) {
  const t0 = nowMs();
  const r = fn();
  return [r, nowMs() - t0];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
export const fmtMB = (kb) => `${(kb / 1024).toFixed(1)} MB`;

/** A markdown table, columns padded for the terminal. */
export function markdownTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function log(msg) {
  process.stderr.write(`${msg}\n`);
}
