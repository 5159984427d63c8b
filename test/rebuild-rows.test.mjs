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
