// `plan` reads the schema its generated file reaches by introspecting again only the objects whose
// stored rows the file changed (src/db/introspect-changed.ts), keeping the rest of the model it planned
// from. That model is compared with the desired state and kept in the replay cache, so it must be the
// model a whole introspection gives: every case below, and every scenario case's plan, checks that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCases, read } from './helpers/cases.mjs';
import { introspect, schemaTextHash, storedSchemaRows } from '../dist/db/introspect.js';
import { introspectChanged, readStoredSchema } from '../dist/db/introspect-changed.js';
import { openScratch, runAsDefaultBuild } from '../dist/db/scratch.js';
import { runMigrationStatements } from '../dist/db/replay.js';
import { splitStatements } from '../dist/model/split-statements.js';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { planSchemas } from '../dist/api/plan-database.js';
import { renderStatements } from '../dist/render/sql.js';

function scratch(sql) {
  const db = openScratch();
  db.pragma('foreign_keys = OFF');
  for (const st of splitStatements(sql)) runAsDefaultBuild(db, st.sql);
  return db;
}

/** Runs `statements` as a migration file on a database built from `beforeSql`; returns both models. */
function compare(beforeSql, statements) {
  const db = scratch(beforeSql);
  try {
    const before = readStoredSchema(db, introspect(db));
    assert.equal(before.textHash, schemaTextHash(db));
    runMigrationStatements(db, { version: '0002', name: 'x', file: 'x.sql', path: 'x.sql', content: statements, checksum: 'x', header: {} });
    const after = introspectChanged(db, before);
    assert.equal(after.textHash, schemaTextHash(db), 'the text hash of the rows read once is schemaTextHash');
    assert.deepEqual(after.stored, storedSchemaRows(db));
    const changed = after.model;
    assert.deepEqual(changed, introspect(db), 'the model read again where the file changed it is the whole introspection');
    const planned = new Set(before.model.tables);
    return Object.assign(changed, { kept: changed.tables.filter((t) => planned.has(t)).map((t) => t.name) });
  } finally {
    db.close();
  }
}

const base = `CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p, note TEXT);
CREATE INDEX c_p ON c (p_id);
CREATE TABLE u (id INTEGER PRIMARY KEY, x TEXT);
CREATE TABLE w (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));
CREATE VIEW names AS SELECT c.id, p.name FROM c JOIN p ON p.id = c.p_id;
CREATE TRIGGER u_ins AFTER INSERT ON u BEGIN SELECT 1; END;
`;

test('nothing changed: the model planned from', () => {
  compare(base, 'SELECT 1;');
});

test('an added column, index, table, view and trigger', () => {
  const m = compare(base, `ALTER TABLE u ADD COLUMN y TEXT;
CREATE INDEX u_x ON u (x);
CREATE TABLE n (id INTEGER PRIMARY KEY, u_id INTEGER REFERENCES u);
CREATE VIEW us AS SELECT x FROM u;
CREATE TRIGGER n_ins AFTER INSERT ON n BEGIN SELECT 2; END;`);
  assert.deepEqual(m.tables.find((t) => t.name === 'n').foreignKeys[0].refColumns, ['id']);
  assert.deepEqual(m.kept, ['c', 'p', 'w'], 'the tables the file did not touch are not read again');
});

test('dropped objects: an index, a table, a view, a trigger', () => {
  compare(base, 'DROP INDEX c_p;\nDROP VIEW names;\nDROP TRIGGER u_ins;\nDROP TABLE w;');
});

test('a renamed table rewrites the foreign keys and views that name it', () => {
  compare(base, 'ALTER TABLE p RENAME TO parent;');
});

test('a renamed column, a dropped column', () => {
  compare(base, 'ALTER TABLE p RENAME COLUMN name TO title;\nALTER TABLE c DROP COLUMN note;');
});

test('a parent whose primary key changes: the child with an implicit foreign key resolves to the new key', () => {
  const m = compare(base, `DROP VIEW names;
CREATE TABLE _liteform_new_p (code TEXT PRIMARY KEY, name TEXT);
DROP TABLE p;
ALTER TABLE _liteform_new_p RENAME TO p;`);
  assert.deepEqual(m.tables.find((t) => t.name === 'c').foreignKeys[0].refColumns, ['code'], 'c was not touched, its parent was');
  assert.deepEqual(m.kept, ['u', 'w'], 'c is read again (its implicit key names p), w names p(id)');
});

test('a parent created after its child: the implicit foreign key resolves once it exists', () => {
  compare('CREATE TABLE c (id INTEGER PRIMARY KEY, q_id INTEGER REFERENCES q);\nCREATE TABLE o (id INTEGER PRIMARY KEY);', 'CREATE TABLE q (k TEXT PRIMARY KEY);');
});

test('views and triggers spelling "…": read again as stored and judged over the whole model, the other tables kept', () => {
  // "n/a" names nothing: a string. "note" names a column of c, a table the file leaves alone: an identifier
  // only the kept table tells. "y" is a string before the file and a column of u after it.
  const quoted = `${base}CREATE VIEW quoted AS SELECT "n/a" AS label, "y" AS why FROM u;
CREATE VIEW notes AS SELECT "note" FROM c;
CREATE TRIGGER c_quoted AFTER UPDATE ON c BEGIN UPDATE w SET p_id = NULL WHERE "note" = "gone"; END;\n`;
  const m = compare(quoted, 'ALTER TABLE u ADD COLUMN y TEXT;');
  assert.deepEqual(m.kept.sort(), ['c', 'p', 'w']);
  assert.match(m.views.find((v) => v.name === 'quoted').sql, /'n\/a' AS label, "y" AS why/);
  assert.match(m.views.find((v) => v.name === 'notes').sql, /SELECT "note" FROM c/);
  assert.match(m.triggers.find((t) => t.name === 'c_quoted').sql, /"note" = 'gone'/);
});

test('a virtual table changed: the whole schema is read', () => {
  assert.deepEqual(compare(`${base}CREATE VIRTUAL TABLE docs USING fts5(body);\n`, 'DROP TABLE docs;\nCREATE VIRTUAL TABLE docs USING fts5(body, title);').kept, []);
});

test('every scenario case: the plan from current to desired, run as a file, reads back as a whole introspection does', () => {
  let compared = 0;
  for (const c of allCases()) {
    const currentSql = read(c.dir, 'current.sql');
    const desiredSql = read(c.dir, 'desired.sql');
    if (currentSql === null || desiredSql === null) continue;
    let db;
    let statements;
    try {
      db = scratch(currentSql);
      statements = renderStatements(planSchemas(introspect(db), loadSqlSchemaText(desiredSql, 'desired.sql')).plan);
    } catch {
      db?.close();
      continue; // a case about an error liteform reports: nothing runs
    } finally {
      db?.close();
    }
    try {
      compare(currentSql, statements);
      compared++;
    } catch (e) {
      if (e instanceof assert.AssertionError) throw new Error(`${c.name}: ${e.message}`);
      // A case whose plan fails on its data (none here: the scratch database holds no rows) or by design.
    }
  }
  assert.ok(compared >= 20, `compared ${compared} cases`);
});
