// Issue 8, every command on every engine: down, baseline, lint --db, diff with a URL, and the backup before a
// remote apply that restore puts back — on a real sqld over HTTP and on D1 through Miniflare. The servers
// start once for the file.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { runCli, tempDir } from './helpers/cases.mjs';
import { resetEngine, loadScript } from './helpers/engines.mjs';
import { startSqld, makeD1PersistDir } from './helpers/servers.mjs';
import { openEngine } from '../dist/db/engines/open-engine.js';
import { migrateEngine } from '../dist/api/migrate-engine.js';
import { downEngine, baselineEngine } from '../dist/api/engine-down.js';
import { readEngineHistory, readEngineLive } from '../dist/api/engine-read.js';
import { statusOf } from '../dist/api/status.js';
import { generateMigration } from '../dist/api/generate-migration.js';

const servers = { engines: [], sqld: null, d1Persist: null };
before(async () => {
  servers.sqld = await startSqld();
  servers.d1Persist = makeD1PersistDir();
  servers.engines.push({ name: 'libsql', engine: await openEngine(servers.sqld.url) });
  servers.engines.push({ name: 'd1', engine: await openEngine('d1://liteform-commands-db', { d1Persist: servers.d1Persist }) });
});
after(async () => {
  for (const o of servers.engines) await o.engine.close();
  await servers.sqld?.stop();
});
const engine = (name) => servers.engines.find((e) => e.name === name).engine;
const kinds = ['libsql', 'd1'];
const q = (n) => `"${String(n).replace(/"/g, '""')}"`;

// v1 → v2 adds an index and a table; v2 → v3 rebuilds the parent of an ON DELETE CASCADE / SET NULL family.
const v1 = `
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
CREATE TABLE child(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, v TEXT);
CREATE TABLE nullable(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE SET NULL);
CREATE TABLE grandchild(id INTEGER PRIMARY KEY, cid INTEGER REFERENCES child(id) ON DELETE CASCADE);
`;
const v2 = `${v1}\nCREATE INDEX child_v ON child(v);\nCREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT);`;
const v3 = v2.replace('name TEXT)', "name TEXT NOT NULL DEFAULT 'none', extra TEXT CHECK (extra <> ''))");
const rows = "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (5, 'c'); DELETE FROM parent WHERE id = 5; INSERT INTO child VALUES (1, 1, 'x'), (2, 2, 'y'), (3, 2, 'z'); INSERT INTO nullable VALUES (1, 1), (2, 2); INSERT INTO grandchild VALUES (1, 1), (2, 3)";

/** A migrations directory with the given versions, made by `plan` as a user would. */
function makeDirectory(versions = [v1, v2]) {
  const dir = tempDir('liteform-engine-cmd-');
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  for (const [i, sql] of versions.entries()) {
    const schema = join(dir, `v${i + 1}.sql`);
    writeFileSync(schema, sql);
    generateMigration({ schema, dir: migrations, name: `v${i + 1}` });
  }
  return { dir, migrations, schema: (sql, name) => { const p = join(dir, name); writeFileSync(p, sql); return p; } };
}

async function dump(e) {
  const objs = await e.query(`SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name`);
  const out = { '<schema>': objs.map((o) => `${o.type} ${o.name}: ${o.sql}`) };
  for (const o of objs.filter((x) => x.type === 'table')) out[o.name] = await e.query(`SELECT * FROM ${q(o.name)} ORDER BY 1`);
  return out;
}

/** Every user table's rows (history and sqlite_sequence left out: a revert changes them on purpose). */
async function userRows(e) {
  const d = await dump(e);
  delete d['<schema>'];
  delete d._liteform_migrations;
  delete d.sqlite_sequence;
  return d;
}

