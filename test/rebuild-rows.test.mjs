// A rebuild never drops rows (issue 12, point 19), and its temporary table never collides with an
// object of the database (point 10).
//
// Rows: every combination of rowid / WITHOUT ROWID before and after, with zero or some columns shared,
// applied with the real CLI to a real database file: the row count is the same before and after,
// shared values survive, new columns hold their default (or NULL), and rowids survive between rowid
// tables. Where the rows cannot fit (a new NOT NULL column without default, a new WITHOUT ROWID key
// every row would share) the apply fails with LITEFORM_DATA and the file is byte-for-byte unchanged.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';
import { applyDatabase } from '../dist/api/apply-database.js';
import { LiteformError } from '../dist/errors.js';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { planSchemas } from '../dist/api/plan-database.js';

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A database file holding `current` and `rows`, and the desired-state file `desired`. */
function setup({ current, rows = '', desired }) {
  const dir = tempDir('liteform-rebuild-rows-');
  const db = join(dir, 'app.db');
  const schema = join(dir, 'desired.sql');
  const d = new Database(db);
  d.exec(current);
  d.exec(rows);
  d.close();
  writeFileSync(schema, desired);
  return { db, schema };
}

function apply(db, schema) {
  const r = runCli(['apply', '--db', db, '--schema', schema, '--allow-destructive', '--no-backup', '--json']);
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // asserted below with the output in the message
  }
  return { ...r, json };
}

function read(db, sql) {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all();
  } finally {
    d.close();
  }
}

const count = (db, table = 't') => read(db, `SELECT count(*) AS n FROM "${table}"`)[0].n;

