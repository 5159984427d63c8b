// Issue 8, the versioned workflow and the read-only commands on the remote engines (libSQL over HTTP on a
// real sqld, D1 through Miniflare): `apply --dir` runs each file as one unit with its history row and refuses
// a tampered directory or a database ahead of it as for a file; status, history, check and inspect read the
// database through the engine layer. The servers start once for the file.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, readFileSync, mkdirSync, rmSync, readdirSync } from 'node:fs';
import { runCli, tempDir } from './helpers/cases.mjs';
import { resetEngine, loadScript, countingEngine } from './helpers/engines.mjs';
import { startSqld, makeD1PersistDir, makeJwtAuth } from './helpers/servers.mjs';
import { openEngine } from '../dist/db/engines/open-engine.js';
import { migrateEngine } from '../dist/api/migrate-engine.js';
import { readEngineLive, readEngineHistory } from '../dist/api/engine-read.js';
import { statusOf, checkOf } from '../dist/api/status.js';
import { generateMigration } from '../dist/api/generate-migration.js';
import { writeSum } from '../dist/migrations/directory.js';

const servers = { engines: [], sqld: null };
before(async () => {
  servers.sqld = await startSqld();
  servers.engines.push({ name: 'libsql', engine: await openEngine(servers.sqld.url) });
  servers.engines.push({ name: 'd1', engine: await openEngine('d1://liteform-workflow-db', { d1Persist: makeD1PersistDir() }) });
});
after(async () => {
  for (const o of servers.engines) await o.engine.close();
  await servers.sqld?.stop();
});
const engine = (name) => servers.engines.find((e) => e.name === name).engine;
const kinds = ['libsql', 'd1'];
const q = (n) => `"${String(n).replace(/"/g, '""')}"`;

const v1 = `
CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE child(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, v TEXT);
`;
const v2 = `${v1}\nCREATE INDEX child_v ON child(v);\nCREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT);`;
// v3 rebuilds the parent (NOT NULL with a default): the file holds the 12-step rebuild with DROP TABLE parent.
const v3 = v2.replace('name TEXT)', "name TEXT NOT NULL DEFAULT 'none')");

/** A migrations directory with 0001 (v1) and 0002 (v2), made by `plan` as a user would. */
function makeDirectory() {
  const dir = tempDir('liteform-engine-wf-');
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  for (const [i, sql] of [v1, v2].entries()) {
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

for (const kind of kinds) {
  describe(`versioned workflow on ${kind}`, () => {
    test('apply --dir: each file one unit with its history row; status, check agree; a second run has nothing to do', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      const first = await migrateEngine(e, { dir: d.migrations, to: '0001' });
      assert.deepEqual(first.applied.map((a) => a.version), ['0001']);
      await loadScript(e, "INSERT INTO parent VALUES (1, 'a'), (2, NULL); INSERT INTO child VALUES (1, 1, 'x'), (2, 2, 'y'), (3, 2, 'z')");
      const r = await migrateEngine(e, { dir: d.migrations });
      assert.equal(r.status, 'migrated');
      assert.deepEqual(r.applied.map((a) => a.version), ['0002']);
      const hist = await readEngineHistory(e);
      assert.deepEqual(hist.map((h) => [h.version, h.name]), [['0001', 'v1'], ['0002', 'v2']]);
      const files = readdirSync(d.migrations).filter((f) => f.endsWith('.sql')).sort();
      assert.equal(hist[1].checksum, (await import('node:crypto')).createHash('sha256').update(readFileSync(join(d.migrations, files[1]))).digest('hex'));
      assert.equal((await e.query('SELECT count(*) AS n FROM child'))[0].n, 3);
      const live = await readEngineLive(e);
      const st = statusOf((use) => use(live), d.migrations);
      assert.equal(st.current, '0002');
      assert.deepEqual([st.pending, st.problems, st.drift], [[], [], []]);
      assert.deepEqual(checkOf((use) => use(live), { dir: d.migrations, schema: d.schema(v2, 'check.sql') }).problems, []);
      assert.equal((await migrateEngine(e, { dir: d.migrations })).status, 'up-to-date');
    });

    test('refuses a file edited after it was applied, and a database ahead of the directory, changing nothing', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await migrateEngine(e, { dir: d.migrations });
      const before = await dump(e);
      const files = readdirSync(d.migrations).filter((f) => f.endsWith('.sql')).sort();
      // Edited and re-hashed (the sum is intact, the recorded checksum is not).
      writeFileSync(join(d.migrations, files[0]), `${readFileSync(join(d.migrations, files[0]), 'utf8')}\n-- edited\n`);
      writeSum(d.migrations);
      await assert.rejects(migrateEngine(e, { dir: d.migrations }), (err) => err.code === 'LITEFORM_CHECKSUM_MISMATCH');
      const live = await readEngineLive(e);
      assert.ok(statusOf((use) => use(live), d.migrations).problems.length > 0);
      // The directory loses its last file: the database is ahead.
      rmSync(join(d.migrations, files[1]));
      writeFileSync(join(d.migrations, files[0]), readFileSync(join(d.migrations, files[0]), 'utf8').replace('\n-- edited\n', ''));
      writeSum(d.migrations);
      await assert.rejects(migrateEngine(e, { dir: d.migrations }), (err) => err.code === 'LITEFORM_DB_AHEAD');
      assert.deepEqual(await dump(e), before);
    });

    test(`a file that rebuilds a CASCADE parent: ${kind === 'libsql' ? 'FK enforcement off around the unit keeps every child row' : 'the guard aborts it (D1 cannot turn FK enforcement off) and nothing changes'}`, async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await migrateEngine(e, { dir: d.migrations });
      await loadScript(e, "INSERT INTO parent VALUES (1, 'a'), (2, NULL); INSERT INTO child VALUES (1, 1, 'x'), (2, 2, 'y'), (3, 2, 'z')");
      generateMigration({ schema: d.schema(v3, 'v3.sql'), dir: d.migrations, name: 'v3' });
      const before = await dump(e);
      if (e.capabilities.foreignKeysOffAroundUnit) {
        const r = await migrateEngine(e, { dir: d.migrations });
        assert.deepEqual(r.applied.map((a) => a.version), ['0003']);
        assert.deepEqual(await e.query('SELECT * FROM child ORDER BY id'), before.child);
        assert.deepEqual(await e.query('SELECT id, name FROM parent ORDER BY id'), [{ id: 1, name: 'a' }, { id: 2, name: 'none' }]);
      } else {
        await assert.rejects(migrateEngine(e, { dir: d.migrations }), (err) => err.code === 'LITEFORM_DATA' && /row count changed/.test(err.message) && /0003/.test(err.message));
        assert.deepEqual(await dump(e), before);
      }
    });

    test('status and check read the database in a bounded number of round trips', async () => {
      const e = engine(kind);
      await resetEngine(e);
      const d = makeDirectory();
      await migrateEngine(e, { dir: d.migrations });
      const { engine: counted, counter } = countingEngine(e);
      await readEngineLive(counted);
      assert.equal(counter.queries, 3, 'history columns, history rows, one introspection');
    });
  });
}