for (const kind of kinds) {
  describe(`down and baseline on ${kind}`, () => {
    test('down reverts a parent rebuild in one unit and keeps every child row (CASCADE, SET NULL, grandchild) and the AUTOINCREMENT counter; status agrees', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory([v1, v2, v3]);
      await migrateEngine(e, { dir: d.migrations, to: '0002' });
      await loadScript(e, rows);
      if (e.capabilities.foreignKeysOffAroundUnit) {
        await migrateEngine(e, { dir: d.migrations });
      } else {
        // D1 cannot run the 12-step file (the guard refuses it): reach v3 through direct apply, then baseline 0003.
        const { applyEngine } = await import('../dist/api/engine-target.js');
        await applyEngine(e, { schema: d.schema(v3, 'v3.sql') });
        await e.runUnit([`DELETE FROM _liteform_migrations WHERE version NOT IN ('0001', '0002')`]);
        await baselineEngine(e, { dir: d.migrations, version: '0003' });
      }
      assert.deepEqual((await readEngineHistory(e)).map((h) => h.version), ['0001', '0002', '0003']);
      const before = await userRows(e);
      const seq = await e.query(`SELECT seq FROM sqlite_sequence WHERE name = 'parent'`);
      const r = await downEngine(e, { dir: d.migrations, allowDestructive: true });
      assert.deepEqual(r.reverted.map((x) => x.version), ['0003']);
      assert.equal(r.current, '0002');
      const after = await userRows(e);
      assert.deepEqual(after.child, before.child);
      assert.deepEqual(after.nullable, before.nullable);
      assert.deepEqual(after.grandchild, before.grandchild);
      assert.deepEqual(after.parent.map((p) => [p.id, p.name]), before.parent.map((p) => [p.id, p.name]));
      assert.deepEqual(await e.query(`SELECT seq FROM sqlite_sequence WHERE name = 'parent'`), seq);
      assert.deepEqual(await e.query('SELECT * FROM pragma_foreign_key_check'), []);
      const live = await readEngineLive(e);
      const st = statusOf((use) => use(live), d.migrations);
      assert.deepEqual([st.current, st.drift, st.problems], ['0002', [], []]);
      assert.deepEqual(st.pending.map((p) => p.version), ['0003']);
    });

    test('down --to 0: a destructive revert is refused without --allow-destructive (nothing changes); a dry run changes nothing; then every version is reverted', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await migrateEngine(e, { dir: d.migrations });
      await loadScript(e, rows);
      const before = await dump(e);
      await assert.rejects(downEngine(e, { dir: d.migrations, to: '0' }), (err) => err.code === 'LITEFORM_DESTRUCTIVE');
      assert.deepEqual(await dump(e), before);
      const dry = await downEngine(e, { dir: d.migrations, to: '0', dryRun: true, allowDestructive: true });
      assert.deepEqual(dry.reverted.map((x) => x.version), ['0002', '0001']);
      assert.deepEqual(await dump(e), before);
      const r = await downEngine(e, { dir: d.migrations, to: '0', allowDestructive: true });
      assert.deepEqual([r.reverted.map((x) => x.version), r.current], [['0002', '0001'], null]);
      assert.deepEqual(await readEngineHistory(e), []);
      const left = await e.query(`SELECT name FROM sqlite_schema WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND tbl_name NOT IN ('_liteform_migrations', 'sqlite_sequence')`);
      assert.deepEqual(left, []);
    });

    test('down refuses a drifted database, changing nothing', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await migrateEngine(e, { dir: d.migrations });
      await loadScript(e, 'CREATE TABLE extra(x)');
      const before = await dump(e);
      await assert.rejects(downEngine(e, { dir: d.migrations, allowDestructive: true }), (err) => err.code === 'LITEFORM_DRIFT' && /extra/.test(err.message));
      assert.deepEqual(await dump(e), before);
    });

    test('baseline records an existing database at a version after checking its schema; a mismatch is refused and changes nothing', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await loadScript(e, v2);
      const before = await dump(e);
      await assert.rejects(baselineEngine(e, { dir: d.migrations, version: '0001' }), (err) => err.code === 'LITEFORM_DRIFT');
      assert.deepEqual(await dump(e), before);
      const r = await baselineEngine(e, { dir: d.migrations, version: '0002' });
      assert.deepEqual(r.recorded, ['0001', '0002']);
      assert.deepEqual((await readEngineHistory(e)).map((h) => [h.version, h.applied_by.startsWith('baseline by ')]), [['0001', true], ['0002', true]]);
      assert.deepEqual((await baselineEngine(e, { dir: d.migrations, version: '0002' })).recorded, []);
      assert.equal((await migrateEngine(e, { dir: d.migrations })).status, 'up-to-date');
    });
  });
}

