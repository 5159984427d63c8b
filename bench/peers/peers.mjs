// Peers timed beside liteform in the same run, never installed with liteform (see bench/README.md, "Peers"):
//  - sqlite-auto-migrator (npm): `npm install sqlite-auto-migrator` in a directory outside the project,
//    then LITEFORM_BENCH_PEERS=<that directory>. Run as its users run it: `sam make` then `sam migrate`,
//    two processes, in a project directory whose node_modules is that directory's (its migration files
//    import the package);
//  - Alembic (Python): `import alembic, sqlalchemy` must work in `python3` or `/usr/bin/python3`
//    (Debian: apt-get install python3-alembic python3-sqlalchemy; else pip install alembic sqlalchemy),
//    or in $LITEFORM_BENCH_PYTHON. Run as `python3 -m alembic upgrade head` over a generated env.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { benchDir } from '../lib.mjs';

export const SAM_HOW = 'in a directory outside the project, `npm init -y && npm install sqlite-auto-migrator`, then run the bench with LITEFORM_BENCH_PEERS=<that directory>';
export const ALEMBIC_HOW = '`apt-get install python3-alembic python3-sqlalchemy` (Debian: /usr/bin/python3 is tried after python3) or `pip install alembic sqlalchemy`; LITEFORM_BENCH_PYTHON=<python> picks the interpreter';

let found;

/** Which peers are installed: { sam: { available, cli?, nodeModules?, how }, alembic: { available, python?, how } }. */
export function findPeers() {
  if (found) return found;
  const sam = { name: 'sqlite-auto-migrator', available: false, how: SAM_HOW };
  const peersDir = process.env.LITEFORM_BENCH_PEERS;
  if (peersDir) {
    try {
      const pkg = createRequire(join(peersDir, 'package.json')).resolve('sqlite-auto-migrator/package.json');
      const require = createRequire(pkg);
      require.resolve('sqlite3'); // its driver, a native module
      const version = require('./package.json').version;
      Object.assign(sam, { available: true, cli: join(dirname(pkg), 'lib', 'cli.js'), nodeModules: dirname(dirname(pkg)), version });
    } catch {
      /* not installed there */
    }
  }
  const alembic = { name: 'Alembic', available: false, how: ALEMBIC_HOW };
  const candidates = process.env.LITEFORM_BENCH_PYTHON ? [process.env.LITEFORM_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import alembic, sqlalchemy; print(alembic.__version__, sqlalchemy.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) {
      const [version, sqlalchemy] = r.stdout.trim().split(' ');
      Object.assign(alembic, { available: true, python, version, sqlalchemy });
      break;
    }
  }
  found = { sam, alembic };
  return found;
}

/** Makes `dir` a project directory where sqlite-auto-migrator's migration files resolve their import of the package. */
export function samProject(sam, dir) {
  const link = join(dir, 'node_modules');
  if (!existsSync(link)) symlinkSync(sam.nodeModules, link, 'dir');
}

/**
 * Runs `sam <cmd>` (make, migrate) in a child process, as a user would from `dir`. Renames and destructive
 * changes proceed without a prompt (stdin is closed). Returns { ok, ms, output }.
 */
export function runSam(sam, dir, cmd, { schema, db, migrations }) {
  const env = {
    ...process.env,
    SAM_SCHEMA_PATH: schema,
    SAM_DB_PATH: db,
    SAM_MIGRATIONS_PATH: migrations,
    SAM_CREATE_DB_IF_MISSING: 'true',
    SAM_ON_RENAME: 'PROCEED',
    SAM_ON_DESTRUCTIVE_CHANGE: 'PROCEED',
    SAM_CONFIG_PATH: join(dir, '.samrc-none'),
  };
  // `sam migrate --no-output` would take --no-output as the target migration: the target comes first.
  const args = cmd === 'migrate' ? ['migrate', 'latest', '--no-output'] : [cmd, '--no-output'];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [sam.cli, ...args], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  return { ok: r.status === 0, ms, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Runs the Alembic driver bench/peers/alembic_g.py (or `python -m alembic …`) in a child process. */
export function runPython(alembic, args, { cwd, env = {} } = {}) {
  const t0 = performance.now();
  const r = spawnSync(alembic.python, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  return { ok: r.status === 0, ms, output: `${r.stdout}${r.stderr}`.trim() };
}

export const alembicDriver = join(benchDir, 'peers', 'alembic_g.py');

/**
 * A table's shape as SQLite reports it (columns, indexes, foreign keys), comparable across tools that
 * spell the same CREATE TABLE differently. `db` is an open better-sqlite3 database.
 */
export function tableShape(db, table) {
  const q = (sql) => db.prepare(sql).all();
  const cols = q(`SELECT name, upper(type) AS type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_xinfo('${table}') ORDER BY cid`)
    .map((c) => `${c.name} ${c.type}${c.pk ? ' pk' : c.nn ? ' notnull' : ''}${c.dflt === null ? '' : ` default ${String(c.dflt).replace(/^'(.*)'$/, '$1')}`}`);
  const indexes = q(`SELECT name, "unique" AS u FROM pragma_index_list('${table}') WHERE origin = 'c' ORDER BY name`)
    .map((i) => `${i.name}${i.u ? ' unique' : ''} (${q(`SELECT name FROM pragma_index_info('${i.name}') ORDER BY seqno`).map((c) => c.name).join(', ')})`);
  const fks = q(`SELECT "table" AS t, "from" AS f, "to" AS o FROM pragma_foreign_key_list('${table}') ORDER BY id, seq`).map((k) => `${k.f} -> ${k.t}(${k.o})`);
  return [...cols, ...indexes.map((i) => `index ${i}`), ...fks.map((k) => `fk ${k}`)].join('; ');
}
