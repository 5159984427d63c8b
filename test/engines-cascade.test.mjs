// Issue 8, the FK-safe rebuild: on every engine, rebuild a parent whose children hold every kind of
// reference, and prove that no row, rowid, trigger side effect or AUTOINCREMENT counter changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { introspectEngine } from '../dist/db/engines/introspect-query.js';
import { safeRebuildStatements, reachableTables, rowidNameOf, guardFkMessage, guardCountMessage } from '../dist/db/engines/safe-rebuild.js';
import { openAllEngines, resetEngine, loadScript } from './helpers/engines.mjs';

let servers;
before(async () => { servers = await openAllEngines(); });
after(async () => { await servers?.stop(); });
const engine = (name) => servers.engines.find((e) => e.name === name).engine;
const kinds = ['file', 'libsql', 'd1'];

const parentSql = (name) => `CREATE TABLE "${name}"(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, boss INTEGER REFERENCES "${name}"(id) ON DELETE CASCADE, email TEXT DEFAULT 'none')`;

const schema = `
CREATE TABLE parent(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, boss INTEGER REFERENCES parent(id) ON DELETE CASCADE);
CREATE INDEX parent_name ON parent(name);
CREATE VIEW parent_names AS SELECT name FROM parent;
CREATE TABLE c_cascade(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, v TEXT);
CREATE TABLE c_setnull(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE SET NULL, v TEXT);
CREATE TABLE c_setdefault(id INTEGER PRIMARY KEY, pid INTEGER DEFAULT 1 REFERENCES parent(id) ON DELETE SET DEFAULT);
CREATE TABLE c_restrict(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE RESTRICT ON UPDATE RESTRICT);
CREATE TABLE c_noaction(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id));
CREATE TABLE grandchild(id INTEGER PRIMARY KEY, cid INTEGER REFERENCES c_cascade(id) ON DELETE CASCADE, note TEXT);
CREATE TABLE gc_noaction(x, cid REFERENCES c_cascade(id));
CREATE TABLE c_selfref(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, prev INTEGER REFERENCES c_selfref(id) ON DELETE CASCADE);
CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);
CREATE TABLE c_trig(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, v TEXT);
CREATE TRIGGER c_trig_ins AFTER INSERT ON c_trig BEGIN INSERT INTO audit(what) VALUES ('ins ' || NEW.id); END;
CREATE TRIGGER c_trig_del AFTER DELETE ON c_trig BEGIN INSERT INTO audit(what) VALUES ('del ' || OLD.id); END;
CREATE TABLE c_autoinc(id INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE);
CREATE TABLE c_worowid(pid INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE, k TEXT NOT NULL, PRIMARY KEY (pid, k)) WITHOUT ROWID;
CREATE TABLE c_implicit(pid INTEGER REFERENCES parent(id) ON DELETE CASCADE ON UPDATE CASCADE, v);
CREATE TABLE c_generated(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE, v TEXT, up TEXT GENERATED ALWAYS AS (upper(v)) VIRTUAL);
`;

const seed = `
INSERT INTO parent(id, name, boss) VALUES (1, 'ann', NULL), (2, 'bob', 1), (3, 'cy', 2), (4, 'di', 1), (6, 'gone', NULL);
DELETE FROM parent WHERE id = 6;
INSERT INTO c_cascade VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c');
INSERT INTO c_setnull VALUES (1, 1, 'x'), (2, 4, 'y'), (3, NULL, 'z');
INSERT INTO c_setdefault VALUES (1, 2), (2, 3);
INSERT INTO c_restrict VALUES (1, 1), (2, 4);
INSERT INTO c_noaction VALUES (1, 2), (2, 3);
INSERT INTO grandchild VALUES (1, 1, 'g1'), (2, 3, 'g3');
INSERT INTO gc_noaction VALUES ('n1', 1), ('n2', 2);
INSERT INTO c_selfref VALUES (1, 1, NULL), (2, 1, 1), (3, 2, 2);
INSERT INTO c_trig(id, pid, v) VALUES (1, 1, 't1'), (2, 3, 't2');
INSERT INTO c_autoinc(pid) VALUES (1), (2), (3), (4), (1), (2);
DELETE FROM c_autoinc WHERE id > 4;
INSERT INTO c_worowid VALUES (1, 'k1'), (2, 'k2'), (4, 'k4');
INSERT INTO c_implicit(rowid, pid, v) VALUES (10, 1, 1.5), (20, 2, x'00ff'), (30, 3, 'txt'), (40, NULL, NULL);
DELETE FROM c_implicit WHERE rowid = 20;
INSERT INTO c_generated(id, pid, v) VALUES (1, 1, 'low'), (2, 4, 'er');
`;