describe('down and baseline through the CLI on remote targets', () => {
  test('d1: baseline, then down, on a persist directory', () => {
    const d = makeDirectory();
    const persist = tempDir('liteform-cli-d1-down-');
    const at = ['--db', 'd1://down-db', '--d1-persist', persist];
    let r = runCli(['apply', ...at, '--dir', d.migrations]);
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['down', ...at, '--dir', d.migrations, '--allow-destructive', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).reverted.map((x) => x.version), ['0002']);
    r = runCli(['baseline', '0002', ...at, '--dir', d.migrations]);
    assert.equal(r.code, 1, 'the schema is at 0001 now');
    assert.match(r.stderr, /LITEFORM_DRIFT|not the one/);
    r = runCli(['baseline', '0001', ...at, '--dir', d.migrations, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).recorded, []);
  });

  test('libsql: down through the CLI', async () => {
    const e = engine('libsql');
    await resetEngine(e);
    const d = makeDirectory();
    const url = servers.sqld.url;
    let r = runCli(['apply', '--db', url, '--dir', d.migrations]);
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['down', '--db', url, '--dir', d.migrations, '--allow-destructive']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /reverted 0002_v2/);
    assert.deepEqual((await readEngineHistory(e)).map((h) => h.version), ['0001']);
  });
});

for (const kind of kinds) {
  describe(`lint --db and diff with a URL on ${kind}`, () => {
    test('lint counts the rows a pending NOT NULL would break, reading history and rows through the engine', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await migrateEngine(e, { dir: d.migrations });
      await loadScript(e, "INSERT INTO parent VALUES (1, 'a'); INSERT INTO child VALUES (1, 1, NULL), (2, 1, 'y'), (3, 1, NULL)");
      generateMigration({ schema: d.schema(v2.replace(', v TEXT)', ', v TEXT NOT NULL)'), 'v3.sql'), dir: d.migrations, name: 'v3' });
      const { lintEngine } = await import('../dist/api/engine-lint.js');
      const { readMigrationDirectory } = await import('../dist/migrations/directory.js');
      const r = await lintEngine(e, readMigrationDirectory(d.migrations));
      assert.deepEqual(r.files.map((f) => f.slice(0, 4)), ['0003']);
      const hit = r.findings.find((f) => f.breakingRows !== undefined);
      assert.ok(hit, JSON.stringify(r.findings));
      assert.equal(hit.breakingRows, 2);
      assert.equal(hit.level, 'error');
      assert.ok(r.errors > 0);
    });

    test('diff: a URL against a schema file, and against itself', async () => {
      const e = engine(kind);
      await resetEngine(e);
      await loadScript(e, v1);
      const { diffTarget } = await import('../dist/api/engine-lint.js');
      const url = kind === 'libsql' ? servers.sqld.url : 'd1://liteform-commands-db';
      const conn = kind === 'd1' ? { d1Persist: servers.d1Persist } : {};
      const d = makeDirectory([]);
      const same = await diffTarget(url, d.schema(v1, 'same.sql'), conn);
      assert.deepEqual([same.changes, same.unified, same.from.kind], [[], '', 'database']);
      const other = await diffTarget(d.schema(v2, 'v2.sql'), url, conn);
      assert.ok(other.changes.length > 0);
      assert.match(other.unified, /child_v/);
      assert.match(other.unified, /note/);
    });
  });
}

