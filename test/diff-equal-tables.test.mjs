// diffSchemas skips the table-by-table comparison for two tables equal as data (src/diff/same-data.ts):
// on 1,000 tables nearly all are. The skip must never change an answer: for every scenario case, the
// diff with the skip and the diff that compares every table (each desired table made unequal as data by
// a key no comparison reads) give the same changes, and a model against itself gives none either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCases, read } from './helpers/cases.mjs';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { describeChange } from '../dist/api/describe-change.js';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { sameData } from '../dist/diff/same-data.js';

/** The model with every table unequal as data to any other, changing nothing a diff reads. */
const unequal = (m) => ({ ...m, tables: m.tables.map((t) => ({ ...t, unread: true })) });
const described = (changes) => changes.map(describeChange);

test('sameData: plain data, by value', () => {
  assert.equal(sameData({ a: [1, 'x', null, { b: true }] }, { a: [1, 'x', null, { b: true }] }), true);
  assert.equal(sameData({ a: 1 }, { a: 1, b: undefined }), false);
  assert.equal(sameData({ a: 1, b: undefined }, { a: 1, c: undefined }), false);
  assert.equal(sameData([1, 2], { 0: 1, 1: 2 }), false);
  assert.equal(sameData([1], [1, 2]), false);
  assert.equal(sameData(null, {}), false);
  assert.equal(sameData('1', 1), false);
});

test('every scenario case: the same changes with and without the equal-table skip; none against itself', () => {
  let compared = 0;
  for (const c of allCases()) {
    const currentSql = read(c.dir, 'current.sql');
    const desiredSql = read(c.dir, 'desired.sql');
    if (currentSql === null || desiredSql === null) continue;
    let current;
    let desired;
    try {
      current = loadSqlSchemaText(currentSql, 'current.sql').model;
      desired = loadSqlSchemaText(desiredSql, 'desired.sql');
    } catch {
      continue; // a case about an error in a schema file
    }
    assert.deepEqual(described(diffSchemas(current, desired.model, desired.hints)), described(diffSchemas(current, unequal(desired.model), desired.hints)), c.name);
    for (const m of [current, desired.model]) {
      assert.deepEqual(diffSchemas(m, m), [], `${c.name}: a model against itself`);
      assert.deepEqual(diffSchemas(m, unequal(m)), [], `${c.name}: a model against itself, every table compared`);
    }
    compared++;
  }
  assert.ok(compared >= 20, `compared ${compared} cases`);
});

test('a foreign key naming a renamed table is compared even when its table is equal as data', () => {
  const { model: from } = loadSqlSchemaText('CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));\n', 'from.sql');
  // p becomes q (hinted) while c still names p: c's foreign key now names a table that is no longer there.
  const to = loadSqlSchemaText('CREATE TABLE q (id INTEGER PRIMARY KEY); -- @renamed from=p\nCREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));\n', 'to.sql');
  assert.deepEqual(described(diffSchemas(from, to.model, to.hints)), described(diffSchemas(from, unequal(to.model), to.hints)));
  assert.ok(diffSchemas(from, to.model, to.hints).some((ch) => ch.kind === 'ModifyTable' && ch.name === 'c'), 'c changes: its parent was renamed away');
});

test('a model changed in place by a library caller is diffed and hashed as it is now, not as remembered', async () => {
  const { schemaHash } = await import('../dist/model/canonical.js');
  const sql = 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n';
  const current = loadSqlSchemaText(sql, 'a.sql').model;
  const desired = loadSqlSchemaText(sql, 'b.sql').model;
  assert.deepEqual(diffSchemas(current, desired), []);
  const before = schemaHash(desired);
  desired.tables[0].columns.push({ ...desired.tables[0].columns[1], name: 'b' });
  assert.deepEqual(described(diffSchemas(current, desired)).length, 1, 'the added column is a change');
  assert.notEqual(schemaHash(desired), before);
});
