// (f) Fleets: N database files (default 1,000) of a 30-table schema with 1,000 rows per table; migration
// 0002 adds a column to one table and a CHECK to another (a rebuild). Measured: `liteform plan` and
// `liteform apply` over the whole fleet (`--db 'fleet/*.db'`, real CLI processes, default parallelism and
// backups, as a user runs them), the per-target median from the run journal, and beside it a loop that runs
// `liteform apply --db FILE` once per file (timed on a sample of files and scaled to N). Also: the cost of
// migrate() on an up-to-date database, the check an application runs on every tenant open.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cliPath, importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';

const TABLES = 30;

function schema(v2) {
  const tables = Array.from({ length: TABLES }, (_, i) => {
    const extra = v2 && i === 0 ? ', "archived_at" TEXT' : '';
    const check = v2 && i === 1 ? ', CHECK (qty >= 0)' : '';
    return `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0, note TEXT${extra}${check});\nCREATE INDEX t${i}_name ON t${i}(name);`;
  });
  return `${tables.join('\n')}\n`;
}

function cli(args, cwd) {
  const started = nowMs();
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const ms = nowMs() - started;
  if (r.status !== 0) throw new Error(`liteform ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export async function benchFleet({ targets = 1000, rows = 1000, loopSample = 20 } = {}) {
  const { generateMigration, migrate } = await importDist('index.js');
  const dir = makeTempDir('liteform-bench-fleet-');
  try {
    writeFileSync(join(dir, 'v1.sql'), schema(false));
    writeFileSync(join(dir, 'v2.sql'), schema(true));
    const migs = join(dir, 'migrations');
    generateMigration({ schema: join(dir, 'v1.sql'), dir: migs, name: 'init' });
    const template = join(dir, 'template.db');
    await migrate({ db: template, dir: migs, backup: false });
    const db = new Database(template);
    for (let i = 0; i < TABLES; i++) {
      db.exec(`INSERT INTO t${i} (name, qty, note) WITH RECURSIVE c(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM c WHERE v < ${rows}) SELECT 'name ' || v, v % 50, 'a note of some length for row ' || v FROM c`);
    }
    db.close();
    generateMigration({ schema: join(dir, 'v2.sql'), dir: migs, name: 'archive_and_check' });
    log(`(f) copying ${targets} + ${loopSample} databases…`);
    mkdirSync(join(dir, 'fleet'));
    mkdirSync(join(dir, 'loop'));
    for (let i = 0; i < targets; i++) copyFileSync(template, join(dir, 'fleet', `tenant-${String(i).padStart(5, '0')}.db`));
    for (let i = 0; i < loopSample; i++) copyFileSync(template, join(dir, 'loop', `tenant-${i}.db`));

    log('(f) fleet plan…');
    const plan = cli(['plan', '--db', 'fleet/*.db', '--dir', 'migrations', '--json'], dir);
    const groups = JSON.parse(plan.stdout).groups.length;
    log(`(f) fleet plan: ${(plan.ms / 1000).toFixed(2)} s, ${groups} group(s); fleet apply…`);
    const apply = cli(['apply', '--db', 'fleet/*.db', '--dir', 'migrations', '--json'], dir);
    const result = JSON.parse(apply.stdout);
    if (result.counts.applied !== targets) throw new Error(`fleet apply: ${JSON.stringify(result.counts)}`);
    const perTarget = median(result.targets.map((t) => t.durationMs));
    log(`(f) fleet apply: ${(apply.ms / 1000).toFixed(2)} s (per target median ${perTarget} ms); loop over ${loopSample} files…`);

    const loopTimes = readdirSync(join(dir, 'loop')).map((f) => cli(['apply', '--db', join('loop', f), '--dir', 'migrations'], dir).ms);
    const loopPerFile = median(loopTimes);

    // migrate() on open: the tenant is up to date, as it is on every open but the first after a deploy.
    const opened = join(dir, 'fleet', 'tenant-00000.db');
    const onOpen = [];
    for (let i = 0; i < 50; i++) {
      const t = nowMs();
      const r = await migrate({ db: opened, dir: migs });
      onOpen.push(nowMs() - t);
      if (r.status !== 'up-to-date') throw new Error('expected an up-to-date tenant');
    }
    const journalBytes = readFileSync(result.journal, 'utf8').length;
    return {
      targets, rows, tables: TABLES, groups, loopSample,
      planMs: plan.ms, applyMs: apply.ms, perTargetMs: perTarget,
      loopPerFileMs: loopPerFile, loopTotalMs: loopPerFile * targets,
      onOpenMs: median(onOpen), journalBytes, parallel: result.parallel,
    };
  } finally {
    removeDir(dir);
  }
}