describe('lint and diff through the CLI on remote targets', () => {
  test('libsql: lint --db URL and diff URL file --exit-code', async () => {
    const e = engine('libsql');
    await resetEngine(e);
    const d = makeDirectory();
    const url = servers.sqld.url;
    let r = runCli(['apply', '--db', url, '--dir', d.migrations, '--to', '0001']);
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['lint', '--db', url, '--dir', d.migrations, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).files.map((f) => f.slice(0, 4)), ['0002']);
    r = runCli(['diff', url, d.schema(v2, 'v2.sql'), '--exit-code']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /child_v/);
    r = runCli(['diff', url, `${d.migrations}@0001`, '--exit-code']);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  });

  test('d1: diff d1://id with --d1-persist', () => {
    const d = makeDirectory();
    const persist = tempDir('liteform-cli-d1-diff-');
    let r = runCli(['apply', '--db', 'd1://diff-db', '--d1-persist', persist, '--dir', d.migrations]);
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['diff', 'd1://diff-db', d.migrations, '--d1-persist', persist, '--exit-code', '--json']);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).from.kind, 'database');
  });
});

// Everything a backup must carry: odd values, rowids with gaps, AUTOINCREMENT counters, WITHOUT ROWID, a view,
// an index and a trigger (put back after the rows, so it does not fire during the restore).
const rich = `
CREATE TABLE kinds(id INTEGER PRIMARY KEY AUTOINCREMENT, r REAL, b BLOB, t TEXT, n);
CREATE TABLE implicit(a, b);
CREATE TABLE wr(k TEXT PRIMARY KEY, v INTEGER REFERENCES kinds(id) ON DELETE CASCADE) WITHOUT ROWID;
CREATE TABLE "odd ""name"""(x INTEGER, g TEXT GENERATED ALWAYS AS (x * 2) VIRTUAL);
CREATE TABLE log(id INTEGER PRIMARY KEY, what TEXT);
CREATE INDEX kinds_t ON kinds(t);
CREATE VIEW kinds_v AS SELECT id, t FROM kinds;
CREATE TRIGGER kinds_ins AFTER INSERT ON kinds BEGIN INSERT INTO log(what) VALUES ('ins ' || NEW.id); END;
`;
const richRows = `
INSERT INTO kinds(id, r, b, t, n) VALUES (1, 0.1, x'00ff10', 'it''s', NULL), (2, 1.0, x'', 'line1
line2; not a statement end', 3), (3, -1e300, NULL, 'ünïcødé ✓', 2.5), (9, NULL, NULL, NULL, 'x');
DELETE FROM kinds WHERE id = 9;
INSERT INTO implicit(rowid, a, b) VALUES (5, 1, 'one'), (7, 2, 'two'), (100, NULL, x'ab');
INSERT INTO wr VALUES ('a', 1), ('b', 2);
INSERT INTO "odd ""name"""(x) VALUES (21);
`;

async function fullDump(e) {
  const d = await dump(e);
  d['<sequence>'] = (await e.query(`SELECT name, seq FROM sqlite_sequence ORDER BY name`).catch(() => []));
  delete d.sqlite_sequence;
  return JSON.parse(JSON.stringify(d, (_k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? `blob:${Buffer.from(v.buffer ?? v).toString('hex')}` : v)));
}