/** Applies, expects success, and returns the rows of t (with the rowid when t has one). */
function migrate(c) {
  const { db, schema } = setup(c);
  const before = count(db);
  const r = apply(db, schema);
  assert.equal(r.code, 0, `apply succeeds\n${r.stdout}${r.stderr}`);
  assert.equal(count(db), before, `t keeps its ${before} rows`);
  assert.deepEqual(read(db, 'PRAGMA foreign_key_check'), []);
  assert.deepEqual(read(db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  const plan = apply(db, schema);
  assert.equal(plan.code, 0);
  assert.equal(plan.json?.status, 'up-to-date', `a second apply has nothing to do\n${plan.stdout}`);
  return db;
}

/**
 * Applies with the CLI (exit 1, the file unchanged, the message naming the table and the failure)
 * and with the library on the same file (a LiteformError LITEFORM_DATA: the code is not in the
 * CLI's human output).
 */
function refuse(c, why) {
  const { db, schema } = setup(c);
  const hash = sha(db);
  const r = apply(db, schema);
  assert.equal(r.code, 1, `apply fails\n${r.stdout}${r.stderr}`);
  assert.match(`${r.stdout}${r.stderr}`, /table t\b/, 'the message names the table');
  assert.match(`${r.stdout}${r.stderr}`, why, 'the message says why');
  assert.equal(sha(db), hash, 'the database file is byte-for-byte unchanged');
  assert.throws(() => applyDatabase({ db, schema, allowDestructive: true }), (e) => e instanceof LiteformError && e.code === 'LITEFORM_DATA', 'a data error, not silent loss');
  assert.equal(sha(db), hash, 'the database file is byte-for-byte unchanged');
}

const ROWS = 3;
const insertRowid = `INSERT INTO t (a, b) VALUES (1, 'one'), (2, 'two'), (3, 'three'); DELETE FROM t WHERE a = 2; INSERT INTO t (a, b) VALUES (4, 'four');`;

describe('a rebuild keeps every row: rowid / WITHOUT ROWID before × after × zero / some shared columns', () => {
  // Before: a rowid table without INTEGER PRIMARY KEY (rowids 1, 3, 4: a gap), or a WITHOUT ROWID table.
  const before = {
    rowid: { current: 'CREATE TABLE t (a INT, b TEXT);', rows: insertRowid },
    'without rowid': { current: 'CREATE TABLE t (a INT PRIMARY KEY DESC, b TEXT) WITHOUT ROWID;', rows: insertRowid },
  };
  // After, keeping some columns (b) or none; a new column c with a default and a nullable new column d.
  const after = {
    rowid: {
      some: 'CREATE TABLE t (b TEXT, c INT DEFAULT 7, d TEXT) STRICT;',
      zero: 'CREATE TABLE t (c INT DEFAULT 7, d TEXT) STRICT;',
    },
    'without rowid': {
      some: 'CREATE TABLE t (b TEXT PRIMARY KEY, c INT DEFAULT 7, d TEXT) WITHOUT ROWID;',
      // Every row would share the new key's default: only possible with one row (below).
      zero: 'CREATE TABLE t (c INT PRIMARY KEY DEFAULT 7, d TEXT) WITHOUT ROWID;',
    },
  };
  for (const [fromKind, from] of Object.entries(before)) {
    for (const [toKind, to] of Object.entries(after)) {
      test(`${fromKind} → ${toKind}, some columns shared`, () => {
        const db = migrate({ ...from, desired: to.some });
        const rows = read(db, 'SELECT b, c, d FROM t ORDER BY b');
        assert.deepEqual(rows, ['four', 'one', 'three'].map((b) => ({ b, c: 7, d: null })));
        if (fromKind === 'rowid' && toKind === 'rowid') {
          assert.deepEqual(read(db, 'SELECT rowid AS r, b FROM t ORDER BY rowid'), [{ r: 1, b: 'one' }, { r: 3, b: 'three' }, { r: 4, b: 'four' }], 'rowids survive');
        }
      });
      if (toKind === 'rowid') {
        test(`${fromKind} → ${toKind}, zero columns shared`, () => {
          const db = migrate({ ...from, desired: to.zero });
          assert.deepEqual(read(db, 'SELECT c, d FROM t'), Array.from({ length: ROWS }, () => ({ c: 7, d: null })));
          if (fromKind === 'rowid') assert.deepEqual(read(db, 'SELECT rowid AS r FROM t ORDER BY rowid').map((r) => r.r), [1, 3, 4], 'rowids survive');
        });
      } else {
        test(`${fromKind} → ${toKind}, zero columns shared, one row: the new key takes its default`, () => {
          const db = migrate({ current: from.current, rows: `INSERT INTO t (a, b) VALUES (5, 'five');`, desired: to.zero });
          assert.deepEqual(read(db, 'SELECT c, d FROM t'), [{ c: 7, d: null }]);
        });
        test(`${fromKind} → ${toKind}, zero columns shared, several rows: LITEFORM_DATA (they would share the new key)`, () => {
          refuse({ ...from, desired: to.zero }, /UNIQUE fails on existing rows/);
        });
      }
    }
  }
});

describe('a rebuild keeps every row: the cases around them', () => {
  test('issue 12 point 19 as reported: WITHOUT ROWID t(id DESC key) → STRICT t("my col"), one row', () => {
    const db = migrate({
      current: 'CREATE TABLE t ("id" INTEGER NOT NULL, PRIMARY KEY ("id" DESC)) STRICT, WITHOUT ROWID;',
      rows: 'INSERT INTO t VALUES (0);',
      desired: 'CREATE TABLE t ("my col" INTEGER) STRICT;',
    });
    assert.deepEqual(read(db, 'SELECT "my col" AS c FROM t'), [{ c: null }]);
  });

  for (const [kind, current] of [
    ['rowid', 'CREATE TABLE t (a INT);'],
    ['without rowid', 'CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID;'],
  ]) {
    test(`${kind}, zero columns shared, a new NOT NULL column without default: LITEFORM_DATA, file unchanged`, () => {
      refuse({ current, rows: 'INSERT INTO t VALUES (1), (2);', desired: 'CREATE TABLE t (n INT NOT NULL, m INT DEFAULT 1);' }, /column n: NOT NULL fails on existing rows/);
    });
    test(`${kind}, zero columns shared, a new NOT NULL column without default and no rows: applies`, () => {
      const db = migrate({ current, desired: 'CREATE TABLE t (n INT NOT NULL, m INT DEFAULT 1);' });
      assert.equal(count(db), 0);
    });
    test(`${kind}, some columns shared, a new NOT NULL column without default: LITEFORM_DATA, file unchanged`, () => {
      refuse({ current, rows: 'INSERT INTO t VALUES (1), (2);', desired: 'CREATE TABLE t (a INT, n INT NOT NULL) STRICT;' }, /column n: NOT NULL fails on existing rows/);
    });
  }

  test('zero columns shared into a table whose first column is a generated one: the first stored column is filled', () => {
    const db = migrate({
      current: 'CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID;',
      rows: 'INSERT INTO t VALUES (1), (2), (3);',
      desired: 'CREATE TABLE t (g INT GENERATED ALWAYS AS (coalesce(x, 0) + 1) VIRTUAL, x INT DEFAULT 41);',
    });
    assert.deepEqual(read(db, 'SELECT g, x FROM t'), Array.from({ length: 3 }, () => ({ g: 42, x: 41 })));
  });

  test('zero columns shared, an expression default is evaluated per row as DEFAULT VALUES would', () => {
    const db = migrate({
      current: 'CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID;',
      rows: 'INSERT INTO t VALUES (1), (2), (3);',
      desired: `CREATE TABLE t (k TEXT DEFAULT (hex(randomblob(8))) UNIQUE);`,
    });
    assert.equal(read(db, 'SELECT count(DISTINCT k) AS n FROM t')[0].n, 3);
  });

  test('rowid table → a new INTEGER PRIMARY KEY column: the rowids become its values', () => {
    const db = migrate({ current: 'CREATE TABLE t (a INT, b TEXT);', rows: insertRowid, desired: 'CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT);' });
    assert.deepEqual(read(db, 'SELECT id, b FROM t ORDER BY id'), [{ id: 1, b: 'one' }, { id: 3, b: 'three' }, { id: 4, b: 'four' }]);
  });

  test('INTEGER PRIMARY KEY table keeping only its key column name but not the column: rowids survive', () => {
    const db = migrate({
      current: 'CREATE TABLE t (id INTEGER PRIMARY KEY, a INT);',
      rows: 'INSERT INTO t VALUES (10, 1), (20, 2), (30, 3);',
      desired: 'CREATE TABLE t (z TEXT DEFAULT \'z\');',
    });
    assert.deepEqual(read(db, 'SELECT rowid AS r, z FROM t ORDER BY rowid'), [10, 20, 30].map((r) => ({ r, z: 'z' })));
  });

  test('columns named rowid and oid shadow those names: the real rowid is still carried (as _rowid_)', () => {
    const db = migrate({
      current: 'CREATE TABLE t ("rowid" TEXT, "oid" TEXT, a INT);',
      rows: `INSERT INTO t (_rowid_, "rowid", "oid", a) VALUES (5, 'r5', 'o5', 1), (9, 'r9', 'o9', 2);`,
      desired: 'CREATE TABLE t ("ROWID" TEXT, b INT) STRICT;',
    });
    assert.deepEqual(read(db, 'SELECT _rowid_ AS r, "rowid" AS c, b FROM t ORDER BY _rowid_'), [{ r: 5, c: 'r5', b: null }, { r: 9, c: 'r9', b: null }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Point 10: the rebuild's temporary table takes a name no object of the database uses.

/** Name, type and SQL of every object but t, and the rows of every table but t: what the rebuild of t must not touch. */
function others(db) {
  const d = new Database(db, { readonly: true });
  try {
    // The history table is written by every apply: not one of the objects under test.
    const schema = d.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE lower(tbl_name) NOT IN ('t', '_liteform_migrations') ORDER BY type, name`).all();
    const tables = d.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND lower(name) NOT IN ('t', '_liteform_migrations') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).pluck().all();
    const rows = Object.fromEntries(tables.map((n) => [n, d.prepare(`SELECT * FROM "${n.replace(/"/g, '""')}"`).all()]));
    return { schema, rows };
  } finally {
    d.close();
  }
}

/** The temporary table's name in the plan's SQL (`liteform plan --sql`), checked against every name in the file. */
function tempNameOf(db, schema) {
  const r = runCli(['plan', '--db', db, '--schema', schema, '--sql']);
  assert.equal(r.code, 0, `plan --sql succeeds\n${r.stdout}${r.stderr}`);
  const m = /CREATE TABLE "([^"]*)"/i.exec(r.stdout);
  assert.ok(m, `the plan creates a temporary table\n${r.stdout}`);
  const names = read(db, 'SELECT name FROM sqlite_schema').map((x) => x.name.toLowerCase());
  assert.ok(!names.includes(m[1].toLowerCase()), `the temporary name ${m[1]} is used by no object (${names.join(', ')})`);
  return m[1];
}

describe('the temporary table of a rebuild collides with no object of the database', () => {
  // t becomes STRICT: a rebuild. The rows of t and of every other table are checked after.
  const tCurrent = `CREATE TABLE t (a INT, b TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two');`;
  const tDesired = 'CREATE TABLE t (a INT, b TEXT) STRICT;';

  const cases = [
    {
      name: 'a user table named _liteform_new_t',
      extra: `CREATE TABLE _liteform_new_t (x INT); INSERT INTO _liteform_new_t VALUES (42);`,
      temp: '_liteform_new_t_2',
    },
    {
      name: 'a user table whose name collides only after ASCII case folding (_LITEFORM_NEW_T)',
      extra: `CREATE TABLE "_LITEFORM_NEW_T" (x INT); INSERT INTO "_LITEFORM_NEW_T" VALUES (42);`,
      temp: '_liteform_new_t_2',
    },
    {
      name: 'collisions stacked: tables, an index, a view, a trigger and a virtual table',
      extra: `
        CREATE TABLE _liteform_new_t (x INT); INSERT INTO _liteform_new_t VALUES (1);
        CREATE TABLE "_Liteform_New_T_2" (x INT); INSERT INTO "_Liteform_New_T_2" VALUES (2);
        CREATE TABLE other (y INT);
        CREATE INDEX "_LITEFORM_new_t_3" ON other (y);
        CREATE VIEW _liteform_new_t_4 AS SELECT y FROM other;
        CREATE TRIGGER _liteform_new_t_5 AFTER INSERT ON other BEGIN SELECT 1; END;
        CREATE VIRTUAL TABLE _liteform_new_t_6 USING fts5(body); INSERT INTO _liteform_new_t_6 VALUES ('hello');`,
      // liteform leaves _liteform_* tables out of the schema; the others are part of the desired state.
      keep: `
        CREATE TABLE other (y INT);
        CREATE INDEX "_LITEFORM_new_t_3" ON other (y);
        CREATE VIEW _liteform_new_t_4 AS SELECT y FROM other;
        CREATE TRIGGER _liteform_new_t_5 AFTER INSERT ON other BEGIN SELECT 1; END;
        CREATE VIRTUAL TABLE _liteform_new_t_6 USING fts5(body);`,
      temp: '_liteform_new_t_7',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { db, schema } = setup({ current: `${tCurrent}${c.extra}`, desired: `${tDesired}\n${c.keep ?? ''}` });
      const kept = others(db);
      assert.equal(tempNameOf(db, schema), c.temp);
      const r = apply(db, schema);
      assert.equal(r.code, 0, `apply succeeds\n${r.stdout}${r.stderr}`);
      assert.equal(r.json?.status, 'migrated');
      assert.deepEqual(read(db, 'SELECT strict FROM pragma_table_list WHERE name = \'t\''), [{ strict: 1 }], 't was rebuilt');
      assert.deepEqual(read(db, 'SELECT rowid AS r, a, b FROM t ORDER BY rowid'), [{ r: 1, a: 1, b: 'one' }, { r: 2, a: 2, b: 'two' }]);
      assert.deepEqual(others(db), kept, 'every other object and its rows are untouched');
      assert.equal(apply(db, schema).json?.status, 'up-to-date');
    });
  }

  test('a table whose own name differs in case from a colliding table: T → _liteform_new_T_2', () => {
    const { db, schema } = setup({
      current: `CREATE TABLE "T" (a INT); INSERT INTO "T" VALUES (7); CREATE TABLE _liteform_new_t (x INT);`,
      desired: 'CREATE TABLE "T" (a INT) STRICT;',
    });
    assert.equal(tempNameOf(db, schema), '_liteform_new_T_2');
    assert.equal(apply(db, schema).code, 0);
    assert.deepEqual(read(db, 'SELECT a FROM "T"'), [{ a: 7 }]);
    assert.deepEqual(read(db, 'SELECT count(*) AS n FROM _liteform_new_t'), [{ n: 0 }]);
  });

  test('without a database (diff of two files) the names of both schemas are avoided, index, view and trigger names included', () => {
    const from = loadSqlSchemaText(`CREATE TABLE t (a INT); CREATE TABLE o (y INT); CREATE INDEX _liteform_new_t ON o (y);`, 'a.sql');
    const to = loadSqlSchemaText(
      `CREATE TABLE t (a INT) STRICT; CREATE TABLE o (y INT); CREATE INDEX _liteform_new_t ON o (y);
       CREATE VIEW "_LITEFORM_NEW_T_2" AS SELECT y FROM o; CREATE TRIGGER _liteform_new_t_3 AFTER INSERT ON o BEGIN SELECT 1; END;`,
      'b.sql',
    );
    const { plan } = planSchemas(from.model, to);
    const create = plan.steps.find((s) => /^CREATE TABLE/.test(s.sql) && s.table === 't');
    assert.match(create.sql, /^CREATE TABLE "_liteform_new_t_4"/);
  });
});