/** Everything a migration must keep: every table's rows (rowids included), sqlite_sequence, and the schema text. */
async function dump(e, { withSchema = true } = {}) {
  const objs = await e.query(`SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name`);
  const out = {};
  for (const o of objs.filter((x) => x.type === 'table')) {
    const wr = /WITHOUT\s+ROWID\s*$/i.test(o.sql ?? '');
    // sqlite_sequence's own rowids are SQLite's business (a dropped table's row is re-made): name → seq is what counts.
    const rows = o.name === 'sqlite_sequence' ? await e.query('SELECT name, seq FROM sqlite_sequence ORDER BY name')
      : await e.query(`SELECT ${wr ? '' : 'rowid AS "<rowid>", '}* FROM "${o.name}" ORDER BY ${wr ? '1, 2' : 'rowid'}`);
    out[o.name] = rows.map((r) => JSON.stringify(r, (_k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? `blob:${Buffer.from(v.buffer ?? v).toString('hex')}` : Array.isArray(v) && v.every((b) => typeof b === 'number') ? `blob:${Buffer.from(v).toString('hex')}` : v)));
  }
  if (withSchema) out['<schema>'] = objs.map((o) => `${o.type} ${o.name}: ${o.sql}`);
  return out;
}

/** The dump with the parent projected to its old columns, for comparing across the rebuild. */
function withoutParentChange(d) {
  const copy = { ...d };
  copy.parent = d.parent.map((s) => { const { email, ...rest } = JSON.parse(s); assert.equal(email, 'none'); return JSON.stringify(rest); });
  delete copy['<schema>'];
  return copy;
}

async function parentRebuildInput(e) {
  const model = await introspectEngine(e);
  const parent = model.tables.find((t) => t.name === 'parent');
  const rowid = rowidNameOf(parent);
  return {
    parent: {
      table: 'parent',
      oldColumns: ['id', 'name', 'boss'],
      oldRowidName: rowid,
      newRowidName: rowid,
      createSql: parentSql('parent'),
      copy: [{ column: 'id', expr: '"id"' }, { column: 'name', expr: '"name"' }, { column: 'boss', expr: '"boss"' }],
      oldAutoincrement: true,
      newAutoincrement: true,
      before: [],
      after: ['CREATE INDEX parent_name ON parent(name)'],
    },
    reachable: reachableTables(model, 'parent'),
  };
}

