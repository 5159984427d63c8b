// A large desired schema is built across several scratch databases (SQLite's schema re-read after
// each CREATE is quadratic); the model and the errors must be exactly those of one database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { modelFromStatements, StatementError } from '../dist/db/scratch.js';
import { introspect } from '../dist/db/introspect.js';

function bigSchema(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? '' : `, p INTEGER REFERENCES "t ${i - 1}"(id) ON DELETE CASCADE`;
    out.push(`CREATE TABLE "t ${i}" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE UNIQUE, n REAL CHECK (n >= 0)${parent})`);
    out.push(`CREATE INDEX "ix ${i}" ON "t ${i}" (lower(name)) WHERE n > 1`);
  }
  out.push(`CREATE VIEW v AS SELECT a.name, b.name AS other FROM "t 1" AS a JOIN "t ${n - 1}" AS b ON b.p = a.id`);
  out.push(`CREATE TRIGGER tr AFTER INSERT ON "t ${Math.floor(n / 2)}" BEGIN INSERT INTO "t 0" (name) VALUES (new.name); END`);
  out.push('CREATE VIRTUAL TABLE docs USING fts5(body)');
  return out;
}

test('a 500-table schema built across scratch databases equals the one-database model', () => {
  const statements = bigSchema(250);
  const one = new Database(':memory:');
  for (const s of statements) one.exec(s);
  assert.deepEqual(modelFromStatements(statements), introspect(one));
  one.close();
});

test('a failing statement in a large schema is reported with the same index and message as in one database', () => {
  const statements = bigSchema(250);
  statements.splice(300, 0, 'CREATE INDEX broken ON "no such table" (x)');
  statements.splice(100, 0, 'CREATE TABLE "t 7" (x INT)');
  assert.throws(() => modelFromStatements(statements), (e) => e instanceof StatementError && e.index === 100 && /already exists/.test(e.sqliteMessage));
  statements.splice(100, 1);
  assert.throws(() => modelFromStatements(statements), (e) => e instanceof StatementError && e.index === 300 && /no such table/.test(e.sqliteMessage));
});
