// The versioned-migrations workflow end to end, with the real CLI in a temp project:
// init → edit YAML → plan → apply → edit → plan → apply → status/history → tamper (check 2, apply
// refuses) → down → baseline on a copy → check 0. Plus the refusals apply must make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync, readdirSync, existsSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

const v1 = `# yaml-language-server: $schema=../node_modules/liteform/schema/liteform.schema.json
tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true, autoincrement: true }
      email: { type: TEXT, notNull: true, unique: true }
      legacy: TEXT
`;
const v2 = `tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true, autoincrement: true }
      email: { type: TEXT, notNull: true, unique: true }
      legacy: TEXT
      name: { type: TEXT, notNull: true, default: '' }
  posts:
    columns:
      id: { type: INTEGER, primaryKey: true }
      user_id: { type: INTEGER, notNull: true, references: { table: users, column: id, onDelete: CASCADE } }
      body: { type: TEXT, check: "length(body) > 0" }
    indexes:
      posts_user: { columns: [user_id] }
views:
  post_counts: "SELECT user_id, count(*) AS n FROM posts GROUP BY user_id"
`;

function project() {
  const cwd = tempDir('liteform-wf-');
  const cli = (...args) => runCli(args, { cwd });
  return { cwd, cli };
}

test('the workflow, end to end', () => {
  const { cwd, cli } = project();
  let r = cli('init');
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['liteform.yaml', 'schema/app.yaml', 'migrations/liteform.sum']) assert.ok(existsSync(join(cwd, f)), f);

  writeFileSync(join(cwd, 'schema/app.yaml'), v1);
  r = cli('plan', 'create users');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(cwd, 'migrations/0001_create_users.sql')));
  r = cli('plan', '--dry-run');
  assert.match(r.stdout, /No changes/);
  r = cli('apply', '--create');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /applied 0001_create_users/);
  const db = new Database(join(cwd, 'app.db'));
  db.exec("INSERT INTO users (email, legacy) VALUES ('a@x', 'l1'), ('b@x', NULL); DELETE FROM users WHERE id = 2;");
  db.close();

  writeFileSync(join(cwd, 'schema/app.yaml'), v2);
  r = cli('check');
  assert.equal(r.code, 2, 'desired state changed without a migration');
  assert.match(r.stdout, /no migration covers/);
  r = cli('plan', 'add posts', '--dry-run');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(join(cwd, 'migrations/0002_add_posts.sql')), '--dry-run writes nothing');
  r = cli('plan', 'add posts');
  assert.equal(r.code, 0, r.stderr);
  const file2 = readFileSync(join(cwd, 'migrations/0002_add_posts.sql'), 'utf8');
  assert.match(file2, /-- liteform:version 0002/);
  assert.match(file2, /-- liteform:schema-before sha256:/);
  assert.match(file2, /-- create table posts\nCREATE TABLE "posts"/);
  r = cli('apply', '--dry-run');
  assert.match(r.stdout, /Would apply 1 file\(s\):\n  0002_add_posts\.sql/);
  r = cli('apply');
  assert.equal(r.code, 0, r.stderr);

  r = cli('status', '--json');
  const st = JSON.parse(r.stdout);
  assert.equal(st.current, '0002');
  assert.deepEqual(st.pending, []);
  assert.deepEqual(st.drift, []);
  r = cli('history', '--json');
  const hist = JSON.parse(r.stdout).applied;
  assert.deepEqual(hist.map((h) => h.version), ['0001', '0002']);
  for (const h of hist) {
    assert.match(h.checksum, /^[0-9a-f]{64}$/);
    assert.match(h.applied_at, /^\d{4}-/);
    assert.ok(h.duration_ms >= 0 && h.applied_by.length > 0);
  }
  r = cli('check');
  assert.equal(r.code, 0, r.stdout + r.stderr);

  // A backup was taken before the first pending file of each run.
  assert.ok(readdirSync(join(cwd, '.liteform/backups')).length >= 2);

  // Tamper with an applied file: check exits 2, apply refuses, even after rehashing the sum.
  const path1 = join(cwd, 'migrations/0001_create_users.sql');
  const original = readFileSync(path1, 'utf8');
  appendFileSync(path1, '\n-- sneaky edit\n');
  r = cli('check');
  assert.equal(r.code, 2);
  assert.match(r.stdout, /0001_create_users\.sql changed after the sum was written/);
  r = cli('apply');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /changed after the sum was written/);
  r = cli('hash');
  assert.equal(r.code, 0);
  r = cli('apply');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /0001_create_users\.sql changed after it was applied/);
  writeFileSync(path1, original);
  cli('hash');

  // down: revert 0002 (drops the posts table: destructive, refused without the flag).
  r = cli('down');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /destroys data/);
  r = cli('down', '--allow-destructive');
  assert.equal(r.code, 0, r.stderr);
  r = cli('status', '--json');
  assert.equal(JSON.parse(r.stdout).current, '0001');
  assert.deepEqual(JSON.parse(r.stdout).drift, []);
  const after = new Database(join(cwd, 'app.db'));
  assert.deepEqual(after.prepare('SELECT id, email, legacy FROM users').all(), [{ id: 1, email: 'a@x', legacy: 'l1' }]);
  assert.equal(after.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'users'").get().seq, 2, 'AUTOINCREMENT counter survives down');
  after.close();
  r = cli('apply');
  assert.equal(r.code, 0, r.stderr);

  // baseline: a copy of the database without history, recorded as being at 0002.
  const copy = join(cwd, 'copy.db');
  copyFileSync(join(cwd, 'app.db'), copy);
  const c = new Database(copy);
  c.exec('DROP TABLE _liteform_migrations');
  c.close();
  r = cli('baseline', '0001', '--db', copy);
  assert.equal(r.code, 1, 'schema at 0002 is not the schema at 0001');
  assert.match(r.stderr, /table posts is not in the desired state|posts/);
  r = cli('baseline', '0002', '--db', copy);
  assert.equal(r.code, 0, r.stderr);
  r = cli('check', '--db', copy);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('apply refuses a database that is ahead of the code, naming both versions', () => {
  const { cwd, cli } = project();
  cli('init');
  writeFileSync(join(cwd, 'schema/app.yaml'), v1);
  cli('plan', 'one');
  assert.equal(cli('apply', '--create').code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.prepare("INSERT INTO _liteform_migrations VALUES ('0007', 'future', 'x', '2026-01-01', 'ci', 1, 1)").run();
  db.close();
  const r = cli('apply');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /database is at 0007 \(future\), this code knows up to 0001 — deploy newer code/);
  assert.equal(cli('check').code, 2);
});

test('environments: --env picks the database from liteform.yaml; flags beat env vars beat the file', () => {
  const { cwd, cli } = project();
  cli('init');
  writeFileSync(join(cwd, 'schema/app.yaml'), v1);
  cli('plan', 'one');
  assert.equal(cli('apply', '--env', 'qa', '--create').code, 0);
  assert.ok(existsSync(join(cwd, 'qa.db')));
  assert.ok(!existsSync(join(cwd, 'app.db')));
  let r = runCli(['status', '--json'], { cwd, env: { LITEFORM_DB: join(cwd, 'qa.db') } });
  assert.equal(JSON.parse(r.stdout).current, '0001');
  r = runCli(['status', '--json', '--db', join(cwd, 'nope.db')], { cwd, env: { LITEFORM_DB: join(cwd, 'qa.db') } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nope\.db: database file does not exist/);
  r = cli('apply', '--env', 'staging', '--create');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /environment 'staging' is not defined/);
  assert.match(r.stderr, /known environments: dev, qa, prod/);
});

test('two branches adding the same version are refused with a clear message', () => {
  const { cwd, cli } = project();
  cli('init');
  writeFileSync(join(cwd, 'schema/app.yaml'), v1);
  cli('plan', 'one');
  copyFileSync(join(cwd, 'migrations/0001_one.sql'), join(cwd, 'migrations/0001_other.sql'));
  const r = cli('apply');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /version 0001 is used by both 0001_one\.sql and 0001_other\.sql/);
});

test('a failing migration rolls back its file, keeps earlier files, and names file and line', () => {
  const { cwd, cli } = project();
  cli('init');
  writeFileSync(join(cwd, 'schema/app.yaml'), v1);
  cli('plan', 'one');
  assert.equal(cli('apply', '--create').code, 0);
  writeFileSync(join(cwd, 'migrations/0002_bad.sql'), '-- hand written\nCREATE TABLE t (a INTEGER);\nINSERT INTO nope VALUES (1);\n');
  cli('hash');
  const r = cli('apply');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /0002_bad\.sql:3:1: no such table: nope/);
  const db = new Database(join(cwd, 'app.db'));
  assert.equal(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 't'").get().n, 0, 'the failing file left nothing behind');
  assert.equal(db.prepare('SELECT count(*) AS n FROM _liteform_migrations').get().n, 1);
  db.close();
});
