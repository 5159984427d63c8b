// A .sql desired state holding what SQLite accepts but cannot use (issue 12, point 11): a foreign key
// to a missing table (LF401) or to parent columns that are no key (LF402), a view over a missing table
// (LF403). Warned, never refused, at file:line:col, on plan / apply / check / diff: human output on
// stderr, --json in the `warnings` array. Each rule is checked against SQLite itself: a warned foreign
// key makes a real insert fail, an unwarned one lets it through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Ajv2020 from 'ajv/dist/2020.js';
import { tempDir, runCli, allCases, read, root } from './helpers/cases.mjs';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';

const validatePlan = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(root, 'schema/plan-output.schema.json'), 'utf8')));

/**
 * [label, schema, expected [code, line, col] list, probe]. The probe is a script that writes a row
 * through the foreign key under test with foreign keys on: it must fail exactly when a warning is expected.
 */
const fkCases = [
  ['column FK to a missing table', 'CREATE TABLE c (\n  id INTEGER PRIMARY KEY,\n  pid INTEGER REFERENCES nosuch(id)\n);', [['LF401', 3, 15]], 'INSERT INTO c VALUES (1, 1)'],
  ['table FK to a missing table, composite', 'CREATE TABLE c (id INTEGER PRIMARY KEY, x INT, y INT,\n    FOREIGN KEY (x, y) REFERENCES "Gone" (a, b) ON DELETE CASCADE);', [['LF401', 2, 24]], 'INSERT INTO c VALUES (1, 1, 1)'],
  ['FK to a view', 'CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE VIEW pv AS SELECT id FROM p;\nCREATE TABLE c (pid INTEGER REFERENCES pv(id));', [['LF401', 3, 29]], 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)'],
  ['FK to a non-key column', 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);\nCREATE TABLE c (code TEXT REFERENCES p(code));', [['LF402', 2, 27]], "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES ('a')"],
  ['FK to a missing parent column', 'CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (pid INTEGER REFERENCES p(nope));', [['LF402', 2, 29]], 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)'],
  ['FK without columns to a parent without a primary key', 'CREATE TABLE p (id INTEGER);\nCREATE TABLE c (pid INTEGER REFERENCES p);', [['LF402', 2, 29]], 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)'],
  ['composite FK to half a composite key', 'CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, b));\nCREATE TABLE c (x INT, FOREIGN KEY (x) REFERENCES p(a));', [['LF402', 2, 40]], 'INSERT INTO p VALUES (1, 1); INSERT INTO c VALUES (1)'],
  ['FK to a partial unique index', 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);\nCREATE UNIQUE INDEX pc ON p (code) WHERE code IS NOT NULL;\nCREATE TABLE c (code TEXT REFERENCES p(code));', [['LF402', 3, 27]], "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES ('a')"],
  ['FK to a unique key of another collation', 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT, UNIQUE (code COLLATE NOCASE));\nCREATE TABLE c (code TEXT REFERENCES p(code));', [['LF402', 2, 27]], "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES ('a')"],
  ['two warnings in one table, in file order', 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);\nCREATE TABLE c (\n  a INTEGER REFERENCES p(code),\n  b INTEGER REFERENCES gone\n);', [['LF402', 3, 13], ['LF401', 4, 13]], "INSERT INTO p VALUES (1, 'a'); INSERT INTO c (a) VALUES ('a')"],
  // No warning: SQLite can use every one of these.
  ['FK to INTEGER PRIMARY KEY, names in other case', 'CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (pid INTEGER REFERENCES P(ID));', [], 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)'],
  ['FK without columns to the primary key', 'CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, b)) WITHOUT ROWID;\nCREATE TABLE c (x INT, y INT, FOREIGN KEY (x, y) REFERENCES p);', [], 'INSERT INTO p VALUES (1, 2); INSERT INTO c VALUES (1, 2)'],
  ['composite FK to a UNIQUE in another order', 'CREATE TABLE p (id INTEGER PRIMARY KEY, a INT, b INT, UNIQUE (b, a));\nCREATE TABLE c (x INT, y INT, FOREIGN KEY (x, y) REFERENCES p(a, b));', [], 'INSERT INTO p VALUES (1, 1, 2); INSERT INTO c VALUES (1, 2)'],
  ['FK to a unique index', 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);\nCREATE UNIQUE INDEX pc ON p (code);\nCREATE TABLE c (code TEXT REFERENCES p(code));', [], "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES ('a')"],
  ['FK to a parent created later in the file', 'CREATE TABLE c (pid INTEGER REFERENCES p(id));\nCREATE TABLE p (id INTEGER PRIMARY KEY);', [], 'INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)'],
  ['FK to an inline UNIQUE with the column\'s own collation', 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT COLLATE NOCASE UNIQUE);\nCREATE TABLE c (code TEXT REFERENCES p(code));', [], "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES ('a')"],
  ['self-reference', 'CREATE TABLE t (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES t(id));', [], 'INSERT INTO t VALUES (1, NULL); INSERT INTO t VALUES (2, 1)'],
];

