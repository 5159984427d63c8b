// The engine layer (issue 8) on real servers: a file through better-sqlite3, a real sqld over HTTP, and D1
// through Miniflare. Capabilities as measured, errors mapped to liteform codes, and introspection in one
// round trip giving the same model as introspect() on a local file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { introspect } from '../dist/db/introspect.js';
import { introspectEngine, introspectionQuery } from '../dist/db/engines/introspect-query.js';
import { openEngine } from '../dist/db/engines/open-engine.js';
import { sharedCases, ownCases, read, defaultBuildScript } from './helpers/cases.mjs';
import { openAllEngines, resetEngine, loadScript, countingEngine } from './helpers/engines.mjs';

let servers;
before(async () => { servers = await openAllEngines(); });
after(async () => { await servers?.stop(); });

const engine = (name) => servers.engines.find((e) => e.name === name).engine;
const kinds = ['file', 'libsql', 'd1'];

function memoryModel(script) {
  const db = new Database(':memory:');
  try { db.exec(script); return introspect(db); } finally { db.close(); }
}

async function rejects(e, sql) {
  try { await e.runUnit([sql]); return null; } catch (err) { return err; }
}

test('capabilities: every false claim is a statement the engine rejects, every true claim one it runs', async () => {
  for (const kind of kinds) {
    const e = engine(kind);
    await resetEngine(e);
    const caps = e.capabilities;
    const probes = {
      writableSchema: 'PRAGMA writable_schema = 0',
      tempObjects: 'CREATE TEMP TABLE liteform_probe_t(x)',
      attach: "ATTACH DATABASE ':memory:' AS liteform_probe",
      userVersion: 'PRAGMA user_version = 0',
      legacyAlterTable: 'PRAGMA legacy_alter_table = OFF',
    };
    for (const [cap, sql] of Object.entries(probes)) {
      // ATTACH and TEMP cannot run inside a transaction on a file; probe them as plain queries there.
      let err = null;
      try { await e.query(sql); } catch (x) { err = x; }
      if (caps[cap]) assert.equal(err, null, `${kind} ${cap}: ${err?.message}`);
      else {
        assert.ok(err, `${kind} ${cap}: expected the engine to reject ${sql}`);
        assert.match(err.code, /^LITEFORM_(ENGINE_UNSUPPORTED|SQL_ERROR)$/, `${kind} ${cap}: ${err.code} ${err.message}`);
      }
      if (kind === 'file' && cap === 'attach') await e.query('DETACH DATABASE liteform_probe');
      if (kind === 'file' && cap === 'tempObjects') await e.query('DROP TABLE temp.liteform_probe_t');
    }
    if (caps.maxStatementBytes !== null) {
      const big = `SELECT '${'x'.repeat(caps.maxStatementBytes)}'`;
      const err = await rejects(e, big);
      assert.equal(err?.code, 'LITEFORM_ENGINE_UNSUPPORTED', `${kind}: ${err?.message}`);
      assert.doesNotMatch(err.message, /xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/);
      assert.equal(await rejects(e, `SELECT '${'x'.repeat(caps.maxStatementBytes - 20)}'`), null, `${kind}: a statement under the limit runs`);
    }
    if (!caps.interactiveTransactions) {
      const err = await rejects(e, 'SAVEPOINT liteform_probe');
      assert.equal(err?.code, 'LITEFORM_ENGINE_UNSUPPORTED', `${kind}: ${err?.message}`);
    }
    if (!caps.foreignKeysOffAroundUnit) {
      await assert.rejects(e.runUnit(['SELECT 1'], { foreignKeysOff: true }), (x) => x.code === 'LITEFORM_ENGINE_UNSUPPORTED');
    }
    // The platform's tables exist on D1 and are never reported.
    if (kind === 'd1') {
      const names = (await e.query('SELECT name FROM sqlite_schema')).map((r) => r.name);
      assert.ok(names.some((n) => caps.reservedTable(n)), `D1 keeps platform tables: ${names}`);
      assert.deepEqual((await introspectEngine(e)).tables, []);
    } else {
      assert.equal(caps.reservedTable('_cf_METADATA'), false);
    }
  }
});