for (const kind of kinds) {
  describe(`backup before a remote apply, and restore, on ${kind}`, () => {
    test('apply --dir takes a SQL backup first; restore puts back every object, row, rowid and counter in one unit, triggers not fired', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory([rich, `${rich}\nCREATE TABLE later(x);`]);
      const backups = join(d.dir, 'backups');
      await migrateEngine(e, { dir: d.migrations, to: '0001' });
      await loadScript(e, richRows);
      const before = await fullDump(e);
      const r = await migrateEngine(e, { dir: d.migrations, backup: { dir: backups, keep: 2, name: kind === 'd1' ? 'd1://liteform-commands-db' : 'http://user:secret@127.0.0.1:1/?authToken=secret' } });
      assert.ok(r.backup && r.backup.endsWith('.sql'), String(r.backup));
      assert.doesNotMatch(r.backup, /secret/);
      await loadScript(e, "DELETE FROM wr; DELETE FROM kinds WHERE id = 1; INSERT INTO implicit VALUES (9, 9)");
      const { restoreEngine, listEngineBackups } = await import('../dist/api/engine-restore.js');
      assert.equal(listEngineBackups(backups, kind === 'd1' ? 'd1://liteform-commands-db' : 'http://127.0.0.1:1').length, 1);
      await restoreEngine(e, readFileSync(r.backup, 'utf8'));
      assert.deepEqual(await fullDump(e), before);
      assert.deepEqual((await readEngineHistory(e)).map((h) => h.version), ['0001']);
      // The trigger is back and fires; ids continue after the kept counter (9 was deleted).
      await loadScript(e, "INSERT INTO kinds(t) VALUES ('new')");
      assert.deepEqual(await e.query('SELECT max(id) AS m FROM kinds'), [{ m: 10 }]);
      assert.equal((await e.query(`SELECT what FROM log ORDER BY id DESC LIMIT 1`))[0].what, 'ins 10');
    });

    test('a backup whose last statement fails changes nothing (the restore is one unit)', async () => {
      const e = engine(kind);
      await resetEngine(e);
      await loadScript(e, rich);
      await loadScript(e, richRows);
      const before = await fullDump(e);
      const { restoreEngine } = await import('../dist/api/engine-restore.js');
      const { dumpEngine } = await import('../dist/db/engines/dump.js');
      const text = await dumpEngine(e);
      await assert.rejects(restoreEngine(e, `${text}\nINSERT INTO no_such_table VALUES (1);\n`));
      assert.deepEqual(await fullDump(e), before);
    });

    test('a backup of a local file (.db) restores onto the remote database', async () => {
      const e = engine(kind);
      await resetEngine(e);
      await loadScript(e, 'CREATE TABLE gone(x); INSERT INTO gone VALUES (1)');
      const dir = tempDir('liteform-file-backup-');
      const path = join(dir, 'app.db');
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(path);
      db.exec(rich);
      db.exec(richRows);
      db.close();
      const { restoreTarget } = await import('../dist/api/engine-restore.js');
      if (kind === 'libsql') await restoreTarget({ db: servers.sqld.url, backupDir: dir, backup: path });
      else await restoreTarget({ db: 'd1://liteform-commands-db', d1Persist: servers.d1Persist, backupDir: dir, backup: path });
      const after = await fullDump(e);
      assert.equal(after.gone, undefined);
      assert.equal(after.kinds.length, 3);
      assert.deepEqual(await e.query('SELECT rowid AS r, quote(b) AS q FROM implicit ORDER BY rowid'), [{ r: 5, q: "'one'" }, { r: 7, q: "'two'" }, { r: 100, q: "X'AB'" }]);
      assert.deepEqual(await e.query('SELECT id, quote(r) AS r, quote(b) AS b FROM kinds ORDER BY id'), [{ id: 1, r: '0.1', b: "X'00FF10'" }, { id: 2, r: '1.0', b: "X''" }, { id: 3, r: '-1.0e+300', b: 'NULL' }]);
      assert.deepEqual(after['<sequence>'], [{ name: 'kinds', seq: 9 }]);
      assert.deepEqual(after.log.map((l) => l.what), ['ins 1', 'ins 2', 'ins 3', 'ins 9'], 'the log as in the file: the trigger did not fire again during the restore');
    });
  });
}

