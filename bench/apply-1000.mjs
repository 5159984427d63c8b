// Benchmark (h): apply overhead on a 1,000-table schema (issue 9's case): 1,000 tables of 8 columns
// and 2 indexes, 20 rows each; the next version adds a column to 10 tables and makes a column
// `NOT NULL DEFAULT ''` in 5 others (5 rebuilds). Timed, each on a fresh copy of the seeded file:
//  - baseline: the generated migration file's statements executed by hand through better-sqlite3
//    (FK enforcement off, BEGIN, the statements, COMMIT);
//  - liteform `migrate` (what `liteform apply` runs) of that file, in process: the statements plus
//    the checks, the verification and the history row; its overhead is reported against the baseline;
//  - `liteform plan` then `liteform apply` as two processes, as a user runs them;
//  - sqlite-auto-migrator, when installed outside the project (bench/peers/peers.mjs): `sam make` then
//    `sam migrate` of the same change, two processes, from its own history of the same v1 schema and rows.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cliPath, importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';
import { freshCopy, removeDb } from './rebuild.mjs';
import { findPeers, runSam, samProject, tableShape } from './peers/peers.mjs';

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

/** 20 rows in each table. */
function seedRows(db) {
  db.exec('BEGIN');
  for (let i = 0; i < N; i++) db.exec(`WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 20) INSERT INTO ${name(i)} (a, b, c) SELECT 'x' || v, v, 'c' FROM s`);
  db.exec('COMMIT');
}

/**
 * sqlite-auto-migrator's side of (h), when installed: its own project directory, its first migration made
 * from v1 and applied by `sam migrate`, the same rows. run() times `sam make` + `sam migrate` of v2 on a
 * fresh copy and checks the result; it returns { ms, make, migrate } or { failed }.
 */