const viewCases = [
  ['view over a missing table', 'CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE VIEW v AS\n  SELECT * FROM t JOIN gone USING (id);', [['LF403', 3, 24]], 'v'],
  ['view over a missing table in a subquery', 'CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE VIEW v AS SELECT * FROM t WHERE id IN (SELECT id FROM "Gone Table");', [['LF403', 2, 62]], 'v'],
  ['view over a view over a missing table', 'CREATE VIEW inner_v AS SELECT x FROM gone;\nCREATE VIEW outer_v AS SELECT * FROM inner_v;', [['LF403', 1, 38], ['LF403', 2, 1]], 'outer_v'],
  ['views over tables, views, CTEs, table-valued functions and FTS5', "CREATE TABLE t (id INTEGER PRIMARY KEY, j TEXT);\nCREATE VIRTUAL TABLE f USING fts5(body);\nCREATE VIEW a AS SELECT * FROM t;\nCREATE VIEW b AS WITH w AS (SELECT id FROM a) SELECT w.id, e.value FROM w, t, json_each(t.j) AS e, f_data;\nCREATE VIEW c AS SELECT * FROM f WHERE f MATCH 'x';\nCREATE VIEW d AS SELECT name FROM sqlite_schema;", [], 'b'],
];

function setup(schemaText, name = 'schema.sql') {
  const dir = tempDir('liteform-warn-');
  const schema = join(dir, name);
  writeFileSync(schema, schemaText);
  return { dir, schema, db: join(dir, 'app.db') };
}

const expectedOf = (warnings) => warnings.map((w) => [w.code, w.line, w.col]);

