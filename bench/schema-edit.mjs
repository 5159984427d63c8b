// Benchmark (g): a DEFAULT change and a dropped NOT NULL on a big table, done by editing the stored
// CREATE TABLE text (writable_schema, no row copied) instead of rebuilding the table.
//  - baseline: the same edit written by hand through better-sqlite3, the procedure of
//    sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes"), with its
//    integrity_check of the table, and (for context) without it: the edit alone is O(1), the
//    check reads every row and index entry of the table;
//  - liteform `apply` (in-place edit) at 100k and 1M rows: the time must not grow with the rows;
//  - liteform `apply` with a dropped NOT NULL only (no DEFAULT change) at 1M rows;
//  - liteform `apply` forced to rebuild (schemaEdits: false) at 1M rows, for scale;
//  - peers (sqlite-auto-migrator, Alembic) when installed outside the project (see bench/README.md).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';
import { freshCopy, removeDb } from './rebuild.mjs';

const CURRENT = `CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  qty INTEGER DEFAULT 0,
  note TEXT
);
CREATE INDEX items_status ON items(status);`;

// name loses NOT NULL, qty's DEFAULT changes.
const DESIRED = `CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name TEXT,
  status TEXT NOT NULL DEFAULT 'new',
  qty INTEGER DEFAULT 1,
  note TEXT
);
CREATE INDEX items_status ON items(status);`;

// name loses NOT NULL only.
const DESIRED_NOT_NULL = DESIRED.replace('qty INTEGER DEFAULT 1', 'qty INTEGER DEFAULT 0');

function seed(path, rows) {
  removeDb(path);
  const db = new Database(path);
  try {
    db.exec(CURRENT);
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
      INSERT INTO items (id, name, status, qty, note) SELECT i, 'item ' || i, CASE i % 3 WHEN 0 THEN 'new' ELSE 'done' END, i % 17, 'note about item ' || i FROM n`);
  } finally {
    db.close();
  }
}

/** The documented procedure, by hand: the floor liteform is compared with. */
function handwrittenEdit(path, { check = true } = {}) {
  const db = new Database(path);
  try {
    db.unsafeMode(true);
    db.exec('BEGIN IMMEDIATE');
    const v = db.pragma('schema_version', { simple: true });
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'items'").run(DESIRED.split(';')[0]);
    db.pragma(`schema_version = ${v + 1}`);
    db.pragma('writable_schema = OFF');
    const ok = check ? db.prepare('PRAGMA integrity_check(items)').pluck().get() : 'ok';
    if (ok !== 'ok') throw new Error(`hand-written edit: integrity_check says ${ok}`);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

export async function benchSchemaEdit({ runs = 3, sizes = [100_000, 1_000_000] } = {}) {
  const { applyDatabase } = await importDist('api/apply-database.js');
  const dir = makeTempDir('liteform-bench-edit-');
  try {
    const desired = join(dir, 'desired.sql');
    const desiredNotNull = join(dir, 'desired-not-null.sql');
    writeFileSync(desired, `${DESIRED}\n`);
    writeFileSync(desiredNotNull, `${DESIRED_NOT_NULL}\n`);
    const work = join(dir, 'work.db');
    const big = Math.max(...sizes);
    const templates = new Map(sizes.map((n) => [n, join(dir, `seeded-${n}.db`)]));
    for (const [n, path] of templates) seed(path, n);
    log(`(g) seeded ${sizes.join(' / ')} rows`);

    const apply = (schema, edits, want) => () => {
      const r = applyDatabase({ db: work, schema, schemaEdits: edits });
      const took = (r.plan.schemaEdits ?? []).length === 1 ? 'edit' : r.plan.rebuilds.length === 1 ? 'rebuild' : 'other';
      if (r.status !== 'migrated' || took !== want) throw new Error(`(g) expected one ${want}, got ${r.status} / ${took}`);
    };
    const contenders = [
      { key: 'handwritten', rows: big, fn: () => handwrittenEdit(work) },
      { key: 'handwritten-nocheck', rows: big, fn: () => handwrittenEdit(work, { check: false }) },
      ...sizes.map((n) => ({ key: `edit-${n}`, rows: n, fn: apply(desired, true, 'edit') })),
      { key: 'notnull', rows: big, fn: apply(desiredNotNull, true, 'edit') },
      { key: 'rebuild', rows: big, fn: apply(desired, false, 'rebuild'), runs: 1 },
    ];
    const times = Object.fromEntries(contenders.map((c) => [c.key, []]));
    const once = (c) => {
      freshCopy(templates.get(c.rows), work);
      const t0 = nowMs();
      c.fn();
      return nowMs() - t0;
    };
    for (const c of contenders) once(c); // untimed: warms the JIT and the page cache, checks each result
    for (let i = 0; i < runs; i++) {
      for (const c of contenders) if (i < (c.runs ?? runs)) times[c.key].push(once(c));
    }
    removeDb(work);
    const med = Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, median(ts)]));
    for (const [k, ts] of Object.entries(times)) log(`(g) ${k}: ${ts.map((t) => t.toFixed(1)).join(', ')} ms`);
    return { runs, sizes, big, ms: med, peers: detectPeers() };
  } finally {
    removeDir(dir);
  }
}

/**
 * Peers are never installed with liteform. sqlite-auto-migrator is looked up in $LITEFORM_BENCH_PEERS
 * (a directory where `npm install sqlite-auto-migrator` was run), Alembic with `python3 -c "import alembic"`.
 * Found or not, they are not timed yet (see bench/README.md (g)): the bench says which it found.
 */
function detectPeers() {
  const peersDir = process.env.LITEFORM_BENCH_PEERS;
  let sam = false;
  if (peersDir) {
    try {
      createRequire(join(peersDir, 'package.json')).resolve('sqlite-auto-migrator');
      sam = true;
    } catch { /* not there */ }
  }
  const alembic = spawnSync('python3', ['-c', 'import alembic, sqlalchemy'], { stdio: 'ignore' }).status === 0;
  return [
    { name: 'sqlite-auto-migrator', available: sam, how: 'LITEFORM_BENCH_PEERS=<dir> after `npm install sqlite-auto-migrator` in <dir>, outside the project' },
    { name: 'Alembic', available: alembic, how: '`pip install --user alembic sqlalchemy`' },
  ];
}