test('the trap: a naive rebuild in one atomic unit, PRAGMA foreign_keys=OFF first, cascades away child rows where FK enforcement cannot be turned off', async () => {
  const small = `
    CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);
    CREATE TABLE kid(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE);
    CREATE TABLE nul(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE SET NULL);
    INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO kid VALUES (1, 1), (2, 2); INSERT INTO nul VALUES (1, 1), (2, 2);`;
  const naive = ['PRAGMA foreign_keys = OFF', 'CREATE TABLE parent_new(id INTEGER PRIMARY KEY, name TEXT, extra TEXT)',
    'INSERT INTO parent_new(id, name) SELECT id, name FROM parent', 'DROP TABLE parent', 'ALTER TABLE parent_new RENAME TO parent'];
  const results = {};
  for (const kind of kinds) {
    const e = engine(kind);
    for (const fkOff of [false, true]) {
      if (fkOff && !e.capabilities.foreignKeysOffAroundUnit) continue;
      await resetEngine(e);
      await loadScript(e, small);
      await e.runUnit(naive, { foreignKeysOff: fkOff });
      const kids = (await e.query('SELECT count(*) AS n FROM kid'))[0].n;
      const nulled = (await e.query('SELECT count(*) AS n FROM nul WHERE pid IS NULL'))[0].n;
      results[`${kind}${fkOff ? ' fk-off' : ''}`] = { kids, nulled };
      await e.runUnit(['DELETE FROM kid', 'DELETE FROM nul', 'DELETE FROM parent']);
    }
  }
  // FK enforcement cannot be switched off inside the unit: the DROP's implicit DELETE fires the actions.
  assert.deepEqual(results.file, { kids: 0, nulled: 2 });
  assert.deepEqual(results.libsql, { kids: 0, nulled: 2 }, 'libSQL batch over HTTP');
  assert.deepEqual(results.d1, { kids: 0, nulled: 2 }, 'D1 batch');
  // Where the engine can turn it off around the unit (file: PRAGMA before BEGIN; libSQL: client.migrate()), nothing is lost.
  assert.deepEqual(results['file fk-off'], { kids: 2, nulled: 0 });
  assert.deepEqual(results['libsql fk-off'], { kids: 2, nulled: 0 }, 'libSQL client.migrate()');
});

test('the FK-safe rebuild keeps every row, rowid, counter and trigger on every engine, with FK enforcement on', async () => {
  for (const kind of kinds) {
    const e = engine(kind);
    await resetEngine(e);
    await loadScript(e, schema + seed);
    const before = await dump(e);
    assert.ok(before.sqlite_sequence.length >= 2, `${kind}: sqlite_sequence has the counters`);
    const input = await parentRebuildInput(e);
    const reached = input.reachable.map((t) => t.name).sort();
    assert.deepEqual(reached, ['c_autoinc', 'c_cascade', 'c_generated', 'c_implicit', 'c_selfref', 'c_setdefault', 'c_setnull', 'c_trig', 'c_worowid', 'grandchild']);
    const stmts = safeRebuildStatements(input);
    if (e.capabilities.maxStatementBytes !== null) assert.ok(stmts.every((s) => Buffer.byteLength(s) <= e.capabilities.maxStatementBytes));
    await e.runUnit(stmts);
    const afterDump = await dump(e);
    assert.deepEqual(withoutParentChange(afterDump), withoutParentChange({ ...before, parent: before.parent.map((s) => JSON.stringify({ ...JSON.parse(s), email: 'none' })) }), `${kind}: every table's rows`);
    assert.deepEqual(afterDump.sqlite_sequence, before.sqlite_sequence, `${kind}: AUTOINCREMENT counters`);
    assert.deepEqual(await e.query('SELECT * FROM pragma_foreign_key_check'), [], `${kind}: foreign_key_check`);
    assert.deepEqual(afterDump['<schema>'].filter((s) => !s.startsWith('table parent:')), before['<schema>'].filter((s) => !s.startsWith('table parent:')), `${kind}: the rest of the schema`);
    // The triggers are back and fire again; ids continue after the kept high-water marks.
    await e.runUnit(["INSERT INTO c_trig(id, pid, v) VALUES (3, 1, 't3')", 'INSERT INTO c_autoinc(pid) VALUES (1)', "INSERT INTO parent(name) VALUES ('new')"]);
    assert.deepEqual((await e.query('SELECT what FROM audit ORDER BY id')).map((r) => r.what), ['ins 1', 'ins 2', 'ins 3'], kind);
    assert.deepEqual((await e.query("SELECT max(id) AS m FROM c_autoinc"))[0].m, 7, `${kind}: c_autoinc continues after 6`);
    assert.deepEqual((await e.query("SELECT id FROM parent WHERE name = 'new'"))[0].id, 7, `${kind}: parent continues after 6`);
  }
});

