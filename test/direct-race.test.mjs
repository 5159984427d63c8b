// Direct-mode applies racing on one database: `apply --db X --schema S` takes the write lock first,
// then introspects and plans under it, so whoever waits plans against what the winner left. Three
// racers per round, released together through helpers/concurrency-barrier.mjs: two with desired state
// A (rebuilds `t` with a new type for `n`, adds column `b`), one with B (adds column `c`). Whatever the
// order, exactly one migrates; the other A reports "No changes" or refuses; B's racer or the A racers
// refuse to drop the winner's populated column without --allow-destructive; rows and history agree.
//
// LITEFORM_DIRECT_RACE_ROUNDS (default 6), LITEFORM_DIRECT_RACE_ROWS (default 100000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, cliEnv, root, tempDir } from './helpers/cases.mjs';

const ROUNDS = Number(process.env.LITEFORM_DIRECT_RACE_ROUNDS ?? 6);
const ROWS = Number(process.env.LITEFORM_DIRECT_RACE_ROWS ?? 100_000);
const barrier = join(root, 'test', 'helpers', 'concurrency-barrier.mjs');
const READY = 'concurrency-barrier: ready\n';

const desiredA = `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, n REAL, b TEXT NOT NULL DEFAULT 'bee');\n`;
const desiredB = `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, n INTEGER, c TEXT NOT NULL DEFAULT 'sea');\n`;

function seed(path) {
  const db = new Database(path);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, n INTEGER)');
  db.prepare(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?) INSERT INTO t (id, a, n) SELECT i, 'row ' || i, i FROM s`).run(ROWS);
  db.close();
}

async function race(racers, cwd) {
  const procs = racers.map((r) => {
    const child = spawn(process.execPath, ['--import', barrier, cli, ...r.args], { cwd, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const p = { ...r, child, stdout: '', stderr: '' };
    p.ready = new Promise((res) => { p.readyResolve = res; });
    child.stdout.setEncoding('utf8').on('data', (s) => { p.stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => {
      p.stderr += s;
      if (p.stderr.includes(READY)) p.readyResolve();
    });
    p.exit = new Promise((res) => child.on('close', (code) => { p.readyResolve(); res(code); }));
    return p;
  });
  await Promise.all(procs.map((p) => p.ready));
  for (const p of procs) p.child.stdin.end('g');
  const codes = await Promise.all(procs.map((p) => p.exit));
  return procs.map((p, i) => ({ label: p.label, want: p.want, code: codes[i], stdout: p.stdout, stderr: p.stderr.replace(READY, '') }));
}

test(`${ROUNDS} rounds of three direct applies with different desired states on ${ROWS} rows`, { timeout: 600_000 }, async (t) => {
  const work = tempDir('liteform-direct-race-');
  writeFileSync(join(work, 'a.sql'), desiredA);
  writeFileSync(join(work, 'b.sql'), desiredB);
  const seeded = join(work, 'seeded.db');
  seed(seeded);
  const winners = { A: 0, B: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const db = join(work, `round-${round}.db`);
    copyFileSync(seeded, db);
    const apply = (schema) => ['apply', '--db', db, '--schema', schema, '--busy-timeout', '60000', '--json'];
    const ends = await race([
      { label: 'A1', want: 'A', args: apply('a.sql') },
      { label: 'B', want: 'B', args: apply('b.sql') },
      { label: 'A2', want: 'A', args: apply('a.sql') },
    ], work);
    const results = ends.map((e) => ({ ...e, json: e.code === 0 ? JSON.parse(e.stdout) : null }));
    const migrated = results.filter((r) => r.json?.status === 'migrated');
    assert.equal(migrated.length, 1, `round ${round}: exactly one racer migrates:\n${ends.map((e) => `${e.label} ${e.code}: ${e.stdout.slice(0, 200)} ${e.stderr}`).join('\n')}`);
    const winner = migrated[0].want;
    winners[winner]++;
    for (const r of results) {
      if (r === migrated[0]) continue;
      if (r.want === winner) {
        assert.equal(r.code, 0, `${r.label}: ${r.stderr}`);
        assert.equal(r.json.status, 'up-to-date', `round ${round}, ${r.label}: the same desired state again finds nothing to do`);
      } else {
        assert.equal(r.code, 1, `round ${round}, ${r.label} must refuse: ${r.stdout}`);
        assert.match(r.stdout + r.stderr, /destroys data/, `round ${round}, ${r.label}: refused as destructive`);
      }
    }
    const check = new Database(db, { readonly: true });
    const cols = check.prepare(`SELECT name FROM pragma_table_info('t') ORDER BY cid`).pluck().all();
    assert.deepEqual(cols, winner === 'A' ? ['id', 'a', 'n', 'b'] : ['id', 'a', 'n', 'c'], `round ${round}: the schema is the winner's`);
    const col = winner === 'A' ? 'b' : 'c';
    assert.equal(check.prepare(`SELECT count(*) FROM t`).pluck().get(), ROWS, 'no row lost');
    assert.equal(check.prepare(`SELECT count(*) FROM t WHERE ${col} = ?`).pluck().get(winner === 'A' ? 'bee' : 'sea'), ROWS, 'the new column is populated');
    const history = check.prepare('SELECT name FROM _liteform_migrations').pluck().all();
    assert.deepEqual(history, [`apply ${winner === 'A' ? 'a.sql' : 'b.sql'}`], `round ${round}: one history row, the winner's`);
    check.close();
  }
  t.diagnostic(`winners over ${ROUNDS} rounds: A ${winners.A}, B ${winners.B}`);
});