for (const [label, sql, expected, probe] of fkCases) {
  test(`.sql foreign key warnings: ${label}`, () => {
    const { schema, db } = setup(sql);
    const desired = loadSqlSchemaText(sql, schema);
    assert.deepEqual(expectedOf(desired.warnings), expected, JSON.stringify(desired.warnings, null, 1));
    for (const w of desired.warnings) assert.ok(w.message.startsWith(`${schema}:${w.line}:${w.col}: `), w.message);

    // SQLite agrees: the probe fails exactly when something is warned about.
    const probeDb = new Database(':memory:');
    probeDb.pragma('foreign_keys = ON');
    probeDb.exec(sql);
    let failure = null;
    try { probeDb.exec(probe); } catch (e) { failure = e.message; }
    probeDb.close();
    assert.equal(failure !== null, expected.length > 0, `probe: ${failure}`);

    // plan and apply go ahead (a warning never refuses) and say it on stderr.
    const plan = runCli(['plan', '--db', db, '--schema', schema, '--create']);
    assert.equal(plan.code, 0, plan.stderr);
    for (const [code, line, col] of expected) assert.ok(plan.stderr.includes(`warning [${code}]: ${schema}:${line}:${col}: `), plan.stderr);
    if (expected.length === 0) assert.equal(plan.stderr, '');
    const applied = runCli(['apply', '--db', db, '--schema', schema, '--create', '--no-backup', '--json']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(existsSync(db), true);
    const doc = JSON.parse(applied.stdout);
    assert.deepEqual(expectedOf(doc.warnings.filter((w) => w.level === 'schema')), expected);
    assert.ok(validatePlan(doc), JSON.stringify(validatePlan.errors));
  });
}

for (const [label, sql, expected, view] of viewCases) {
  test(`.sql view warnings: ${label}`, () => {
    const { schema } = setup(sql);
    const desired = loadSqlSchemaText(sql, schema);
    assert.deepEqual(expectedOf(desired.warnings), expected, JSON.stringify(desired.warnings, null, 1));
    const probeDb = new Database(':memory:');
    probeDb.exec(sql);
    let failure = null;
    try { probeDb.prepare(`SELECT * FROM "${view}"`).all(); } catch (e) { failure = e.message; }
    probeDb.close();
    assert.equal(failure !== null, expected.length > 0, `probe: ${failure}`);
    for (const w of desired.warnings) assert.match(w.message, /view \S+ reads table/);
  });
}

test('.sql warnings reach plan --json, diff, and check (human on stderr, JSON in warnings), exit codes unchanged', () => {
  const sql = 'CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);\nCREATE TABLE c (\n  id INTEGER PRIMARY KEY,\n  code TEXT REFERENCES p(code)\n);\nCREATE VIEW v AS SELECT * FROM nowhere;\n';
  const { dir, schema, db } = setup(sql);
  const want = [['LF402', 4, 13], ['LF403', 6, 32]];

  const plan = runCli(['plan', '--db', db, '--schema', schema, '--create', '--json']);
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal(plan.stderr, '', 'with --json nothing goes to stderr');
  const planDoc = JSON.parse(plan.stdout);
  assert.ok(validatePlan(planDoc), JSON.stringify(validatePlan.errors));
  assert.deepEqual(expectedOf(planDoc.warnings), want);
  assert.deepEqual(planDoc.warnings.map((w) => [w.level, w.file, w.table]), [['schema', schema, 'c'], ['schema', schema, 'v']]);

  // diff: against an empty database and between two .sql files (each warning once).
  const empty = join(dir, 'empty.db');
  new Database(empty).exec('CREATE TABLE z (a); DROP TABLE z;');
  let r = runCli(['diff', empty, schema]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('warning [LF4')).length, 2, r.stderr);
  r = runCli(['diff', schema, schema, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(expectedOf(JSON.parse(r.stdout).warnings), want);

  // Versioned: plan writes the file (warning on stderr), apply, then check agrees and still warns.
  const migrations = join(dir, 'migrations');
  const cli = (...args) => runCli([...args, '--db', db, '--schema', schema, '--dir', migrations], { cwd: dir });
  r = cli('plan', 'first');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning \[LF402\]: .*schema\.sql:4:13: /);
  assert.equal(cli('apply', '--create', '--no-backup').code, 0);
  r = cli('check');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /warning \[LF403\]: .*schema\.sql:6:32: view v reads table nowhere/);
  r = cli('check', '--json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(expectedOf(JSON.parse(r.stdout).warnings), want);

  // Direct apply, human: the warnings on stderr, the database created and at the desired state.
  const db2 = join(dir, 'direct.db');
  r = runCli(['apply', '--db', db2, '--schema', schema, '--create', '--no-backup']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('warning [LF4')).length, 2, r.stderr);
  assert.doesNotMatch(r.stdout, /LF40/);
});

test('no scenario schema draws a warning (but the one whose foreign keys name missing tables on purpose)', () => {
  const expected = { '30-foreign-key-to-missing-table/desired.sql': ['LF401 posts.user_id → users_old', 'LF401 accounts.legacy_user_id → users'] };
  for (const c of allCases()) {
    for (const f of ['current.sql', 'desired.sql']) {
      const text = read(c.dir, f);
      if (text === null) continue;
      const got = loadSqlSchemaText(text, `${c.name}/${f}`).warnings.map((w) => `${w.code} ${w.table}.${w.column} → ${/→ (\S+):/.exec(w.message)?.[1]}`);
      assert.deepEqual(got, expected[`${c.name}/${f}`] ?? [], `${c.name}/${f}`);
    }
  }
});
