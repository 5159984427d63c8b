// Issue 8, D1's own runner: `plan --for wrangler-d1` writes files that `wrangler d1 migrations apply` runs as ONE
// D1 batch each (mirrored in test/helpers/wrangler-d1.mjs from workers-sdk's source), keeping every child row of a
// rebuilt parent; and status / check / apply / down adopt a database whose history wrangler keeps in d1_migrations.
import { test } from 'node:test';
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { runCli, tempDir } from './helpers/cases.mjs';
import { makeD1PersistDir } from './helpers/servers.mjs';
import { wranglerMigrationsApply } from './helpers/wrangler-d1.mjs';
import { loadScript } from './helpers/engines.mjs';
import { openEngine } from '../dist/db/engines/open-engine.js';
import { generateMigration } from '../dist/api/generate-migration.js';
import { readEngineLive, readEngineHistory } from '../dist/api/engine-read.js';
import { statusOf, checkOf } from '../dist/api/status.js';
import { migrateEngine } from '../dist/api/migrate-engine.js';
import { downEngine } from '../dist/api/engine-down.js';
import { readMigrationDirectory } from '../dist/migrations/directory.js';
import { splitStatements } from '../dist/model/split-statements.js';

// The cascade family of test/engines-cascade.test.mjs: every kind of reference to a parent that v2 rebuilds.
const v1 = `
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, boss INTEGER REFERENCES parent(id) ON DELETE CASCADE);
CREATE INDEX parent_name ON parent(name);
CREATE VIEW parent_names AS SELECT name FROM parent;
CREATE TABLE c_cascade(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, v TEXT);
CREATE TABLE c_setnull(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE SET NULL, v TEXT);
CREATE TABLE c_setdefault(id INTEGER PRIMARY KEY, pid INTEGER DEFAULT 1 REFERENCES parent(id) ON DELETE SET DEFAULT);
CREATE TABLE c_restrict(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE RESTRICT ON UPDATE RESTRICT);
CREATE TABLE c_noaction(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id));
CREATE TABLE grandchild(id INTEGER PRIMARY KEY, cid INTEGER REFERENCES c_cascade(id) ON DELETE CASCADE, note TEXT);
CREATE TABLE c_selfref(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, prev INTEGER REFERENCES c_selfref(id) ON DELETE CASCADE);
CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);
CREATE TABLE c_trig(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, v TEXT);
CREATE TRIGGER c_trig_ins AFTER INSERT ON c_trig BEGIN INSERT INTO audit(what) VALUES ('ins ' || NEW.id); END;
CREATE TRIGGER c_trig_del AFTER DELETE ON c_trig BEGIN INSERT INTO audit(what) VALUES ('del ' || OLD.id); END;
CREATE TABLE c_autoinc(id INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE);
CREATE TABLE c_worowid(pid INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, k TEXT NOT NULL, PRIMARY KEY (pid, k)) WITHOUT ROWID;
CREATE TABLE c_implicit(pid INTEGER REFERENCES parent(id) ON DELETE CASCADE ON UPDATE CASCADE, v);
`;
// A CHECK on the parent: SQLite cannot add one in place, so the parent is rebuilt.
const v2 = v1.replace('name TEXT NOT NULL, boss', "name TEXT NOT NULL CHECK (length(name) > 0), boss");
const v3 = `${v2}\nCREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT);`;

const seed = `
INSERT INTO parent(id, name, boss) VALUES (1, 'ann', NULL), (2, 'bob', 1), (3, 'cy', 2), (4, 'di', 1), (6, 'gone', NULL);
DELETE FROM parent WHERE id = 6;
INSERT INTO c_cascade VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c');
INSERT INTO c_setnull VALUES (1, 1, 'x'), (2, 4, 'y'), (3, NULL, 'z');
INSERT INTO c_setdefault VALUES (1, 2), (2, 3);
INSERT INTO c_restrict VALUES (1, 1), (2, 4);
INSERT INTO c_noaction VALUES (1, 2), (2, 3);
INSERT INTO grandchild VALUES (1, 1, 'g1'), (2, 3, 'g3');
INSERT INTO c_selfref VALUES (1, 1, NULL), (2, 1, 1), (3, 2, 2);
INSERT INTO c_trig(id, pid, v) VALUES (1, 1, 't1'), (2, 3, 't2');
INSERT INTO c_autoinc(pid) VALUES (1), (2), (3), (4), (1), (2);
DELETE FROM c_autoinc WHERE id > 4;
INSERT INTO c_worowid VALUES (1, 'k1'), (2, 'k2'), (4, 'k4');
INSERT INTO c_implicit(rowid, pid, v) VALUES (10, 1, 1.5), (20, 2, x'00ff'), (30, 3, 'txt'), (40, NULL, NULL);
DELETE FROM c_implicit WHERE rowid = 20;
`;

