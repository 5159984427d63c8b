// Child process for benchmark (a)'s memory measurement: runs one rebuild on an already-seeded
// database file and prints the peak RSS before and after, as JSON on stdout.
//
//   node bench/rss-child.mjs <liteform|handwritten> <db file> <desired.sql>
//
// A fresh process per measurement: maxRSS is a high-water mark, so one process can measure one run.
import { importDist } from './lib.mjs';
import { handwrittenRebuild } from './handwritten.mjs';

const [mode, db, schema] = process.argv.slice(2);
if (!mode || !db || !schema) {
  process.stderr.write('usage: node bench/rss-child.mjs <liteform|handwritten> <db> <desired.sql>\n');
  process.exit(2);
}

// Load everything the run needs first, so the baseline includes code and the native addon.
const { default: Database } = await import('better-sqlite3');
const { applyDatabase } = await importDist('api/apply-database.js');

const baselineKB = process.resourceUsage().maxRSS;
if (mode === 'liteform') {
  const r = applyDatabase({ db, schema, allowDestructive: true });
  if (r.status !== 'migrated') throw new Error(`expected a migration, got ${r.status}`);
} else if (mode === 'handwritten') {
  handwrittenRebuild(Database, db);
} else {
  throw new Error(`unknown mode ${mode}`);
}
const peakKB = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify({ mode, baselineKB, peakKB, growthKB: peakKB - baselineKB })}\n`);
