// Benchmark (b): `plan` on a generated 1,000-table schema with indexes and foreign keys.
// desired.sql: 1,000 tables of 6 columns, 1–2 indexes each, an FK to an earlier table.
// The live database is the same schema with 10% of the tables one column different:
// a third miss their last column (in-place ADD COLUMN), a third hold an extra column (in-place
// DROP COLUMN) and a third declare a column with another type (full rebuild, ordered by FKs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';

const name = (i) => `t${String(i).padStart(4, '0')}`;

/** How live table i differs from desired table i: null for the 90% that are identical. */
function variantOf(i) {
  if (i % 10 !== 3) return null;
  return ['missing-column', 'extra-column', 'type-change'][Math.floor(i / 10) % 3];
}

/** CREATE statements for the schema; `live` applies the per-table variants. */
export function generateSchema(tables, { live = false } = {}) {
  const out = [];
  for (let i = 0; i < tables; i++) {
    const t = name(i);
    const v = live ? variantOf(i) : null;
    // Parent: one of the 50 tables before it (deterministic), so the FK graph has depth and fan-out.
    const parent = i === 0 ? null : name(i - 1 - ((i * 37) % Math.min(i, 50)));
    const cols = [
      '  id INTEGER PRIMARY KEY',
      `  name TEXT NOT NULL${i % 4 === 0 ? ' COLLATE NOCASE' : ''}`,
      "  created_at INTEGER NOT NULL DEFAULT (strftime('%s','now'))",
      `  score ${v === 'type-change' ? 'NUMERIC' : 'REAL'} CHECK (score IS NULL OR score >= 0)`,
      `  parent_id INTEGER${parent ? ` REFERENCES ${parent}(id) ON DELETE CASCADE` : ''}`,
    ];
    if (v !== 'missing-column') cols.push("  note TEXT DEFAULT ''");
    if (v === 'extra-column') cols.push('  legacy_flag INTEGER');
    out.push(`CREATE TABLE ${t} (\n${cols.join(',\n')}\n);`);
    out.push(`CREATE INDEX ${t}_parent ON ${t}(parent_id);`);
    if (i % 2 === 0) out.push(`CREATE UNIQUE INDEX ${t}_name ON ${t}(name, created_at DESC);`);
  }
  return `${out.join('\n')}\n`;
}

export function expectedChanges(tables) {
  let n = 0;
  for (let i = 0; i < tables; i++) if (variantOf(i) !== null) n++;
  return n;
}

function buildDb(path, sql) {
  const db = new Database(path);
  try {
    db.exec('BEGIN');
    db.exec(sql);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

export async function benchPlan1000({ tables = 1000, runs = 5 } = {}) {
  const { planDatabase } = await importDist('api/plan-database.js');
  const dir = makeTempDir('liteform-bench-plan-');
  try {
    const desiredSql = generateSchema(tables);
    const schema = join(dir, 'desired.sql');
    writeFileSync(schema, desiredSql);
    const liveDb = join(dir, 'live.db');
    const sameDb = join(dir, 'same.db');
    buildDb(liveDb, generateSchema(tables, { live: true }));
    buildDb(sameDb, desiredSql);
    const want = expectedChanges(tables);
    log(`(b) generated ${tables} tables (${desiredSql.length} bytes of SQL); live database differs in ${want} tables`);

    const checkDiff = (r) => {
      const modified = r.changes.filter((c) => c.kind === 'ModifyTable').length;
      if (r.changes.length !== want || modified !== want) throw new Error(`plan found ${r.changes.length} changes (${modified} ModifyTable), expected ${want}`);
    };
    const checkSame = (r) => {
      if (r.changes.length !== 0) throw new Error(`plan of identical schemas found ${r.changes.length} changes`);
    };
    const once = (db, check) => {
      const c0 = process.cpuUsage();
      const t0 = nowMs();
      const result = planDatabase({ db, schema });
      const ms = nowMs() - t0;
      const c = process.cpuUsage(c0);
      check(result);
      return { ms, cpuMs: (c.user + c.system) / 1000, steps: result.plan.steps.length };
    };
    // The very first call is cold (module JIT, first open of the files): what one CLI invocation pays.
    // Reported apart. Then two untimed calls of each, so the JIT has settled, and the timed calls
    // interleaved so neither case benefits from running later. CPU time (this process, all threads)
    // is reported too: it suffers less than wall time on a busy machine.
    const cold = once(liveDb, checkDiff).ms;
    // The desired file is built in several scratch databases (src/db/scratch.ts): it must read back
    // exactly as the same SQL executed in one database file does (untimed).
    const sameResult = planDatabase({ db: sameDb, schema });
    if (!isDeepStrictEqual(sameResult.desired.model, sameResult.current)) throw new Error('the desired model differs from the same SQL introspected from one database');
    for (let i = 0; i < 2; i++) { once(liveDb, checkDiff); once(sameDb, checkSame); }
    const diffRuns = [];
    const sameRuns = [];
    for (let i = 0; i < runs; i++) {
      diffRuns.push(once(liveDb, checkDiff));
      sameRuns.push(once(sameDb, checkSame));
    }
    const summary = (rs) => ({ median: median(rs.map((r) => r.ms)), cpuMedian: median(rs.map((r) => r.cpuMs)), times: rs.map((r) => r.ms), steps: rs[0].steps });
    const diff = { ...summary(diffRuns), cold };
    const same = summary(sameRuns);
    const rebuilds = planDatabase({ db: liveDb, schema }).plan.rebuilds.length;
    log(`(b) plan (10% differ): ${diff.times.map((t) => t.toFixed(0)).join(', ')} ms (CPU median ${diff.cpuMedian.toFixed(0)} ms; cold ${diff.cold.toFixed(0)} ms; ${diff.steps} steps, ${rebuilds} rebuilds)`);
    log(`(b) plan (identical):  ${same.times.map((t) => t.toFixed(0)).join(', ')} ms (CPU median ${same.cpuMedian.toFixed(0)} ms)`);
    return { tables, runs, diff, same, changes: want, rebuilds };
  } finally {
    removeDir(dir);
  }
}
