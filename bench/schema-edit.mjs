// Benchmark (g): a DEFAULT change and a dropped NOT NULL on a big table, done by editing the stored
// CREATE TABLE text (writable_schema, no row copied) instead of rebuilding the table.
//  - baseline: the same edit written by hand through better-sqlite3, the procedure of
//    sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes"), with its
//    integrity_check of the table, and (for context) without it: the edit alone is O(1), the
//    check reads every row and index entry of the table;
//  - liteform `apply` (in-place edit) at 100k and 1M rows: the time must not grow with the rows;
//  - liteform `apply` with a dropped NOT NULL only (no DEFAULT change) at 1M rows;
//  - liteform `apply` forced to rebuild (schemaEdits: false) at 1M rows, for scale;
//  - liteform `apply --db --schema` as a user runs it (the CLI, one process), which the peers are compared with;
//  - peers (sqlite-auto-migrator, Alembic) when installed outside the project: bench/peers/schema-edit-peers.mjs.
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliPath, importDist, log, makeTempDir, median, nowMs, removeDir } from './lib.mjs';
import { tableShape } from './peers/peers.mjs';
import { PeerFailed, schemaEditPeers } from './peers/schema-edit-peers.mjs';
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

const SEED_ROWS = (rows) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
      INSERT INTO items (id, name, status, qty, note) SELECT i, 'item ' || i, CASE i % 3 WHEN 0 THEN 'new' ELSE 'done' END, i % 17, 'note about item ' || i FROM n`;

function seed(path, rows) {
  removeDb(path);
  const db = new Database(path);
  try {
    db.exec(CURRENT);
    db.exec(SEED_ROWS(rows));
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
    // What every contender that makes the full change must leave: the same rows, the desired table.
    const expected = { sums: itemSums(templates.get(big)), shape: desiredShape() };
    const check = (path) => checkItems(path, expected);
    // liteform as a user runs it (`liteform apply --db --schema`, one process): what the peers are compared with.
    const cli = () => {
      const r = spawnSync(process.execPath, [cliPath, 'apply', '--db', work, '--schema', desired, '--no-backup', '--json'], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`(g) liteform apply (CLI) failed (${r.status}):\n${r.stderr}`);
      const problems = check(work);
      if (problems.length > 0) throw new Error(`(g) liteform apply (CLI): ${problems.join('; ')}`);
    };
    const peers = schemaEditPeers({ dir, work, plainTemplate: templates.get(big), rows: big, current: CURRENT, desired: DESIRED, seedRows: SEED_ROWS, check });
    const contenders = [
      { key: 'handwritten', rows: big, fn: () => handwrittenEdit(work) },
      { key: 'handwritten-nocheck', rows: big, fn: () => handwrittenEdit(work, { check: false }) },
      ...sizes.map((n) => ({ key: `edit-${n}`, rows: n, fn: apply(desired, true, 'edit') })),
      { key: 'notnull', rows: big, fn: apply(desiredNotNull, true, 'edit') },
      { key: 'rebuild', rows: big, fn: apply(desired, false, 'rebuild'), runs: 1 },
      { key: 'cli', rows: big, fn: cli },
      ...peers.contenders.filter((c) => !c.failedSetup),
    ];
    const times = Object.fromEntries(contenders.map((c) => [c.key, []]));
    const parts = {}; // a peer's steps (make / migrate), per run
    const failed = Object.fromEntries(peers.contenders.filter((c) => c.failedSetup).map((c) => [c.key, c.failedSetup]));
    const once = (c) => {
      freshCopy(c.template ?? templates.get(c.rows), work);
      const t0 = nowMs();
      const steps = c.fn();
      const ms = nowMs() - t0;
      if (steps) for (const [k, v] of Object.entries(steps)) (parts[`${c.key}-${k}`] ??= []).push(v);
      return ms;
    };
    const attempt = (c, record) => {
      if (failed[c.key]) return;
      try {
        const ms = once(c);
        if (record) times[c.key].push(ms);
      } catch (e) {
        if (!(e instanceof PeerFailed)) throw e;
        failed[c.key] = e.message; // a peer that fails or loses rows is reported as such, never timed
        log(`(g) ${e.message}`);
      }
    };
    // Untimed: warms the JIT and the page cache, checks each result. The peers run in child processes
    // with cold caches every time; their every timed run is checked.
    for (const c of contenders) if (c.warm !== false) attempt(c, false);
    for (let i = 0; i < runs; i++) {
      for (const c of contenders) if (i < (c.runs ?? runs)) attempt(c, true);
    }
    removeDb(work);
    const med = Object.fromEntries(Object.entries({ ...times, ...parts }).filter(([, ts]) => ts.length > 0).map(([k, ts]) => [k, median(ts)]));
    for (const [k, ts] of Object.entries({ ...times, ...parts })) log(`(g) ${k}: ${ts.map((t) => t.toFixed(1)).join(', ')} ms`);
    const peerResults = [peers.sam, peers.alembic].map((p) => {
      const key = p === peers.sam ? 'sam' : 'alembic';
      return { ...p, key, failed: failed[key] ?? null, runs: times[key]?.length ?? 0 };
    });
    return { runs, sizes, big, ms: med, peers: peerResults };
  } finally {
    removeDir(dir);
  }
}

/** Cheap fingerprint of the rows of `items`: a lost, duplicated or altered row changes it. */
function itemSums(path) {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) AS n, total(id) AS ids, total(qty) AS qty, total(length(name)) AS names, total(length(note)) AS notes, total(status = 'new') AS new FROM items").get();
  } finally {
    db.close();
  }
}

function desiredShape() {
  const db = new Database(':memory:');
  try {
    db.exec(DESIRED);
    return tableShape(db, 'items');
  } finally {
    db.close();
  }
}

/** What is wrong with `items` in the file at `path`: rows (count and fingerprint) and shape (columns, defaults, NOT NULL, index). */
function checkItems(path, expected) {
  const problems = [];
  const sums = itemSums(path);
  if (sums.n !== expected.sums.n) problems.push(`${sums.n} rows instead of ${expected.sums.n}`);
  else if (JSON.stringify(sums) !== JSON.stringify(expected.sums)) problems.push('the rows hold different values');
  const db = new Database(path, { readonly: true });
  try {
    const shape = tableShape(db, 'items');
    if (shape !== expected.shape) problems.push(`items is "${shape}", expected "${expected.shape}"`);
  } finally {
    db.close();
  }
  return problems;
}
