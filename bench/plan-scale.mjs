// Benchmark (d): `plan` time against schema size, YAML desired state with one foreign key per table.
// 1k / 2k / 4k / 8k tables; the live database holds the same schema (built from equivalent SQL) with
// one table in 100 lacking its last column, so every run has work to find. Goal: time grows
// linearly — 4k tables ≤ 4.5× the time at 1k (the baseline, measured in the same run).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';

const name = (i) => `t${String(i).padStart(5, '0')}`;
const parentOf = (i) => (i === 0 ? null : name(i - 1 - ((i * 37) % Math.min(i, 50))));

/** The desired state as YAML: id, name, created_at, an FK column to an earlier table, a note; one index. */
export function generateYaml(tables) {
  const out = ['version: 1', 'tables:'];
  for (let i = 0; i < tables; i++) {
    const p = parentOf(i);
    out.push(`  ${name(i)}:`, '    columns:');
    out.push('      id: { type: INTEGER, primaryKey: true }');
    out.push('      name: { type: TEXT, notNull: true }');
    out.push("      created_at: { type: INTEGER, notNull: true, default: 0 }");
    out.push(`      parent_id: ${p ? `{ type: INTEGER, references: { table: ${p}, column: id, onDelete: CASCADE } }` : 'INTEGER'}`);
    out.push("      note: { type: TEXT, default: '' }");
    out.push('    indexes:', `      ${name(i)}_parent: { columns: [parent_id] }`);
  }
  return `${out.join('\n')}\n`;
}

/** The same schema as SQL; `live`: one table in 100 lacks `note` (an in-place ADD COLUMN). */
export function generateSql(tables, { live = false } = {}) {
  const out = [];
  for (let i = 0; i < tables; i++) {
    const p = parentOf(i);
    const note = live && i % 100 === 7 ? '' : ",\n  note TEXT DEFAULT ''";
    out.push(`CREATE TABLE ${name(i)} (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  created_at INTEGER NOT NULL DEFAULT 0,\n  parent_id INTEGER${p ? ` REFERENCES ${p}(id) ON DELETE CASCADE` : ''}${note}\n);`);
    out.push(`CREATE INDEX ${name(i)}_parent ON ${name(i)}(parent_id);`);
  }
  return `${out.join('\n')}\n`;
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

export async function benchPlanScale({ sizes = [1000, 2000, 4000, 8000], runs = 3 } = {}) {
  const { planDatabase } = await importDist('api/plan-database.js');
  const dir = makeTempDir('liteform-bench-scale-');
  try {
    const results = [];
    for (const tables of sizes) {
      const schema = join(dir, `desired-${tables}.yaml`);
      writeFileSync(schema, generateYaml(tables));
      const db = join(dir, `live-${tables}.db`);
      buildDb(db, generateSql(tables, { live: true }));
      const want = Math.floor((tables - 8) / 100) + 1;
      const once = () => {
        const c0 = process.cpuUsage();
        const t0 = nowMs();
        const r = planDatabase({ db, schema });
        const ms = nowMs() - t0;
        const c = process.cpuUsage(c0);
        if (r.changes.length !== want) throw new Error(`(d) ${tables} tables: plan found ${r.changes.length} changes, expected ${want}`);
        return { ms, cpuMs: (c.user + c.system) / 1000 };
      };
      once(); // warm-up, untimed
      const rs = [];
      for (let i = 0; i < runs; i++) rs.push(once());
      const ms = median(rs.map((r) => r.ms));
      const cpuMs = median(rs.map((r) => r.cpuMs));
      log(`(d) plan, YAML with FKs, ${tables} tables: ${rs.map((r) => r.ms.toFixed(0)).join(', ')} ms (CPU median ${cpuMs.toFixed(0)} ms)`);
      results.push({ tables, ms, cpuMs });
    }
    return { runs, results };
  } finally {
    removeDir(dir);
  }
}