describe('the CLI on remote targets', () => {
  test('libsql: apply --dir, status, history, check, inspect through the CLI', async () => {
    const e = engine('libsql');
    await resetEngine(e);
    const d = makeDirectory();
    const url = servers.sqld.url;
    let r = runCli(['apply', '--db', url, '--dir', d.migrations]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /applied 0001_v1/);
    r = runCli(['status', '--db', url, '--dir', d.migrations, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).current, '0002');
    r = runCli(['history', '--db', url, '--json']);
    assert.deepEqual(JSON.parse(r.stdout).applied.map((h) => h.version), ['0001', '0002']);
    r = runCli(['check', '--db', url, '--dir', d.migrations, '--schema', d.schema(v2, 'c.sql')]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    r = runCli(['check', '--db', url, '--dir', d.migrations, '--schema', d.schema(v3, 'c3.sql')]);
    assert.equal(r.code, 2, 'a desired change no migration covers');
    r = runCli(['inspect', '--db', url]);
    assert.equal(r.code, 0, r.stderr);
    const inspected = join(d.dir, 'inspected.yaml');
    writeFileSync(inspected, r.stdout);
    r = runCli(['plan', '--db', url, '--schema', inspected, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).changes, []);
  });

  test('d1: apply --dir, status, history, inspect through the CLI on a persist directory', () => {
    const d = makeDirectory();
    const persist = tempDir('liteform-cli-d1-wf-');
    const at = ['--db', 'd1://wf-db', '--d1-persist', persist];
    let r = runCli(['apply', ...at, '--dir', d.migrations]);
    assert.equal(r.code, 0, r.stderr);
    r = runCli(['status', ...at, '--dir', d.migrations, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const st = JSON.parse(r.stdout);
    assert.deepEqual([st.current, st.problems, st.drift], ['0002', [], []]);
    r = runCli(['history', ...at]);
    assert.match(r.stdout, /0002/);
    r = runCli(['inspect', ...at, '--format', 'sql']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /CREATE TABLE "?child"?/);
    assert.doesNotMatch(r.stdout, /_cf_/);
  });

  test('libsql with JWT auth: --auth-token / LITEFORM_AUTH_TOKEN reach the server; a wrong one is LITEFORM_AUTH; neither is ever printed', async () => {
    const auth = makeJwtAuth();
    const other = makeJwtAuth();
    const secured = await startSqld({ jwtPublicKeyPem: auth.publicKeyPem });
    try {
      const d = makeDirectory();
      const schema = d.schema(v1, 'auth.sql');
      let r = runCli(['apply', '--db', secured.url, '--schema', schema, '--json'], { env: { LITEFORM_AUTH_TOKEN: other.token } });
      assert.equal(r.code, 1);
      assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_AUTH');
      assert.ok(!`${r.stdout}${r.stderr}`.includes(other.token));
      r = runCli(['apply', '--db', secured.url, '--schema', schema, '--auth-token', auth.token]);
      assert.equal(r.code, 0, r.stderr);
      r = runCli(['history', '--db', secured.url, '--json'], { env: { LITEFORM_AUTH_TOKEN: auth.token } });
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout).applied;
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(auth.token), 'the token is not in history');
      assert.ok(!`${r.stdout}${r.stderr}`.includes(auth.token));
    } finally {
      await secured.stop();
    }
  });
});
