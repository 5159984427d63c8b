// Benchmark (h): apply overhead on a 1,000-table schema (issue 9's case): 1,000 tables of 8 columns
// and 2 indexes, 20 rows each; the next version adds a column to 10 tables and makes a column
// `NOT NULL DEFAULT ''` in 5 others (5 rebuilds). Timed, each on a fresh copy of the seeded file:
//  - baseline: the generated migration file's statements executed by hand through better-sqlite3
//    (FK enforcement off, BEGIN, the statements, COMMIT);
//  - liteform `migrate` (what `liteform apply` runs) of that file, in process: the statements plus
//    the checks, the verification and the history row; its overhead is reported against the baseline;
//  - `liteform plan` then `liteform apply` as two processes, as a user runs them.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cliPath, importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';
import { freshCopy, removeDb } from './rebuild.mjs';

const N = 1000;
const name = (i) => `t${String(i).padStart(4, '0')}`;

export function schema1000(next) {
  const out = [];
  for (let i = 0; i < N; i++) {
    const cols = ['id INTEGER PRIMARY KEY', 'a TEXT NOT NULL', 'b INTEGER', `c TEXT${next && i % 200 === 5 ? " NOT NULL DEFAULT ''" : ''}`, 'd REAL', 'e TEXT', 'f INTEGER DEFAULT 0', `g INTEGER${i > 0 ? ` REFERENCES ${name(i - 1)}(id)` : ''}`];
    if (next && i % 100 === 7) cols.push('h TEXT');
    out.push(`CREATE TABLE ${name(i)} (${cols.join(', ')});`, `CREATE INDEX ${name(i)}_a ON ${name(i)}(a);`, `CREATE INDEX ${name(i)}_g ON ${name(i)}(g);`);
  }
  return `${out.join('\n')}\n`;
}

const cli = (cwd, ...args) => {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`liteform ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r;
};

export async function benchApply1000({ runs = 3 } = {}) {
  const { migrate } = await importDist('api/migrate.js');
  const { splitStatements } = await importDist('model/split-statements.js');
  const dir = makeTempDir('liteform-bench-apply-');
  try {
    writeFileSync(join(dir, 'v1.sql'), schema1000(false));
    writeFileSync(join(dir, 'v2.sql'), schema1000(true));
    mkdirSync(join(dir, 'm1'));
    cli(dir, 'plan', 'init', '--dir', 'm1', '--schema', 'v1.sql');
    cli(dir, 'apply', '--db', 'seeded.db', '--create', '--dir', 'm1', '--no-backup');
    const db = new Database(join(dir, 'seeded.db'));
    db.exec('BEGIN');
    for (let i = 0; i < N; i++) db.exec(`WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 20) INSERT INTO ${name(i)} (a, b, c) SELECT 'x' || v, v, 'c' FROM s`);
    db.exec('COMMIT');
    db.close();
    // The next version's file, generated once (untimed) for the in-process runs.
    cpSync(join(dir, 'm1'), join(dir, 'm2'), { recursive: true });
    cli(dir, 'plan', 'change', '--dir', 'm2', '--schema', 'v2.sql');
    const file = readdirSync(join(dir, 'm2')).find((f) => f.startsWith('0002'));
    const statements = splitStatements(readFileSync(join(dir, 'm2', file), 'utf8')).map((s) => s.sql).filter((s) => !/^\s*(PRAGMA\s+foreign_key_check|BEGIN|COMMIT)/i.test(s));
    log(`(h) ${N} tables seeded; the next file holds ${statements.length} statements`);
    const work = join(dir, 'work.db');
    const seeded = join(dir, 'seeded.db');

    const byHand = () => {
      const d = new Database(work);
      try {
        d.pragma('foreign_keys = OFF');
        d.exec('BEGIN IMMEDIATE');
        for (const s of statements) d.prepare(s).run();
        if (d.prepare('SELECT count(*) FROM pragma_foreign_key_check').pluck().get() !== 0) throw new Error('(h) by hand: FK violations');
        d.exec('COMMIT');
      } finally {
        d.close();
      }
    };
    const liteform = async () => {
      const r = await migrate({ db: work, dir: join(dir, 'm2'), backup: false });
      if (r.applied.length !== 1) throw new Error(`(h) migrate applied ${r.applied.length} files`);
    };
    const twoProcesses = () => {
      rmSync(join(dir, 'm3'), { recursive: true, force: true });
      cpSync(join(dir, 'm1'), join(dir, 'm3'), { recursive: true });
      cli(dir, 'plan', 'change', '--dir', 'm3', '--schema', 'v2.sql');
      cli(dir, 'apply', '--db', 'work.db', '--dir', 'm3', '--no-backup');
    };
    const times = { byHand: [], liteform: [], twoProcesses: [] };
    const timeOne = async (key, fn, record) => {
      freshCopy(seeded, work);
      const t0 = nowMs();
      await fn();
      if (record) times[key].push(nowMs() - t0);
    };
    for (let i = 0; i <= runs; i++) {
      const record = i > 0; // the first round is untimed
      await timeOne('byHand', byHand, record);
      await timeOne('liteform', liteform, record);
      if (i < 2) await timeOne('twoProcesses', twoProcesses, record);
    }
    removeDb(work);
    for (const [k, ts] of Object.entries(times)) log(`(h) ${k}: ${ts.map((t) => t.toFixed(0)).join(', ')} ms`);
    return { runs, statements: statements.length, ms: Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, median(ts)])) };
  } finally {
    removeDir(dir);
  }
}
