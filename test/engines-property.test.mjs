// The property test's random schema pairs (A, B) on the remote engines: a populated A migrated to B on libSQL
// (real sqld) and on D1 (Miniflare) through apply, beside the same migration on a local file as the oracle.
//   - both succeed or both fail, and a failure is LITEFORM_DATA / LITEFORM_FOREIGN_KEY with the dump unchanged;
//   - on success: the schema equals B (the next plan is empty), foreign_key_check is clean, and a plan with no
//     destructive warning keeps the row count of every table.
// Runs: LITEFORM_PROPERTY_REMOTE_RUNS (default 25) per engine; seed: LITEFORM_PROPERTY_SEED (fixed by default,
// `random` for a new one each run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { buildSpec, caseArb, insertRows, mutateSpec, renderSpec } from './helpers/arbitraries.mjs';
import { resetEngine, loadScript } from './helpers/engines.mjs';
import { startSqld, makeD1PersistDir } from './helpers/servers.mjs';
import { tempDir } from './helpers/cases.mjs';
import { openEngine } from '../dist/db/engines/open-engine.js';
import { introspectEngine } from '../dist/db/engines/introspect-query.js';
import { applyEngine, planEngine } from '../dist/api/engine-target.js';
import { applyDatabase } from '../dist/api/apply-database.js';
import { loadDesired } from '../dist/schema-file/load-desired.js';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { isDestructive } from '../dist/plan/plan.js';

const RUNS = Number(process.env.LITEFORM_PROPERTY_REMOTE_RUNS ?? 25);
const servers = { engines: [], sqld: null };
before(async () => {
  servers.sqld = await startSqld();
  servers.engines.push({ name: 'libsql', engine: await openEngine(servers.sqld.url) });
  servers.d1Persist = makeD1PersistDir();
  servers.engines.push({ name: 'd1', engine: await openEngine('d1://liteform-property-db', { d1Persist: servers.d1Persist }) });
});
after(async () => {
  for (const o of servers.engines) await o.engine.close();
  await servers.sqld?.stop();
});

const q = (n) => `"${String(n).replace(/"/g, '""')}"`;
const scratch = tempDir('liteform-remote-property-');
let n = 0;

let generation = 0;

/**
 * Empties the engine's database. Where dropping cannot work with FK enforcement on (a NOT NULL column with a
 * self-referencing ON DELETE SET NULL fails its own DROP TABLE on D1), a new, empty database takes its place.
 */
async function reset(kind) {
  const entry = servers.engines.find((x) => x.name === kind);
  try {
    await resetEngine(entry.engine);
  } catch {
    // An ON DELETE action the drop fires fails a NOT NULL or CHECK: drop with enforcement off where the engine can.
    if (entry.engine.capabilities.foreignKeysOffAroundUnit) {
      await resetEngine(entry.engine, { foreignKeysOff: true });
    } else {
      await entry.engine.close();
      entry.engine = await openEngine(`d1://liteform-property-db-${++generation}`, { d1Persist: servers.d1Persist });
    }
  }
  return entry.engine;
}

/** A and B as SQL, and the INSERTs A accepted (no orphans: the remote guard checks the whole database). */
function materialize(value) {
  const aSpec = buildSpec(value.a);
  const bSpec = mutateSpec(aSpec, value.mutations);
  const db = new Database(':memory:');
  try {
    db.pragma('foreign_keys = ON');
    const a = renderSpec(aSpec);
    db.exec(a);
    const rows = insertRows(db, aSpec, value.rows, { deletes: value.deletes, virtualRows: value.virtualRows, fkOff: false });
    return { a, b: renderSpec(bSpec), rows };
  } finally {
    db.close();
  }
}

