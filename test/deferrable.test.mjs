// DEFERRABLE on foreign keys (issue 12, point 4): PRAGMA foreign_key_list does not report it, so it is
// read from the CREATE TABLE text. For every spelling below, what liteform reads is checked against
// what SQLite actually does (a violating insert inside a transaction succeeds only when deferred),
// then: plan(X, X) is empty, flipping only the deferrability plans a rebuild whose result has the new
// behaviour and keeps every row, and inspect → YAML (and SQL) → plan against the database is empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { tempDir, runCli } from './helpers/cases.mjs';
import { introspect } from '../dist/db/introspect.js';
import { planSchemas } from '../dist/api/plan-database.js';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { loadYamlSchemaText } from '../dist/schema-file/yaml-file.js';
import { canonicalSchema } from '../dist/model/canonical.js';
import { renderYaml } from '../dist/render/yaml.js';

const parent = `CREATE TABLE p (id INTEGER PRIMARY KEY, u INTEGER UNIQUE, a INTEGER, b INTEGER, UNIQUE (a, b));\n`;
const D = 'DEFERRABLE INITIALLY DEFERRED';

/** [label, child CREATE TABLE]. Every foreign-key column is nullable or defaults to 0 (a parent row exists for 0). */
const variants = [
  ['column SET NULL deferred', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL ${D})`],
  ['column SET DEFAULT deferred', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER DEFAULT 0 REFERENCES p(id) ON DELETE SET DEFAULT ${D})`],
  ['column without parent columns', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE ${D})`],
  ['column ON UPDATE before ON DELETE, MATCH', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON UPDATE SET NULL ON DELETE SET DEFAULT MATCH SIMPLE ${D})`],
  ['column MATCH first', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) MATCH FULL ON DELETE SET NULL ON UPDATE NO ACTION ${D})`],
  ['column RESTRICT deferred', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(u) ON DELETE RESTRICT ON UPDATE CASCADE ${D})`],
  ['column NOT DEFERRABLE', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL NOT DEFERRABLE)`],
  ['column NOT DEFERRABLE INITIALLY DEFERRED', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL NOT DEFERRABLE INITIALLY DEFERRED)`],
  ['column DEFERRABLE INITIALLY IMMEDIATE', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE)`],
  ['column bare DEFERRABLE', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) DEFERRABLE)`],
  ['column no clause', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL)`],
  ['comments and odd whitespace', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES /* parent */ p ( id ) ON\n\tDELETE -- then\n SET /*x*/ NULL\n\n  DEFERRABLE /* when */ INITIALLY\r\n DEFERRED)`],
  ['lower case, quoted names', `create table "c" ("id" integer primary key, "p id" integer references "P" ("id") on delete set null deferrable initially deferred)`],
  ['named column constraint, CHECK after', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER CONSTRAINT fk1 REFERENCES p(id) ON DELETE SET NULL ${D} CHECK (pid > -1))`],
  ['defer clause after NOT NULL DEFAULT', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET DEFAULT NOT NULL DEFAULT 0 ${D})`],
  ['defer clause on a later column (applies to the last foreign key)', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL, x INTEGER ${D})`],
  ['deferred then NOT DEFERRABLE (the last wins)', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ${D} NOT DEFERRABLE)`],
  ['defer clause before REFERENCES (applies to nothing)', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER ${D} REFERENCES p(id))`],
  ['table composite deferred', `CREATE TABLE c (id INTEGER PRIMARY KEY, x INTEGER, y INTEGER, FOREIGN KEY (x, y) REFERENCES p(a, b) ON UPDATE CASCADE ON DELETE SET NULL ${D})`],
  ['table without parent columns', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER, CONSTRAINT fk FOREIGN KEY (pid) REFERENCES p MATCH NONE ON DELETE SET DEFAULT ${D})`],
  ['table NOT DEFERRABLE', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER, FOREIGN KEY (pid) REFERENCES p(id) ON DELETE SET NULL NOT DEFERRABLE)`],
  ['same columns and parent twice, one deferred', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ${D}, q INTEGER REFERENCES p(id), FOREIGN KEY (pid) REFERENCES p(id) ON DELETE CASCADE)`],
  ['several foreign keys mixed', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL ${D}, q INTEGER REFERENCES p(u), x INTEGER, y INTEGER, FOREIGN KEY (x, y) REFERENCES p(a, b) ${D})`],
  ['STRICT WITHOUT ROWID', `CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET DEFAULT ${D}) STRICT, WITHOUT ROWID`],
];

/** What SQLite does: for each foreign key of `c` (in model order), whether a violating insert is accepted until COMMIT. */
function measuredDeferral(file, model) {
  const child = model.tables.find((t) => t.name.toLowerCase() === 'c');
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    return child.foreignKeys.map((fk) => {
      const cols = fk.columns.map((c) => `"${c.replace(/"/g, '""')}"`);
      db.exec('BEGIN');
      try {
        db.prepare(`INSERT INTO c (id, ${cols.join(', ')}) VALUES (424242, ${cols.map(() => '999').join(', ')})`).run();
        return true;
      } catch (e) {
        assert.match(e.message, /FOREIGN KEY constraint failed/);
        return false;
      } finally {
        db.exec('ROLLBACK');
      }
    });
  } finally {
    db.close();
  }
}

/**
 * What measuredDeferral should see if the model is right: the insert sets the columns of one foreign
 * key, so every foreign key whose columns are among them is checked, and all of them must be deferred.
 */
function predictedDeferral(model) {
  const fks = childOf(model).foreignKeys;
  const lc = (cols) => cols.map((c) => c.toLowerCase());
  return fks.map((fk) => fks
    .filter((other) => lc(other.columns).every((c) => lc(fk.columns).includes(c)))
    .every((other) => other.deferrable === 'DEFERRABLE INITIALLY DEFERRED'));
}

