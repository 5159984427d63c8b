// Issue 13: real projects' SQLite migration histories (vendored under test/histories/<project>/, each
// file naming its project, license and source path) replayed through liteform by the harness in
// test/histories/harness.mjs: for every migration, the schema before it (seeded with rows) is migrated
// to the schema after it and checked at PRAGMA level, rows, foreign keys and an empty second plan.
// A failing transition whose real migration renamed or filled a new column by UPDATE is tried again
// with liteform's hints (`-- @renamed from=…`, `-- @backfill …`): memos 0.27/01 passes only so.
// Every transition that passes today must keep passing; the known failures are listed with their
// reason, and one that starts passing fails this test so the list gets shorter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { execAsDefaultSqlite, root, runCli, tempDir } from './helpers/cases.mjs';
import { loadHistory, replay } from './histories/harness.mjs';

// A RAM-backed temp dir where there is one: the replay writes a few hundred small database files.
const scratchRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** project → { transitions checked, known failures: migration number → why }. */
const projects = {
  atuin: { checked: 11, known: {} },
  'atuin-server': { checked: 6, known: {} },
  shiori: { checked: 3, known: {} },
  memos: {
    checked: 48,
    known: {
      2: 'data step: the CHECK narrows to HOST/USER and the migration rewrites OWNER → HOST (LITEFORM_DATA, correct)',
      14: 'data step: new NOT NULL username filled from email by the migration (needs -- @backfill)',
      62: 'data step: reaction.memo_id NOT NULL filled from a join (needs -- @backfill)',
    },
  },
  synapse: { checked: 26, known: {} },
};

for (const [project, { checked, known }] of Object.entries(projects)) {
  test(`real history ${project}: every transition that passed keeps passing`, () => {
    const workDir = mkdtempSync(join(scratchRoot, `liteform-hist-${project}-`));
    try {
      const results = replay(loadHistory(join(root, 'test', 'histories', project)), { workDir });
      const tried = results.filter((r) => r.status === 'ok' || r.status === 'failed');
      const lines = [];
      for (const r of results) {
        const why = known[r.k];
        if (why !== undefined && r.status === 'ok') lines.push(`${r.k} ${r.name} passes now: remove it from the known failures (${why})`);
        if (why === undefined && (r.status === 'failed' || r.status === 'not-replayed')) lines.push(`${r.k} ${r.name}: ${r.status}: ${r.reason}`);
      }
      assert.deepEqual(lines, []);
      assert.equal(tried.length, checked, `transitions checked (${tried.map((r) => r.k).join(' ')})`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
}

// Class B of test/histories/REPORT.md (memos 0.19/00 and 0.21/01): two ADD COLUMNs leave
// `, memo_id INTEGER, resource_name TEXT …);` on one line, and a hint after its `);` names the last one.
test('a hint after ); on a line holding two columns (as SQLite\'s ADD COLUMN writes them) names the last column', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  const db = new Database(dbPath);
  execAsDefaultSqlite(db, 'CREATE TABLE resource (\n  id INTEGER PRIMARY KEY,\n  size INTEGER NOT NULL DEFAULT 0\n);\nALTER TABLE resource ADD COLUMN memo_id INTEGER;\nALTER TABLE resource ADD COLUMN resource_name TEXT NOT NULL DEFAULT "";');
  db.exec("INSERT INTO resource (size, memo_id, resource_name) VALUES (1, 10, 'a'), (2, 20, 'b')");
  const stored = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'resource'").pluck().get();
  db.close();
  assert.match(stored, /\n, memo_id INTEGER, resource_name TEXT NOT NULL DEFAULT ""\)$/);
  const schema = join(dir, 'desired.sql');
  writeFileSync(schema, `${stored.replace('resource_name TEXT', 'uid TEXT')}; -- @renamed from=resource_name\nCREATE UNIQUE INDEX idx_resource_uid ON resource (uid);\n`);
  const r = runCli(['apply', '--db', dbPath, '--schema', schema]);
  assert.equal(r.code, 0, r.stderr);
  const after = new Database(dbPath);
  assert.deepEqual(after.prepare('SELECT memo_id, uid FROM resource ORDER BY id').raw().all(), [[10, 'a'], [20, 'b']]);
  after.close();
});

// The migrations workflow on a sample: a first file building current (recorded with `baseline`), then
// `plan --dir` writes the transition's file and `apply --dir` runs it; the same checks after it.
const workflowSample = { atuin: [2, 3], memos: [38, 38] };
for (const [project, [from, to]] of Object.entries(workflowSample)) {
  test(`real history ${project} ${from}–${to} through the migrations workflow (plan writes a file, apply runs it)`, () => {
    const workDir = mkdtempSync(join(scratchRoot, `liteform-hist-wf-${project}-`));
    try {
      const results = replay(loadHistory(join(root, 'test', 'histories', project)), { workDir, cli: 'migrations', from, to });
      const checked = results.filter((r) => r.k >= from && r.k <= to && r.status !== 'no-schema-change');
      assert.ok(checked.length > 0);
      assert.deepEqual(checked.filter((r) => r.status !== 'ok').map((r) => `${r.k} ${r.name}: ${r.reason}`), []);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
}