/** Every user table's rows (rowids included) and sqlite_sequence; d1_migrations and the schema left out. */
async function rows(e) {
  const objs = await e.query(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations' ORDER BY name`);
  const out = {};
  for (const o of objs) {
    const wr = /WITHOUT\s+ROWID\s*$/i.test(o.sql ?? '');
    out[o.name] = o.name === 'sqlite_sequence' ? (await e.query(`SELECT name, seq FROM sqlite_sequence WHERE name <> 'd1_migrations' ORDER BY name`))
      : (await e.query(`SELECT ${wr ? '' : 'rowid AS "<rowid>", '}* FROM "${o.name}" ORDER BY ${wr ? '1, 2' : 'rowid'}`)).map((r) => JSON.stringify(r));
  }
  return out;
}

function project(dir) {
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  const plan = (sql, name) => {
    const schema = join(dir, `${name}.sql`);
    writeFileSync(schema, sql);
    return generateMigration({ schema, dir: migrations, name, for: 'wrangler-d1' });
  };
  return { migrations, plan };
}

async function withD1(persist, id, use) {
  const e = await openEngine(`d1://${id}`, { d1Persist: persist });
  try { return await use(e); } finally { await e.close(); }
}

test('plan --for wrangler-d1: wrangler runs the file as one D1 batch, and a parent rebuilt under CASCADE / SET NULL / SET DEFAULT / RESTRICT / NO ACTION children, grandchildren, self-references, triggers, AUTOINCREMENT and WITHOUT ROWID keeps every row', async () => {
  const persist = makeD1PersistDir();
  const id = 'wrangler-family';
  const p = project(tempDir('liteform-wrangler-'));
  p.plan(v1, 'init');
  assert.deepEqual(await wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations }), ['0001_init.sql']);
  const before = await withD1(persist, id, async (e) => { await loadScript(e, seed); return rows(e); });
  const r = p.plan(v2, 'check_name');
  assert.ok(r.plan.rebuilds.length > 0, 'v2 rebuilds the parent');
  const text = readFileSync(r.file, 'utf8');
  const statements = splitStatements(text).map((s) => s.sql);
  assert.ok(!statements.some((s) => /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(s)), 'no transaction control');
  assert.ok(!statements.some((s) => /^\s*PRAGMA\s+foreign_keys\b/i.test(s)), 'no PRAGMA foreign_keys');
  assert.ok(statements.some((s) => /^\s*PRAGMA\s+defer_foreign_keys\s*=\s*ON/i.test(s)));
  assert.ok(statements.every((s) => Buffer.byteLength(s) <= 100_000));
  assert.doesNotMatch(text, /liteform:foreign-keys off/);
  assert.deepEqual(await wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations }), ['0002_check_name.sql']);
  await withD1(persist, id, async (e) => {
    assert.deepEqual(await rows(e), before, 'every row of every table, rowids, sqlite_sequence and the audit table unchanged');
    assert.deepEqual(await e.query('SELECT * FROM pragma_foreign_key_check'), []);
    assert.match(String((await e.query(`SELECT sql FROM sqlite_schema WHERE name = 'parent'`))[0].sql), /CHECK \(length\(name\) > 0\)/);
    assert.deepEqual(await e.query(`SELECT name FROM sqlite_schema WHERE name LIKE '\\_liteform%' ESCAPE '\\'`), [], 'no scratch table left, no liteform history');
    assert.deepEqual((await e.query('SELECT name FROM d1_migrations ORDER BY id')).map((x) => x.name), ['0001_init.sql', '0002_check_name.sql']);
    // Triggers fire again, ids continue after the kept high-water marks.
    await e.runUnit(["INSERT INTO c_trig(id, pid, v) VALUES (3, 1, 't3')", 'INSERT INTO parent(name) VALUES (\'new\')']);
    assert.deepEqual((await e.query("SELECT what FROM audit ORDER BY id DESC LIMIT 1"))[0].what, 'ins 3');
    assert.equal((await e.query(`SELECT max(id) AS m FROM parent`))[0].m, 7);
  });
});

test('a file whose guard fails leaves the database as it was under wrangler too (the batch is rolled back)', async () => {
  const persist = makeD1PersistDir();
  const id = 'wrangler-guard';
  const p = project(tempDir('liteform-wrangler-guard-'));
  p.plan(v1, 'init');
  await wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations });
  const before = await withD1(persist, id, async (e) => { await loadScript(e, seed); return rows(e); });
  const r = p.plan(v2, 'check_name');
  // Make the file lose rows on purpose: delete a CASCADE child (and so its grandchild) just before the guard.
  const broken = readFileSync(r.file, 'utf8').replace(/(CREATE TABLE "_liteform_rb_guard")/, 'DELETE FROM c_cascade WHERE id = 3;\n$1');
  writeFileSync(r.file, broken);
  await assert.rejects(wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations }), /liteform guard: a row count changed/);
  await withD1(persist, id, async (e) => {
    assert.deepEqual(await rows(e), before);
    assert.deepEqual((await e.query('SELECT name FROM d1_migrations ORDER BY id')).map((x) => x.name), ['0001_init.sql']);
  });
});

