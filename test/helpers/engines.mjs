// Opening each engine on a fresh database for the engine tests, and small helpers over the Engine interface.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEngine } from '../../dist/db/engines/open-engine.js';
import { introspectEngine } from '../../dist/db/engines/introspect-query.js';
import { splitStatements } from '../../dist/model/split-statements.js';
import { startSqld, makeD1PersistDir } from './servers.mjs';
import { tempDir } from './cases.mjs';

/**
 * Starts the servers and opens one engine of each kind. Returns { engines: [{ name, engine }], stop() }.
 * stop() closes every engine, stops sqld and disposes Miniflare (inside D1Engine.close()).
 */
export async function openAllEngines() {
  const dir = tempDir('liteform-engines-');
  const filePath = join(dir, 'file.db');
  // A 0-byte file is refused by open-database.ts (a failed copy, not a database): write its header first.
  const seedDb = new Database(filePath);
  seedDb.pragma('user_version = 0');
  seedDb.exec('CREATE TABLE _liteform_header(x); DROP TABLE _liteform_header');
  seedDb.close();
  const sqld = await startSqld();
  const opened = [];
  try {
    opened.push({ name: 'file', engine: await openEngine(filePath, { create: true }) });
    opened.push({ name: 'libsql', engine: await openEngine(sqld.url) });
    opened.push({ name: 'd1', engine: await openEngine('d1://liteform-test-db', { d1Persist: makeD1PersistDir() }) });
  } catch (e) {
    for (const o of opened) await o.engine.close();
    await sqld.stop();
    throw e;
  }
  return {
    engines: opened,
    sqld,
    async stop() {
      for (const o of opened) await o.engine.close();
      await sqld.stop();
    },
  };
}

/**
 * Drops every user object (D1's _cf_* and SQLite's own are left alone), with FK enforcement on: a table is
 * dropped before the tables it references, so no DROP finds children left (a RESTRICT child would stop it).
 */
export async function resetEngine(engine, unitOptions = {}) {
  const model = await introspectEngine(engine);
  const refs = new Map(model.tables.map((t) => [t.name.toLowerCase(), t.foreignKeys.map((f) => f.refTable.toLowerCase())]));
  const rank = new Map();
  const depth = (n, seen = new Set()) => {
    if (rank.has(n)) return rank.get(n);
    if (seen.has(n)) return 0;
    seen.add(n);
    const d = Math.max(0, ...(refs.get(n) ?? []).filter((r) => r !== n && refs.has(r)).map((r) => depth(r, seen) + 1));
    rank.set(n, d);
    return d;
  };
  const objs = (await engine.query(`SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`))
    .sort((a, b) => depth(String(b.name).toLowerCase()) - depth(String(a.name).toLowerCase()));
  const q = (n) => `"${String(n).replace(/"/g, '""')}"`;
  const stmts = [
    ...objs.filter((o) => o.type === 'view').map((o) => `DROP VIEW IF EXISTS ${q(o.name)}`),
    ...objs.filter((o) => o.type === 'trigger').map((o) => `DROP TRIGGER IF EXISTS ${q(o.name)}`),
    ...objs.filter((o) => o.type === 'table' && /^\s*CREATE\s+VIRTUAL/i.test(o.sql ?? '')).map((o) => `DROP TABLE IF EXISTS ${q(o.name)}`),
    ...objs.filter((o) => o.type === 'table' && !/^\s*CREATE\s+VIRTUAL/i.test(o.sql ?? '')).map((o) => `DROP TABLE IF EXISTS ${q(o.name)}`),
  ];
  // Deferred: a cycle, a self-reference or a RESTRICT child between dropped tables is only checked at the end,
  // when every table is gone (D1 cannot turn enforcement off; defer_foreign_keys works inside any unit).
  if (stmts.length > 0) await engine.runUnit(['PRAGMA defer_foreign_keys = ON', ...stmts], unitOptions);
}

/** Runs a script as one unit on the engine. */
export async function loadScript(engine, script) {
  const stmts = splitStatements(script).map((s) => s.sql);
  if (stmts.length > 0) await engine.runUnit(stmts);
}

/** Counts engine.query calls (the round trips of anything built on query). */
export function countingEngine(engine) {
  const counter = { queries: 0, units: 0 };
  const wrapped = {
    kind: engine.kind,
    target: engine.target,
    capabilities: engine.capabilities,
    query: (sql, params) => { counter.queries++; return engine.query(sql, params); },
    runUnit: (stmts, opts) => { counter.units++; return engine.runUnit(stmts, opts); },
    close: () => engine.close(),
  };
  return { engine: wrapped, counter };
}
