// A declarative apply verifies only what its statements changed (issue 9): the objects whose stored
// rows changed are introspected again and compared with the desired ones, the rest is the model the
// plan was made from. Each case runs statements a plan might have got wrong and compares the scoped
// answer with the whole-schema comparison: both must find the same differences, or both none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { introspect } from '../dist/db/introspect.js';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { noRenames } from '../dist/model/schema-model.js';
import { describeChange } from '../dist/api/describe-change.js';
import { changedSchemaDifferences, readSchemaBefore } from '../dist/api/changed-schema-differences.js';

function compare(beforeSql, desiredSql, statements) {
  const db = new Database(':memory:');
  const scratch = new Database(':memory:');
  try {
    db.exec(beforeSql);
    scratch.exec(desiredSql);
    const current = introspect(db);
    const desired = introspect(scratch);
    const changes = diffSchemas(current, desired, noRenames);
    const before = readSchemaBefore(db, current);
    db.exec(statements);
    const scoped = changedSchemaDifferences(db, before, changes, desired);
    const full = diffSchemas(introspect(db), desired, noRenames).map(describeChange);
    assert.deepEqual([...scoped].sort(), [...full].sort(), 'the scoped verification finds what the whole-schema one finds');
    return scoped;
  } finally {
    db.close();
    scratch.close();
  }
}

const base = `CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p, note TEXT);
CREATE INDEX c_p ON c (p_id);
CREATE TABLE u (id INTEGER PRIMARY KEY, x TEXT);
CREATE VIEW names AS SELECT c.id, p.name FROM c JOIN p ON p.id = c.p_id;
CREATE TRIGGER u_ins AFTER INSERT ON u BEGIN SELECT 1; END;
`;

test('statements that do what the plan says: no difference', () => {
  assert.deepEqual(compare(base, base.replace('x TEXT)', 'x TEXT, y INTEGER)'), 'ALTER TABLE u ADD COLUMN y INTEGER;'), []);
});

test('a column added with another type than the desired one is found', () => {
  assert.ok(compare(base, base.replace('x TEXT)', 'x TEXT, y INTEGER)'), 'ALTER TABLE u ADD COLUMN y TEXT;').length > 0);
});

test('a statement that also changes another column of the table it changes is found', () => {
  const rebuilt = `CREATE TABLE c_new (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p, note TEXT NOT NULL DEFAULT '');
INSERT INTO c_new SELECT id, p_id, IFNULL(note, '') FROM c; DROP VIEW names; DROP TABLE c; ALTER TABLE c_new RENAME TO c;
CREATE INDEX c_p ON c (p_id); CREATE VIEW names AS SELECT c.id, p.name FROM c JOIN p ON p.id = c.p_id;`;
  const desired = base.replace('note TEXT)', "note TEXT NOT NULL DEFAULT '')");
  assert.deepEqual(compare(base, desired, rebuilt), []);
  assert.ok(compare(base, desired, `${rebuilt} ALTER TABLE c DROP COLUMN note; ALTER TABLE c ADD COLUMN note TEXT NOT NULL DEFAULT 'x';`).length > 0);
});

test('a statement touching a table no change is about is found', () => {
  const desired = base.replace('x TEXT)', 'x TEXT, y INTEGER)');
  assert.ok(compare(base, desired, 'ALTER TABLE u ADD COLUMN y INTEGER; CREATE INDEX p_name ON p (name);').length > 0);
  assert.ok(compare(base, desired, 'ALTER TABLE u ADD COLUMN y INTEGER; DROP TRIGGER u_ins;').length > 0);
  assert.ok(compare(base, desired, 'ALTER TABLE u ADD COLUMN y INTEGER; DROP VIEW names;').length > 0);
});

test('a change the statements never made is found', () => {
  const desired = base.replace('x TEXT)', 'x TEXT, y INTEGER)').replace('name TEXT)', 'name TEXT, z TEXT)');
  assert.ok(compare(base, desired, 'ALTER TABLE u ADD COLUMN y INTEGER;').length > 0);
});

test('a foreign key that omits the parent columns follows its parent\'s new key, as the whole comparison reads it', () => {
  const before = 'CREATE TABLE p (id INTEGER PRIMARY KEY, k TEXT); CREATE TABLE c (id INTEGER PRIMARY KEY, p_ref REFERENCES p);';
  const desired = 'CREATE TABLE p (id INTEGER, k TEXT PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_ref REFERENCES p);';
  const rebuild = 'CREATE TABLE p_new (id INTEGER, k TEXT PRIMARY KEY); INSERT INTO p_new SELECT id, k FROM p; DROP TABLE p; ALTER TABLE p_new RENAME TO p;';
  assert.deepEqual(compare(before, desired, rebuild), []);
  assert.ok(compare(before, before, rebuild).length > 0, 'the child reads the new parent key: a difference when the desired state keeps the old one');
});

/** A view stored with a "…" string, as an application's default SQLite build stores it (ours, SQLITE_DQS=0, only reads it). */
const doubleQuotedView = (db) => {
  db.exec(`CREATE VIEW labels AS SELECT id, 'none' AS label FROM u`);
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  db.prepare(`UPDATE sqlite_schema SET sql = replace(sql, '''none''', '"none"') WHERE name = 'labels'`).run();
  db.pragma(`schema_version = ${db.pragma('schema_version', { simple: true }) + 1}`);
  db.pragma('writable_schema = OFF');
  db.unsafeMode(false);
};

test('a view or trigger holding a "…" string is compared over the whole schema', () => {
  const desired = base.replace('x TEXT)', 'x TEXT, y INTEGER)');
  const run = (statements) => {
    const db = new Database(':memory:');
    const scratch = new Database(':memory:');
    try {
      db.exec(base);
      doubleQuotedView(db);
      scratch.exec(desired);
      doubleQuotedView(scratch);
      const current = introspect(db);
      const want = introspect(scratch);
      assert.match(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'labels'").pluck().get(), /"none"/);
      const before = readSchemaBefore(db, current);
      db.exec(statements);
      const scoped = changedSchemaDifferences(db, before, diffSchemas(current, want, noRenames), want);
      assert.deepEqual([...scoped].sort(), diffSchemas(introspect(db), want, noRenames).map(describeChange).sort());
      return scoped;
    } finally {
      db.close();
      scratch.close();
    }
  };
  assert.deepEqual(run('ALTER TABLE u ADD COLUMN y INTEGER;'), []);
  assert.ok(run('ALTER TABLE u ADD COLUMN y TEXT;').length > 0);
});