describe('restore through the CLI on a remote target', () => {
  test('d1: apply --dir writes a backup to the backups directory; restore --db d1://… puts it back', async () => {
    const d = makeDirectory();
    const persist = tempDir('liteform-cli-d1-restore-');
    const backups = join(d.dir, 'bk');
    const at = ['--db', 'd1://restore-db', '--d1-persist', persist];
    const env = { LITEFORM_BACKUP_DIR: backups };
    let r = runCli(['apply', ...at, '--dir', d.migrations, '--to', '0001'], { env });
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['apply', ...at, '--dir', d.migrations, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const backup = JSON.parse(r.stdout).backup;
    assert.match(backup, /d1-restore-db-0002-\d{8}T\d{6}Z\.sql$/);
    r = runCli(['restore', ...at, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).restored, backup);
    r = runCli(['status', ...at, '--dir', d.migrations, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([JSON.parse(r.stdout).current, JSON.parse(r.stdout).drift], ['0001', []]);
    r = runCli(['restore', '--db', 'd1://other-db', '--d1-persist', persist, '--json'], { env });
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_FILE_NOT_FOUND');
  });
});

test('a SQL backup of a remote database restores into a local file (one transaction); a broken one leaves the file byte for byte as it was', async () => {
  const e = engine('d1');
  await resetEngine(e);
  await loadScript(e, rich);
  await loadScript(e, richRows);
  const { dumpEngine } = await import('../dist/db/engines/dump.js');
  const { restoreTarget } = await import('../dist/api/engine-restore.js');
  const dir = tempDir('liteform-dump-to-file-');
  const sql = join(dir, 'remote.sql');
  writeFileSync(sql, await dumpEngine(e));
  const path = join(dir, 'app.db');
  const Database = (await import('better-sqlite3')).default;
  const seeded = new Database(path);
  seeded.exec('CREATE TABLE old(x); INSERT INTO old VALUES (1);');
  seeded.close();
  const { createHash } = await import('node:crypto');
  const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
  const broken = join(dir, 'broken.sql');
  writeFileSync(broken, `${readFileSync(sql, 'utf8')}\nINSERT INTO no_such_table VALUES (1);\n`);
  const before = hash();
  await assert.rejects(restoreTarget({ db: path, backupDir: dir, backup: broken }));
  assert.equal(hash(), before);
  await restoreTarget({ db: path, backupDir: dir, backup: sql });
  const local = await openEngine(path);
  try {
    // The dump itself is the comparison: schema text, every value as quote() writes it, rowids, counters.
    assert.equal(await dumpEngine(local), await dumpEngine(e));
    assert.deepEqual(await local.query(`SELECT name FROM sqlite_schema WHERE name = 'old'`), []);
  } finally {
    await local.close();
  }
});

for (const kind of kinds) {
  test(`${kind}: the history check aborts a unit when another process applied or reverted a version since the history was read (LITEFORM_DB_LOCKED, nothing changed)`, async () => {
    const e = engine(kind);
    await resetEngine(e);
    const d = makeDirectory();
    await migrateEngine(e, { dir: d.migrations });
    const { historyCheckStatements } = await import('../dist/db/engines/plan-unit.js');
    const { runUnitMapped } = await import('../dist/api/engine-target.js');
    const { readEngineHistoryStore, newestEntrySql } = await import('../dist/api/engine-history.js');
    const store = await readEngineHistoryStore(e);
    const before = await dump(e);
    // As if 0002 had been reverted by someone else after this process read '0001' as the newest.
    await assert.rejects(runUnitMapped(e, [...historyCheckStatements(newestEntrySql(store), '0001'), 'DROP TABLE note'], false),
      (err) => err.code === 'LITEFORM_DB_LOCKED' && /history changed/.test(err.message));
    assert.deepEqual(await dump(e), before);
    await runUnitMapped(e, historyCheckStatements(newestEntrySql(store), '0002'), false);
  });
}