test('status, check, apply and down adopt a history kept in d1_migrations by wrangler', async () => {
  const persist = makeD1PersistDir();
  const id = 'wrangler-adopt';
  const dir = tempDir('liteform-wrangler-adopt-');
  const p = project(dir);
  p.plan(v1, 'init');
  p.plan(v2, 'check_name');
  assert.equal((await wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations })).length, 2);
  const migrations = readMigrationDirectory(p.migrations).migrations;
  await withD1(persist, id, async (e) => {
    await loadScript(e, seed);
    const hist = await readEngineHistory(e, migrations);
    assert.deepEqual(hist.map((h) => [h.version, h.name, h.checksum === migrations.find((m) => m.version === h.version).checksum]), [['0001', 'init', true], ['0002', 'check_name', true]]);
    const live = await readEngineLive(e, migrations);
    const st = statusOf((use) => use(live), p.migrations);
    assert.deepEqual([st.current, st.pending, st.problems, st.drift], ['0002', [], [], []]);
    const schema = join(dir, 'v2-check.sql');
    writeFileSync(schema, v2);
    assert.deepEqual(checkOf((use) => use(live), { dir: p.migrations, schema }).problems, []);
    // A new file applied by liteform is recorded where wrangler looks: wrangler then has nothing to do.
    p.plan(v3, 'note');
    const applied = await migrateEngine(e, { dir: p.migrations });
    assert.deepEqual(applied.applied.map((a) => a.version), ['0003']);
    assert.deepEqual((await e.query('SELECT name FROM d1_migrations ORDER BY id')).map((x) => x.name), ['0001_init.sql', '0002_check_name.sql', '0003_note.sql']);
    assert.deepEqual(await e.query(`SELECT name FROM sqlite_schema WHERE name = '_liteform_migrations'`), []);
  });
  assert.deepEqual(await wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations }), []);
  // status through the CLI, then a revert of 0002 (the parent rebuilt back) that forgets it in d1_migrations.
  const at = ['--db', `d1://${id}`, '--d1-persist', persist, '--dir', p.migrations];
  let r = runCli(['status', ...at, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([JSON.parse(r.stdout).current, JSON.parse(r.stdout).problems], ['0003', []]);
  await withD1(persist, id, async (e) => {
    const before = await rows(e);
    const d = await downEngine(e, { dir: p.migrations, to: '0001', allowDestructive: true });
    assert.deepEqual(d.reverted.map((x) => x.version), ['0003', '0002']);
    assert.deepEqual((await e.query('SELECT name FROM d1_migrations ORDER BY id')).map((x) => x.name), ['0001_init.sql']);
    const after = await rows(e);
    delete before.note;
    assert.deepEqual(after, before, 'the revert of the parent rebuild keeps every row too');
  });
  r = runCli(['check', ...at]);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  // wrangler re-applies what was reverted, as it would.
  assert.deepEqual(await wranglerMigrationsApply({ persist, databaseId: id, dir: p.migrations }), ['0002_check_name.sql', '0003_note.sql']);
  assert.ok(readdirSync(p.migrations).includes('liteform.sum'));
});

test('wrangler files through the CLI: plan --for wrangler-d1 writes them, lint finds no hand edits in them, a local file applies them keeping every row; --for in direct mode is refused', () => {
  const dir = tempDir('liteform-wrangler-cli-');
  const migrations = join(dir, 'migrations');
  const schema = join(dir, 'app.sql');
  writeFileSync(schema, v1);
  let r = runCli(['plan', 'init', '--schema', schema, '--dir', migrations, '--for', 'wrangler-d1']);
  assert.equal(r.code, 0, r.stderr);
  const db = join(dir, 'app.db');
  r = runCli(['apply', '--db', db, '--dir', migrations, '--create']);
  assert.equal(r.code, 0, r.stderr);
  const seeding = new Database(db);
  seeding.exec(seed);
  seeding.close();
  writeFileSync(schema, v2);
  r = runCli(['plan', 'check_name', '--schema', schema, '--dir', migrations, '--for', 'wrangler-d1']);
  assert.equal(r.code, 0, r.stderr);
  r = runCli(['lint', '--db', db, '--dir', migrations, '--json']);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  const codes = JSON.parse(r.stdout).findings.map((f) => f.code);
  assert.ok(!codes.some((c) => ['LF301', 'LF302', 'LF303'].includes(c)), codes.join(','));
  r = runCli(['apply', '--db', db, '--dir', migrations, '--no-backup']);
  assert.equal(r.code, 0, r.stderr);
  const reading = new Database(db, { readonly: true });
  const counts = ['c_cascade', 'c_setnull', 'grandchild', 'c_selfref', 'c_trig', 'audit', 'c_autoinc', 'c_worowid', 'c_implicit', 'parent'].map((t) => reading.prepare(`SELECT count(*) AS n FROM ${t}`).get().n);
  assert.deepEqual(reading.prepare('SELECT * FROM pragma_foreign_key_check').all(), []);
  reading.close();
  assert.deepEqual(counts, [3, 3, 2, 3, 2, 2, 4, 3, 3, 4]);
  r = runCli(['plan', '--db', db, '--schema', schema, '--for', 'wrangler-d1', '--json']);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_USAGE');
});
