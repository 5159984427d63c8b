// Benchmark (i): `liteform status` and `liteform check` as processes on a 1,000-table database with a
// history of 20 files (issue 9): the first file creates the 1,000 tables of (h) (8 columns, 2 indexes,
// a foreign key each); each later one adds a column to 5 tables and an index to 2, and every fourth
// rebuilds a table (the 12-step procedure). Every file is applied. Both commands must replay the
// directory to compare the live schema with it: cold (no .liteform/cache/) and warm (the cache the
// previous run wrote). Baseline in the same run: `liteform plan --db --schema --dry-run` in that project,
// which (liteform.yaml naming the migrations directory) plans the next file from the directory: the 20
// files replayed from an empty cache, the desired .sql loaded and diffed; and one introspect() of the
// live file in process.
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cliPath, importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';
import { schema1000 } from './apply-1000.mjs';

const FILES = 20;
const name = (i) => `t${String(i % 1000).padStart(4, "0")}`;

/** File k (2..FILES): what a real history's small steps do to a big schema. */
function laterFile(k) {
  const out = [];
  for (let j = 0; j < 5; j++) out.push(`ALTER TABLE ${name(k * 37 + j * 101)} ADD COLUMN x${k} TEXT;`);
  for (let j = 0; j < 2; j++) out.push(`CREATE INDEX ${name(k * 53 + j * 211)}_x${k} ON ${name(k * 53 + j * 211)} (b, d);`);
  if (k % 4 === 0) {
    // A rebuild as liteform writes it (foreign keys are off in the replay and under `-- liteform: foreign-keys off`).
    const t = name(k * 41 + 7);
    out.push(
      `CREATE TABLE _liteform_new_${t} (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER NOT NULL DEFAULT 0, c TEXT, d REAL, e TEXT, f INTEGER DEFAULT 0, g INTEGER);`,
      `INSERT INTO _liteform_new_${t} (id, a, b, c, d, e, f, g) SELECT id, a, IFNULL(b, 0), c, d, e, f, g FROM ${t};`,
      `DROP TABLE ${t};`,
      `ALTER TABLE _liteform_new_${t} RENAME TO ${t};`,
      `CREATE INDEX ${t}_a ON ${t}(a);`,
      `CREATE INDEX ${t}_g ON ${t}(g);`,
    );
  }
  return `-- liteform:foreign-keys off\n${out.join('\n')}\n`;
}

/**
 * CPU ms used by this process's waited-for children (Linux: /proc/self/stat cutime + cstime, 10 ms ticks);
 * null elsewhere. On a machine shared with other work, wall time includes waiting for a CPU.
 */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

const run = (cwd, ...args) => {
  const c0 = childrenCpuMs();
  const t0 = nowMs();
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  const ms = nowMs() - t0;
  const c1 = childrenCpuMs();
  if (r.status !== 0 && r.status !== 2) throw new Error(`liteform ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ms, cpuMs: c0 === null || c1 === null ? null : c1 - c0, r };
};

export async function benchStatus1000({ runs = 3 } = {}) {
  const { introspect } = await importDist('db/introspect.js');
  const dir = makeTempDir('liteform-bench-status-');
  try {
    mkdirSync(join(dir, 'migrations'));
    mkdirSync(join(dir, 'schema'));
    writeFileSync(join(dir, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\n');
    writeFileSync(join(dir, 'migrations', '0001_init.sql'), schema1000(false));
    for (let k = 2; k <= FILES; k++) writeFileSync(join(dir, 'migrations', `${String(k).padStart(4, '0')}_step${k}.sql`), laterFile(k));
    log(`(i) ${FILES} files on 1,000 tables: hashing and applying them`);
    run(dir, 'hash');
    run(dir, 'apply', '--create', '--no-backup');
    // The desired state: what the files leave, as CREATE statements.
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    const text = db.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite%' AND name NOT LIKE '_liteform%' ORDER BY type = 'index', rowid").pluck().all().map((s) => `${s};`).join('\n');
    writeFileSync(join(dir, 'schema', 'app.sql'), `${text}\n`);
    const introspectMs = [];
    for (let i = 0; i < runs; i++) {
      const t0 = nowMs();
      introspect(db);
      introspectMs.push(nowMs() - t0);
    }
    db.close();
    const cache = join(dir, '.liteform', 'cache');
    const timeRuns = (what, args, { cold }) => {
      const ms = [];
      const cpu = [];
      let last = null;
      if (!cold) run(dir, ...args); // the run that writes the cache
      for (let i = 0; i < runs; i++) {
        if (cold) rmSync(cache, { recursive: true, force: true });
        const { ms: m, cpuMs, r } = run(dir, ...args);
        ms.push(m);
        if (cpuMs !== null) cpu.push(cpuMs);
        last = r;
      }
      const cpuMs = cpu.length === runs ? median(cpu) : null;
      log(`(i) ${what}: ${ms.map((m) => m.toFixed(0)).join(', ')} ms (CPU median ${cpuMs === null ? '?' : cpuMs.toFixed(0)} ms)`);
      return { ms: median(ms), cpuMs, out: last.stdout };
    };
    const baseline = timeRuns('plan --dry-run, empty cache (baseline)', ['plan', '--db', 'app.db', '--schema', 'schema/app.sql', '--dry-run'], { cold: true });
    const statusCold = timeRuns('status, cold cache', ['status', '--json'], { cold: true });
    const statusWarm = timeRuns('status, warm cache', ['status', '--json'], { cold: false });
    const checkCold = timeRuns('check, cold cache', ['check', '--json'], { cold: true });
    const checkWarm = timeRuns('check, warm cache', ['check', '--json'], { cold: false });
    const agrees = JSON.parse(statusWarm.out).drift.length === 0 && JSON.parse(checkWarm.out).ok === true && statusWarm.out === statusCold.out && checkWarm.out === checkCold.out;
    return {
      runs, files: FILES,
      introspectMs: median(introspectMs),
      ms: { baseline: baseline.ms, statusCold: statusCold.ms, statusWarm: statusWarm.ms, checkCold: checkCold.ms, checkWarm: checkWarm.ms },
      cpuMs: { baseline: baseline.cpuMs, statusCold: statusCold.cpuMs, statusWarm: statusWarm.cpuMs, checkCold: checkCold.cpuMs, checkWarm: checkWarm.cpuMs },
      agrees,
    };
  } finally {
    removeDir(dir);
  }
}