test('a unit is atomic: a failing last statement leaves nothing behind, and the error names the statement', async () => {
  for (const kind of kinds) {
    const e = engine(kind);
    await resetEngine(e);
    await e.runUnit(['CREATE TABLE a(id INTEGER PRIMARY KEY, v TEXT)', "INSERT INTO a VALUES (1, 'one')"]);
    const err = await rejects(e, 'x').then(() => e.runUnit([
      "INSERT INTO a VALUES (2, 'two')", 'CREATE TABLE b(x)', 'INSERT INTO no_such_table VALUES (1)',
    ])).then(() => null, (x) => x);
    assert.equal(err?.code, 'LITEFORM_SQL_ERROR', `${kind}: ${err?.code} ${err?.message}`);
    assert.match(err.message, /no such table: no_such_table/);
    if (kind !== 'd1') assert.match(err.message, /statement 3/, `${kind}: ${err.message}`);
    assert.ok(err.hint);
    assert.deepEqual(await e.query('SELECT id, v FROM a ORDER BY id'), [{ id: 1, v: 'one' }]);
    assert.deepEqual(await e.query("SELECT name FROM sqlite_schema WHERE name = 'b'"), []);
  }
});

test('engine errors: unreachable server, bad D1 id; a token never appears in a message or stack', async () => {
  const token = 'sekrit-token-abc123';
  // A port nothing listens on: the sqld we started is stopped at the end, but this one never ran.
  const err = await openEngine('http://127.0.0.1:9/', { authToken: token }).then(() => null, (x) => x);
  assert.equal(err?.code, 'LITEFORM_ENGINE_UNREACHABLE', err?.message);
  assert.ok(!err.message.includes(token) && !String(err.stack).includes(token));
  const err2 = await openEngine(`http://127.0.0.1:9/?authToken=${token}`).then(() => null, (x) => x);
  assert.equal(err2?.code, 'LITEFORM_ENGINE_UNREACHABLE');
  assert.ok(!err2.message.includes(token) && !String(err2.stack).includes(token), err2.message);
  const e = await openEngine(servers.sqld.url, { authToken: token });
  assert.ok(!e.target.includes(token));
  const err3 = await e.query('SELEC 1').then(() => null, (x) => x);
  assert.equal(err3?.code, 'LITEFORM_SQL_ERROR');
  assert.ok(!err3.message.includes(token));
  await e.close();
  await assert.rejects(openEngine('d1://not a valid id'), (x) => x.code === 'LITEFORM_USAGE');
  // Classification reads the driver's error, not words a user's names may hold.
  const { classify } = await import('../dist/db/engines/errors.js');
  assert.equal(classify('SQLITE_UNKNOWN: SQLite error: no such table: unauthorized_jwt_auth'), 'LITEFORM_SQL_ERROR');
  assert.equal(classify('SERVER_ERROR: Server returned HTTP status 401'), 'LITEFORM_AUTH');
  // The libsql and d1 drivers are optional peers: a project without one gets a usage error naming it.
  const { importOptional } = await import('../dist/db/engines/errors.js');
  await assert.rejects(importOptional('liteform-no-such-driver', 'libsql x'),
    (x) => x.code === 'LITEFORM_USAGE' && /liteform-no-such-driver/.test(x.message) && x.hint === 'npm install liteform-no-such-driver');
  await assert.rejects(openEngine('/no/such/dir/x.db'), (x) => x.code === 'LITEFORM_DB_OPEN');
});

const cases = [...sharedCases(), ...ownCases()];

test(`introspection in one query equals introspect() for every case (${cases.length} cases × 3 engines)`, async () => {
  assert.ok(cases.length > 0);
  for (const kind of kinds) {
    const e = engine(kind);
    for (const c of cases) {
      // As our SQLITE_DQS=0 build can run it (case 27 holds "…" strings a default build accepts).
      const script = defaultBuildScript(read(c.dir, 'desired.sql'));
      await resetEngine(e);
      await loadScript(e, script);
      const { engine: counted, counter } = countingEngine(e);
      const model = await introspectEngine(counted);
      assert.equal(counter.queries, 1, `${kind} ${c.origin}/${c.name}: round trips`);
      assert.deepEqual(model, memoryModel(script), `${kind} ${c.origin}/${c.name}`);
      if (kind === 'file') assert.deepEqual(model, introspect(e.db), `${c.origin}/${c.name}: file engine vs introspect(db)`);
    }
  }
});

