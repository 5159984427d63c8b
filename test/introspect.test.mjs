// Introspection: a fixed number of queries whatever the number of tables; plan(X, X) is empty for
// every case schema; liteform's own and SQLite's tables and virtual-table shadows are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { allCases, execAsDefaultSqlite, read } from './helpers/cases.mjs';
import { introspect } from '../dist/db/introspect.js';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';

function countingQueries(db) {
  let n = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql) => { n++; return prepare(sql); };
  return () => n;
}

function schemaWithTables(count) {
  const db = new Database(':memory:');
  for (let i = 0; i < count; i++) {
    db.exec(`CREATE TABLE t${i} (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b INTEGER REFERENCES t0(id), c TEXT CHECK (c <> ''));
             CREATE INDEX t${i}_b ON t${i}(b) WHERE b > 0;`);
  }
  return db;
}

test('the number of introspection queries does not grow with the number of tables', () => {
  const counts = [1, 10, 200].map((n) => {
    const db = schemaWithTables(n);
    const count = countingQueries(db);
    const model = introspect(db);
    assert.equal(model.tables.length, n);
    assert.equal(model.tables.at(-1).indexes.length, 1);
    assert.equal(model.tables.at(-1).uniques.length, 1);
    assert.equal(model.tables.at(-1).foreignKeys.length, 1);
    db.close();
    return count();
  });
  assert.equal(new Set(counts).size, 1, `queries per introspection: ${counts.join(', ')}`);
  assert.ok(counts[0] <= 8);
});

for (const c of allCases()) {
  for (const file of ['current.sql', 'desired.sql']) {
    test(`plan(X, X) is empty: ${c.name}/${file}`, () => {
      const sql = read(c.dir, file);
      const desired = loadSqlSchemaText(sql, file);
      const db = new Database(':memory:');
      execAsDefaultSqlite(db, sql);
      assert.deepEqual(diffSchemas(introspect(db), desired.model, desired.hints), []);
      assert.deepEqual(diffSchemas(desired.model, desired.model), []);
      db.close();
    });
  }
}

test('sqlite_*, _liteform_* and FTS5 shadow tables are not part of the user schema', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT);
           CREATE TABLE _liteform_migrations (version TEXT);
           CREATE VIRTUAL TABLE docs USING fts5(body, content='a', content_rowid='id');
           ANALYZE;`);
  const m = introspect(db);
  assert.deepEqual(m.tables.map((t) => t.name), ['a']);
  assert.deepEqual(m.virtualTables.map((t) => t.name), ['docs']);
});

test('normalisation: spelling differences that SQLite treats as the same schema plan nothing', () => {
  const a = loadSqlSchemaText(`CREATE TABLE "Users" (ID integer primary key, Email text not null default ('x') collate nocase check (length(Email)>0), n  varchar( 10 ,2 ));
    CREATE INDEX ix ON users (lower( email ) desc) where email   is not null;
    CREATE VIEW v AS   select *   from users;`, 'a.sql');
  const b = loadSqlSchemaText(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE CHECK ( length( "email" ) > 0 ), n VARCHAR(10, 2));
    CREATE INDEX "IX" ON "USERS" (LOWER(EMAIL) DESC) WHERE EMAIL IS NOT NULL;
    CREATE VIEW "v" AS SELECT * FROM "users";`, 'b.sql');
  assert.deepEqual(diffSchemas(a.model, b.model), []);
});

test('normalisation does not touch string literals', () => {
  const a = loadSqlSchemaText(`CREATE TABLE t (s TEXT DEFAULT 'Open', c TEXT CHECK (c <> 'A  B'));`, 'a.sql');
  const b = loadSqlSchemaText(`CREATE TABLE t (s TEXT DEFAULT 'open', c TEXT CHECK (c <> 'A B'));`, 'b.sql');
  const kinds = diffSchemas(a.model, b.model).flatMap((c) => c.changes.map((t) => t.kind));
  assert.deepEqual(kinds.sort(), ['AddCheck', 'DropCheck', 'ModifyColumn']);
});

test('INT and INTEGER are different declarations (INT PRIMARY KEY is not a rowid alias)', () => {
  const a = loadSqlSchemaText('CREATE TABLE t (id INT PRIMARY KEY);', 'a.sql');
  const b = loadSqlSchemaText('CREATE TABLE t (id INTEGER PRIMARY KEY);', 'b.sql');
  assert.equal(diffSchemas(a.model, b.model).length, 1);
});