function samCase(dir, work) {
  const sam = findPeers().sam;
  if (!sam.available) return { info: sam };
  const project = join(dir, 'sam');
  mkdirSync(project);
  samProject(sam, project);
  const seeded = join(project, 'seeded.db');
  const paths = (schema, migrations, db) => ({ schema: join(dir, schema), migrations: join(project, migrations), db });
  const setup = [runSam(sam, project, 'make', paths('v1.sql', 'm1', seeded))];
  if (setup[0].ok) setup.push(runSam(sam, project, 'migrate', paths('v1.sql', 'm1', seeded)));
  const bad = setup.find((r) => !r.ok);
  if (bad) return { info: sam, failed: `could not create the starting database: ${bad.output.slice(-300)}` };
  const db = new Database(seeded);
  seedRows(db);
  db.close();
  const expected = (() => {
    const ref = new Database(':memory:');
    try {
      ref.exec(schema1000(true));
      return new Map(ref.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all().map((t) => [t, tableShape(ref, t)]));
    } finally {
      ref.close();
    }
  })();
  const check = () => {
    const d = new Database(work, { readonly: true });
    try {
      const tables = d.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'migrations' ORDER BY name").pluck().all();
      const problems = [];
      if (tables.length !== expected.size || tables.some((t) => !expected.has(t))) problems.push(`${tables.length} tables, expected ${expected.size}`);
      for (const t of tables) {
        if (expected.has(t) && tableShape(d, t) !== expected.get(t)) problems.push(`${t} is "${tableShape(d, t)}", expected "${expected.get(t)}"`);
        const n = d.prepare(`SELECT count(*) FROM "${t}"`).pluck().get();
        if (n !== 20) problems.push(`${t} has ${n} rows, expected 20`);
      }
      return problems;
    } finally {
      d.close();
    }
  };
  const run = () => {
    freshCopy(seeded, work);
    rmSync(join(project, 'm3'), { recursive: true, force: true });
    cpSync(join(project, 'm1'), join(project, 'm3'), { recursive: true });
    const p = paths('v2.sql', 'm3', work);
    const t0 = nowMs();
    const make = runSam(sam, project, 'make', p);
    const migrate = make.ok ? runSam(sam, project, 'migrate', p) : null;
    const ms = nowMs() - t0;
    const failedStep = !make.ok ? ['make', make] : !migrate.ok ? ['migrate', migrate] : null;
    if (failedStep) return { failed: `\`sam ${failedStep[0]}\` failed: ${failedStep[1].output.split('\n').filter(Boolean).slice(-3).join(' / ').slice(0, 300)}` };
    const problems = check();
    if (problems.length > 0) return { failed: `wrong result: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}` };
    return { ms, make: make.ms, migrate: migrate.ms };
  };
  return { info: sam, run };
}

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
    seedRows(db);
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
      const t0 = nowMs();
      cli(dir, 'plan', 'change', '--dir', 'm3', '--schema', 'v2.sql');
      const t1 = nowMs();
      cli(dir, 'apply', '--db', 'work.db', '--dir', 'm3', '--no-backup');
      return { plan: t1 - t0, apply: nowMs() - t1 };
    };
    // The same plan with nothing kept in .liteform/cache/ from earlier runs (the timed plans above read the
    // directory's replay and the desired state's table models back from it, as a user's second plan does).
    const coldPlan = () => {
      rmSync(join(dir, 'm4'), { recursive: true, force: true });
      cpSync(join(dir, 'm1'), join(dir, 'm4'), { recursive: true });
      rmSync(join(dir, '.liteform'), { recursive: true, force: true });
      const t0 = nowMs();
      cli(dir, 'plan', 'change', '--dir', 'm4', '--schema', 'v2.sql');
      return nowMs() - t0;
    };
    // What two processes cannot go below: two node start-ups (`node -e 0`).
    const nodeStart = () => {
      const t0 = nowMs();
      const r = spawnSync(process.execPath, ['-e', '0']);
      if (r.status !== 0) throw new Error('node -e 0 failed');
      return nowMs() - t0;
    };
    const sam = samCase(dir, work);
    if (sam.run) log('(h) sqlite-auto-migrator: starting database made by `sam make` + `sam migrate` and seeded');
    const samTimes = { sam: [], 'sam-make': [], 'sam-migrate': [] };
    let samFailed = sam.failed ?? null;
    const times = { byHand: [], liteform: [], twoProcesses: [] };
    const timeOne = async (key, fn, record) => {
      freshCopy(seeded, work);
      const t0 = nowMs();
      const steps = await fn();
      if (record) times[key].push(nowMs() - t0);
      if (record && steps) for (const [k, v] of Object.entries(steps)) (times[`${key}-${k}`] ??= []).push(v);
    };
    for (let i = 0; i <= runs; i++) {
      const record = i > 0; // the first round is untimed
      await timeOne('byHand', byHand, record);
      await timeOne('liteform', liteform, record);
      // Two processes a side: one untimed round, then two timed, liteform and its peer in turn.
      if (i < 3) await timeOne('twoProcesses', twoProcesses, record);
      if (i < 3 && record) {
        (times.coldPlan ??= []).push(coldPlan());
        (times.nodeStart ??= []).push(nodeStart(), nodeStart());
      }
      if (i < 3 && sam.run && !samFailed) {
        const r = sam.run();
        if (r.failed) {
          samFailed = r.failed; // reported as a failure, never timed as a success
          log(`(h) sqlite-auto-migrator: ${r.failed}`);
        } else if (record) {
          samTimes.sam.push(r.ms);
          samTimes['sam-make'].push(r.make);
          samTimes['sam-migrate'].push(r.migrate);
        }
      }
    }
    removeDb(work);
    const all = samFailed ? times : { ...times, ...samTimes };
    for (const [k, ts] of Object.entries(all)) log(`(h) ${k}: ${ts.map((t) => t.toFixed(0)).join(', ')} ms`);
    return {
      runs,
      samRuns: times.twoProcesses.length,
      statements: statements.length,
      ms: Object.fromEntries(Object.entries(all).filter(([, ts]) => ts.length > 0).map(([k, ts]) => [k, median(ts)])),
      sam: { ...sam.info, failed: samFailed },
    };
  } finally {
    removeDir(dir);
  }
}
