// `down --to V --dry-run` across several versions reports exactly the plans the real `down --to V`
// runs (each revert planned from the schema the previous one leaves), refuses exactly when the real
// run refuses, and leaves the database file byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

const versions = [
  ['create users', `tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true, autoincrement: true }
      email: { type: TEXT, notNull: true, unique: true }
`],
  ['add name', `tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true, autoincrement: true }
      email: { type: TEXT, notNull: true, unique: true }
      name: { type: TEXT, notNull: true, default: '' }
`],
  ['posts', `tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true, autoincrement: true }
      email: { type: TEXT, notNull: true, unique: true }
      name: { type: TEXT, notNull: true, default: '' }
  posts:
    columns:
      id: { type: INTEGER, primaryKey: true }
      user_id: { type: INTEGER, notNull: true, references: { table: users, column: id, onDelete: CASCADE } }
      body: TEXT
    indexes:
      posts_user: { columns: [user_id] }
`],
  ['rename name', `tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true, autoincrement: true }
      email: { type: TEXT, notNull: true, unique: true }
      full_name: { type: TEXT, notNull: true, default: '', renamedFrom: name }
  posts:
    columns:
      id: { type: INTEGER, primaryKey: true }
      user_id: { type: INTEGER, notNull: true, references: { table: users, column: id, onDelete: CASCADE } }
      body: TEXT
    indexes:
      posts_user: { columns: [user_id] }
views:
  post_counts: "SELECT user_id, count(*) AS n FROM posts GROUP BY user_id"
`],
];

const filesOf = (db) => [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].filter(existsSync);
const hashFiles = (db) => Object.fromEntries(filesOf(db).map((f) => [f, createHash('sha256').update(readFileSync(f)).digest('hex')]));

/** A project at version 0004, with rows in every table. */
function project() {
  const cwd = tempDir('liteform-down-');
  const cli = (...args) => runCli(args, { cwd });
  assert.equal(cli('init').code, 0);
  for (const [name, yaml] of versions) {
    writeFileSync(join(cwd, 'schema/app.yaml'), yaml);
    let r = cli('plan', name);
    assert.equal(r.code, 0, r.stderr);
    r = cli('apply', '--create', '--no-backup');
    assert.equal(r.code, 0, r.stderr);
  }
  const db = new Database(join(cwd, 'app.db'));
  db.exec(`INSERT INTO users (email, full_name) VALUES ('a@x', 'Ann'), ('b@x', 'Bob');
           INSERT INTO posts (user_id, body) VALUES (1, 'hello'), (2, 'world'), (2, 'again');`);
  db.close();
  return { cwd, cli, db: join(cwd, 'app.db') };
}

test('down --to across three versions: the dry run reports the real run\'s plans and changes nothing', () => {
  const { cli, db } = project();
  const before = hashFiles(db);

  const dry = cli('down', '--to', '0001', '--dry-run', '--allow-destructive', '--json');
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(hashFiles(db), before, 'the dry run left the database files byte-identical');
  const human = cli('down', '--to', '0001', '--dry-run', '--allow-destructive');
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /would revert 0004_rename_name[\s\S]*would revert 0003_posts[\s\S]*would revert 0002_add_name/);
  assert.deepEqual(hashFiles(db), before);

  const real = cli('down', '--to', '0001', '--allow-destructive', '--json');
  assert.equal(real.code, 0, real.stderr);
  const d = JSON.parse(dry.stdout);
  const r = JSON.parse(real.stdout);
  assert.deepEqual(d.reverted.map((x) => x.version), ['0004', '0003', '0002']);
  assert.deepEqual(d, r, 'the dry run\'s plans are the real run\'s plans, step for step');
  assert.ok(d.reverted.every((x) => x.plan.steps.length > 0), 'every revert has steps');

  // The real run did what the plans said: back at 0001, rows kept (the rename reversed, not dropped).
  const s = JSON.parse(cli('status', '--json').stdout);
  assert.equal(s.current, '0001');
  assert.deepEqual(s.drift, []);
  const after = new Database(db, { readonly: true });
  assert.deepEqual(after.prepare('SELECT id, email FROM users ORDER BY id').all(), [{ id: 1, email: 'a@x' }, { id: 2, email: 'b@x' }]);
  assert.equal(after.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('posts', 'post_counts')").get().n, 0);
  after.close();
});

test('down --to --dry-run refuses exactly where the real run refuses, and changes nothing', () => {
  const { cli, db } = project();
  const before = hashFiles(db);
  const dry = cli('down', '--to', '0001', '--dry-run');
  assert.equal(dry.code, 1);
  assert.match(dry.stderr, /destroys data/);
  assert.deepEqual(hashFiles(db), before, 'the dry run left the database files byte-identical');
  // The real run reverts 0004 (a rename back: nothing destroyed), then refuses 0003 the same way.
  const real = cli('down', '--to', '0001');
  assert.equal(real.code, 1);
  assert.equal(dry.stderr, real.stderr, 'the same refusal, word for word');
  assert.equal(JSON.parse(cli('status', '--json').stdout).current, '0003');
});

test('down --to --dry-run on a WAL database leaves its files byte-identical and creates none', () => {
  const { cli, db } = project();
  const w = new Database(db);
  w.pragma('journal_mode = WAL');
  w.exec("INSERT INTO users (email, full_name) VALUES ('c@x', 'Cy')");
  w.close();
  const before = hashFiles(db);
  const dry = cli('down', '--to', '0002', '--dry-run', '--allow-destructive', '--json');
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout).reverted.map((x) => x.version), ['0004', '0003']);
  assert.deepEqual(hashFiles(db), before);
});