function childOf(model) {
  return model.tables.find((t) => t.name.toLowerCase() === 'c');
}

function makeDb(dir, name, sql) {
  const file = join(dir, name);
  const db = new Database(file);
  db.exec(sql);
  db.exec(`INSERT INTO p (id, u, a, b) VALUES (0, 0, 0, 0), (1, 1, 1, 1);`);
  db.close();
  return file;
}

function modelOf(file) {
  const db = new Database(file, { readonly: true });
  try { return introspect(db); } finally { db.close(); }
}

const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

for (const [label, child] of variants) {
  test(`DEFERRABLE: ${label}`, () => {
    const dir = tempDir('liteform-defer-');
    const sql = parent + child + ';';
    const file = makeDb(dir, 'x.db', sql);
    const model = modelOf(file);
    const fks = childOf(model).foreignKeys;
    assert.ok(fks.length > 0, 'the child has foreign keys');

    // 1. What liteform reads is what SQLite does.
    assert.deepEqual(predictedDeferral(model), measuredDeferral(file, model), `deferrable as read: ${JSON.stringify(fks)}`);

    // 2. plan(X, X) is empty: the .sql desired state, the rendered CREATE and the inspect YAML.
    assert.deepEqual(planSchemas(model, loadSqlSchemaText(sql, 'x.sql')).plan.steps, []);
    assert.deepEqual(planSchemas(model, loadSqlSchemaText(canonicalSchema(model), 'c.sql')).plan.steps, []);
    assert.deepEqual(planSchemas(model, loadYamlSchemaText(renderYaml(model), 'x.yaml')).plan.steps, []);

    // 3. inspect → YAML / SQL → plan against the database, through the CLI: nothing to do, file untouched.
    const before = sha(file);
    for (const [format, ext] of [['yaml', 'yaml'], ['sql', 'sql']]) {
      const out = runCli(['inspect', '--db', file, '--format', format]);
      assert.equal(out.code, 0, out.stderr);
      const schema = join(dir, `inspected.${ext}`);
      writeFileSync(schema, out.stdout);
      const plan = runCli(['plan', '--db', file, '--schema', schema, '--dry-run', '--json']);
      assert.equal(plan.code, 0, plan.stderr);
      assert.deepEqual(JSON.parse(plan.stdout).steps, [], `${format} inspect of ${label} plans nothing:\n${out.stdout}`);
    }
    assert.equal(sha(file), before);

    // 4. Flipping only the first foreign key's deferrability plans a rebuild; applying it gives the new
    //    behaviour, keeps the rows, and a second plan is empty.
    const flipped = {
      ...model,
      tables: model.tables.map((t) => (t !== childOf(model) ? t : {
        ...t,
        foreignKeys: t.foreignKeys.map((f, i) => (i !== 0 ? f : { ...f, deferrable: f.deferrable === 'NOT DEFERRABLE' ? 'DEFERRABLE INITIALLY DEFERRED' : 'NOT DEFERRABLE' })),
      })),
    };
    const desired = join(dir, 'flipped.sql');
    writeFileSync(desired, canonicalSchema(flipped));
    {
      const db = new Database(file);
      db.exec(`INSERT INTO c (id) VALUES (10), (11), (12)`);
      db.close();
    }
    const planned = runCli(['plan', '--db', file, '--schema', desired, '--dry-run', '--json']);
    assert.equal(planned.code, 0, planned.stderr);
    const json = JSON.parse(planned.stdout);
    assert.equal(json.summary.rebuild, 1, `a change of DEFERRABLE alone is a rebuild: ${planned.stdout.slice(0, 400)}`);
    const applied = runCli(['apply', '--db', file, '--schema', desired, '--no-backup']);
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    const after = modelOf(file);
    assert.deepEqual(childOf(after).foreignKeys.map((f) => f.deferrable), childOf(flipped).foreignKeys.map((f) => f.deferrable));
    assert.deepEqual(measuredDeferral(file, after), predictedDeferral(flipped));
    const db = new Database(file, { readonly: true });
    assert.equal(db.prepare('SELECT count(*) FROM c').pluck().get(), 3);
    db.close();
    const again = runCli(['plan', '--db', file, '--schema', desired, '--dry-run', '--json']);
    assert.deepEqual(JSON.parse(again.stdout).steps, []);
  });
}

test('YAML deferrable: initially-immediate is the same schema as false; initially-deferred differs', () => {
  const dir = tempDir('liteform-defer-yaml-');
  const file = makeDb(dir, 'y.db', `${parent}CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) ON DELETE SET NULL);`);
  const yaml = (deferrable) => `tables:
  p:
    columns:
      id: { type: INTEGER, primaryKey: true }
      u: { type: INTEGER, unique: true }
      a: { type: INTEGER }
      b: { type: INTEGER }
    unique: [[a, b]]
  c:
    columns:
      id: { type: INTEGER, primaryKey: true }
      pid: { type: INTEGER, references: { table: p, column: id, onDelete: SET NULL${deferrable === undefined ? '' : `, deferrable: ${deferrable}`} } }
`;
  const planOf = (d) => {
    const f = join(dir, `s-${d}.yaml`);
    writeFileSync(f, yaml(d));
    const r = runCli(['plan', '--db', file, '--schema', f, '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  assert.deepEqual(planOf(undefined).steps, []);
  assert.deepEqual(planOf('false').steps, []);
  assert.deepEqual(planOf('initially-immediate').steps, []);
  const deferred = planOf('initially-deferred');
  assert.equal(deferred.summary.rebuild, 1);
  assert.match(deferred.steps.map((s) => s.sql).join('\n'), /DEFERRABLE INITIALLY DEFERRED/);
});