async function counts(e) {
  const tables = await e.query(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE '\\_liteform\\_%' ESCAPE '\\'`);
  const out = {};
  for (const t of tables) out[String(t.name).toLowerCase()] = Number((await e.query(`SELECT count(*) AS n FROM ${q(t.name)}`))[0].n);
  return out;
}

async function dump(e) {
  const objs = await e.query(`SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name`);
  const out = { '<schema>': objs.map((o) => `${o.type} ${o.name}: ${o.sql}`) };
  for (const o of objs.filter((x) => x.type === 'table' && !/^\s*CREATE\s+VIRTUAL/i.test(x.sql ?? '') && !/_(data|idx|content|docsize|config)$/.test(x.name))) {
    // quote() of every column: values as SQL literals (sqld cannot send an infinite REAL as JSON: HTTP 500).
    const cols = (await e.query(`SELECT name FROM pragma_table_info(${`'${o.name.replace(/'/g, "''")}'`})`)).map((c) => c.name);
    if (cols.length === 0) continue;
    out[o.name] = (await e.query(`SELECT ${cols.map((c) => `quote(${q(c)})`).join(" || ',' || ")} AS r FROM ${q(o.name)}`)).map((r) => r.r).sort();
  }
  return out;
}

/** The oracle: the same migration on a local file. */
function onFile(c, schemaPath) {
  const dbPath = join(scratch, `oracle-${n}.db`);
  const db = new Database(dbPath);
  db.exec(c.a);
  db.exec(c.rows);
  db.close();
  try {
    applyDatabase({ db: dbPath, schema: schemaPath, allowDestructive: true });
    return 'ok';
  } catch (e) {
    return e.code ?? String(e);
  }
}

for (const kind of ['libsql', 'd1']) {
  test(`property on ${kind}: random schema pairs migrate as on a file (${RUNS} runs)`, async (t) => {
    const stats = {};
    const params = { numRuns: RUNS, endOnFailure: true };
    // A fixed seed by default: the same cases every CI run (LITEFORM_PROPERTY_SEED=random explores new ones).
    const seed = process.env.LITEFORM_PROPERTY_SEED ?? '20261129';
    if (seed !== 'random') params.seed = Number(seed);
    const details = await fc.check(fc.asyncProperty(caseArb, async (value) => {
      const c = materialize(value);
      fc.pre(c.b.trim() !== ''); // an empty desired-state file is refused before any engine is involved
      n++;
      const schemaPath = join(scratch, `b-${n}.sql`);
      writeFileSync(schemaPath, c.b);
      const expected = onFile(c, schemaPath);
      const e = await reset(kind);
      try {
        await loadScript(e, c.a);
        if (c.rows) await loadScript(e, c.rows);
      } catch (err) {
        throw new Error(`${kind}: building A failed: ${err.message}\n--- A\n${c.a}\n--- rows\n${c.rows}`);
      }
      const before = await dump(e);
      const countsBefore = await counts(e);
      let outcome;
      let plan = null;
      try {
        plan = (await applyEngine(e, { schema: schemaPath, allowDestructive: true })).plan;
        outcome = 'ok';
      } catch (err) {
        outcome = err.code ?? String(err);
        // With enforcement on (D1), SQLite refuses row changes on a table whose foreign key names a non-unique parent key.
        if (outcome === 'LITEFORM_ENGINE_UNSUPPORTED' && !e.capabilities.foreignKeysOffAroundUnit && /foreign key mismatch/.test(err.message)) {
          assert.deepEqual(await dump(e), before, 'a failed apply changes nothing');
          stats['fk-mismatch'] = (stats['fk-mismatch'] ?? 0) + 1;
          return;
        }
        if (!['LITEFORM_DATA', 'LITEFORM_FOREIGN_KEY'].includes(outcome)) throw new Error(`${kind}: unexpected failure ${outcome}: ${err.message}\n--- A\n${c.a}\n--- B\n${c.b}`);
        assert.deepEqual(await dump(e), before, 'a failed apply changes nothing');
      }
      assert.equal(outcome, expected, `${kind} and the file engine agree\n--- A\n${c.a}\n--- B\n${c.b}\n--- rows\n${c.rows}`);
      if (outcome === 'ok') {
        assert.deepEqual(diffSchemas(await introspectEngine(e), loadDesired(schemaPath).model), []);
        assert.deepEqual((await planEngine(e, { schema: schemaPath })).changes, []);
        assert.deepEqual(await e.query('SELECT * FROM pragma_foreign_key_check'), []);
        if (plan && !isDestructive(plan)) {
          const after = await counts(e);
          for (const [table, count] of Object.entries(countsBefore)) if (table in after) assert.equal(after[table], count, `${table} keeps its rows`);
        }
      }
      stats[outcome] = (stats[outcome] ?? 0) + 1;
    }), params);
    t.diagnostic(`${details.numRuns} runs on ${kind}, seed ${details.seed}; outcomes ${JSON.stringify(stats)}`);
    if (details.failed) assert.fail(`property on ${kind} failed (seed ${details.seed}, path ${details.counterexamplePath}):\n${details.errorInstance?.message ?? details.error}\n${details.errorInstance?.stack ?? ""}`);
  });
}