test('a rebuild whose last statement fails leaves the database exactly as it was, on every engine', async () => {
  for (const kind of kinds) {
    const e = engine(kind);
    await resetEngine(e);
    await loadScript(e, schema + seed);
    const before = await dump(e);
    const stmts = safeRebuildStatements(await parentRebuildInput(e));
    const err = await e.runUnit([...stmts, 'INSERT INTO no_such_table VALUES (1)']).then(() => null, (x) => x);
    assert.equal(err?.code, 'LITEFORM_SQL_ERROR', `${kind}: ${err?.message}`);
    assert.deepEqual(await dump(e), before, `${kind}: full dump unchanged`);
  }
});

test('the guard aborts the unit when foreign_key_check reports a violation or a row count changed', async () => {
  for (const kind of kinds) {
    const e = engine(kind);
    for (const [extra, message] of [
      ['UPDATE c_noaction SET pid = 12345 WHERE id = 1', guardFkMessage],
      ['DELETE FROM c_setnull WHERE id = 3', guardCountMessage],
    ]) {
      await resetEngine(e);
      await loadScript(e, schema + seed);
      const before = await dump(e);
      const input = await parentRebuildInput(e);
      const stmts = safeRebuildStatements({ ...input, parent: { ...input.parent, after: [...input.parent.after, extra] } });
      const err = await e.runUnit(stmts).then(() => null, (x) => x);
      assert.ok(err, `${kind}: ${extra} must abort`);
      assert.ok(err.message.includes(message), `${kind}: ${err.message}`);
      assert.deepEqual(await dump(e), before, `${kind}: full dump unchanged after the guard fired`);
    }
  }
});

test('where FK enforcement is off around the unit (file, libSQL client.migrate()), the same guard is what catches a lost or orphaned row', async () => {
  const { guardOpen, guardClose } = await import('../dist/db/engines/safe-rebuild.js');
  const small = `
    CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);
    CREATE TABLE kid(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) ON DELETE CASCADE);
    INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO kid VALUES (1, 1), (2, 2);`;
  const rebuild = (where) => ['CREATE TABLE parent_new(id INTEGER PRIMARY KEY, name TEXT, extra TEXT)',
    `INSERT INTO parent_new(id, name) SELECT id, name FROM parent ${where}`, 'DROP TABLE parent', 'ALTER TABLE parent_new RENAME TO parent'];
  for (const kind of kinds) {
    const e = engine(kind);
    if (!e.capabilities.foreignKeysOffAroundUnit) continue;
    await resetEngine(e);
    await loadScript(e, small);
    const tables = ['parent', 'kid'];
    // A faulty copy that drops parent 2: with FK enforcement off nothing else would stop it.
    const before = await dump(e);
    const err = await e.runUnit([...guardOpen(tables), ...rebuild('WHERE id <> 2'), ...guardClose(tables)], { foreignKeysOff: true }).then(() => null, (x) => x);
    assert.ok(err && err.message.includes(guardFkMessage), `${kind}: ${err?.message}`);
    assert.deepEqual(await dump(e), before, `${kind}: unchanged`);
    // The correct copy passes the guard and keeps the children.
    await e.runUnit([...guardOpen(tables), ...rebuild(''), ...guardClose(tables)], { foreignKeysOff: true });
    assert.deepEqual((await e.query('SELECT count(*) AS n FROM kid'))[0].n, 2, kind);
    assert.deepEqual(await e.query("SELECT name FROM sqlite_schema WHERE name LIKE '\\_liteform%' ESCAPE '\\'"), [], `${kind}: no scratch table left`);
  }
});