test('introspection is one round trip with 1 table and with 200 tables, on every engine', async () => {
  const schema = (n) => Array.from({ length: n }, (_, i) =>
    `CREATE TABLE t${i}(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, parent INTEGER REFERENCES t${i === 0 ? 0 : i - 1}(id) ON DELETE CASCADE);\nCREATE INDEX t${i}_name ON t${i}(name DESC);`).join('\n');
  assert.ok(Buffer.byteLength(introspectionQuery('_cf_')) < 100_000);
  for (const kind of kinds) {
    const e = engine(kind);
    for (const n of [1, 200]) {
      await resetEngine(e);
      await loadScript(e, schema(n));
      const { engine: counted, counter } = countingEngine(e);
      const model = await introspectEngine(counted);
      assert.equal(counter.queries, 1, `${kind} ${n} tables`);
      assert.equal(model.tables.length, n);
      assert.deepEqual(model, memoryModel(schema(n)), `${kind} ${n} tables`);
    }
    await resetEngine(e);
  }
});

test('sqld with JWT auth: a wrong token is LITEFORM_AUTH and never shown; the right one works', async () => {
  const { startSqld, makeJwtAuth } = await import('./helpers/servers.mjs');
  const auth = makeJwtAuth();
  const other = makeJwtAuth();
  const s = await startSqld({ jwtPublicKeyPem: auth.publicKeyPem });
  try {
    for (const token of [undefined, other.token]) {
      const err = await openEngine(s.url, token ? { authToken: token } : {}).then(() => null, (x) => x);
      assert.equal(err?.code, 'LITEFORM_AUTH', err?.message);
      if (token) assert.ok(!err.message.includes(token) && !String(err.stack).includes(token) && !(err.hint ?? '').includes(token));
    }
    const e = await openEngine(s.url, { authToken: auth.token });
    assert.deepEqual(await e.query('SELECT 1 AS one'), [{ one: 1 }]);
    assert.ok(!e.target.includes(auth.token));
    await e.close();
  } finally {
    await s.stop();
  }
});

test('teardown leaves no process behind: sqld and Miniflare\'s workerd are gone after stop()', async () => {
  const { childPids } = await import('./helpers/servers.mjs');
  const { openAllEngines: openAll } = await import('./helpers/engines.mjs');
  const before = new Set(childPids());
  const s = await openAll();
  const during = childPids().filter((p) => !before.has(p));
  assert.ok(during.length >= 2, `sqld and workerd run as children: ${during}`);
  await s.stop();
  assert.deepEqual(childPids().filter((p) => !before.has(p)), []);
});

test('d1://<id> opens the database Miniflare keeps for d1Databases { DB: <id> } in the same persist directory', async () => {
  const { Miniflare } = await import('miniflare');
  const { makeD1PersistDir } = await import('./helpers/servers.mjs');
  const persist = makeD1PersistDir();
  const seeder = new Miniflare({ modules: true, script: 'export default { fetch() { return new Response(null) } }', d1Databases: { DB: 'seeded-id' }, d1Persist: persist });
  try {
    const db = await seeder.getD1Database('DB');
    await db.batch([db.prepare('CREATE TABLE seeded(id INTEGER PRIMARY KEY, v TEXT)'), db.prepare("INSERT INTO seeded VALUES (1, 'from miniflare')")]);
  } finally {
    await seeder.dispose();
  }
  const e = await openEngine('d1://seeded-id', { d1Persist: persist });
  try {
    assert.deepEqual(await e.query('SELECT v FROM seeded'), [{ v: 'from miniflare' }]);
    assert.deepEqual((await introspectEngine(e)).tables.map((t) => t.name), ['seeded']);
  } finally {
    await e.close();
  }
  const other = await openEngine('d1://another-id', { d1Persist: persist });
  try {
    assert.deepEqual((await introspectEngine(other)).tables, [], 'another id is another database');
  } finally {
    await other.close();
  }
});
