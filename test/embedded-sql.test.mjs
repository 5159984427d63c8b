// SQL text from a user pasted into SQL liteform writes (issue 12, point 9): a view, a trigger, a CHECK,
// a DEFAULT, an index WHERE or expression, a generated column. When that text ends in a `--` comment
// (or, in a .sql file, an unterminated `/* …`), whatever liteform writes after it — `)`, the next
// clause, the `;` — must stay outside the comment. Each embedding site goes through every writer:
// `plan --sql` run by SQLite, direct apply, a rebuild of the table, `inspect` (SQL and YAML) fed back,
// and a versioned migration file applied and checked. An unterminated `/*` in a YAML expression is an
// error at file:line:col that leaves the database alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { tempDir, runCli } from './helpers/cases.mjs';
import { introspect } from '../dist/db/introspect.js';
import { canonicalSchema } from '../dist/model/canonical.js';
import { renderYaml } from '../dist/render/yaml.js';
import { planDatabase } from '../dist/api/plan-database.js';
import { loadDesired } from '../dist/schema-file/load-desired.js';

const yamlTable = (column, extra = '') => `tables:
  t:
    columns:
      id: { type: INTEGER, primaryKey: true }
      a: { type: INTEGER }
${column}${extra}`;

/** [site, extension, desired-state text]; every one ends some embedded text in a comment. */
const cases = [
  ['YAML view select', 'yaml', `${yamlTable('')}views:\n  v: "SELECT a FROM t -- trailing"\n`],
  ['YAML view sql', 'yaml', `${yamlTable('')}views:\n  v: { sql: "CREATE VIEW v AS SELECT a FROM t -- trailing" }\n`],
  ['YAML view select, block scalar', 'yaml', `${yamlTable('')}views:\n  v: |\n    SELECT a\n    FROM t -- trailing\n`],
  ['YAML trigger', 'yaml', `${yamlTable('')}triggers:\n  tr: { table: t, sql: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; -- inside\\n END -- trailing" }\n`],
  ['YAML column check', 'yaml', yamlTable('      b: { type: INTEGER, check: "b > 0 -- positive" }\n')],
  ['YAML table check', 'yaml', yamlTable('      b: { type: INTEGER }\n', '    checks: ["b < 100 -- small", { name: named, expr: "b <> 7 -- lucky" }]\n')],
  ['YAML defaultExpr', 'yaml', yamlTable('      b: { type: INTEGER, defaultExpr: "1 + 1 -- two" }\n      c: { type: TEXT }\n')],
  ['YAML generated', 'yaml', yamlTable('      b: { type: INTEGER, generated: { expr: "a * 2 -- double", stored: true } }\n      c: { type: INTEGER, generated: { expr: "a * 3 -- triple" } }\n')],
  ['YAML index where', 'yaml', yamlTable('', '    indexes:\n      i: { columns: [a], where: "a > 0 -- partial" }\n')],
  ['YAML index expression', 'yaml', yamlTable('', '    indexes:\n      i: { columns: [{ expr: "a + 1 -- plus" }, id] }\n')],
  ['YAML comment markers inside string literals', 'yaml', yamlTable(`      b: { type: TEXT, check: "b <> '/* not a comment' AND b <> '-- nor this' -- but this is" }\n`, `views:\n  v: "SELECT '/*' AS x, '--' AS y FROM t"\n`)],
  ['SQL view, line comment, no ;', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE VIEW v AS SELECT a FROM t -- trailing`],
  ['SQL view, line comment, ; on next line', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE VIEW v AS SELECT a FROM t -- trailing\n;\n`],
  ['SQL view, unterminated block comment', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE VIEW v AS SELECT a FROM t /* never closed`],
  ['SQL index where, line comment', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE INDEX i ON t (a) WHERE a > 0 -- partial`],
  ['SQL index where, unterminated block comment', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE INDEX i ON t (a) WHERE a > 0 /* never closed`],
  ['SQL defaults ending in comments', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER DEFAULT (1 + 1 -- two\n), c INTEGER DEFAULT (5 /* five */), d TEXT DEFAULT ('x' -- ex\n) COLLATE NOCASE);\n`],
  ['SQL check and generated ending in comments', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER CHECK (a > -1 -- c\n), b INTEGER AS (a * 2 -- g\n) STORED, CONSTRAINT k CHECK (a < 1000 /* big */));\n`],
  ['SQL trigger with comments', 'sql', `CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; -- inside\nEND -- trailing\n`],
];

const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** The plan from a database file to a desired-state file (in process: the CLI's plan runs this). */
function planSteps(db, schema) {
  return planDatabase({ db, schema }).plan.steps;
}

function modelOf(file) {
  const db = new Database(file, { readonly: true });
  try { return introspect(db); } finally { db.close(); }
}

function execScript(file, script) {
  const db = new Database(file);
  try { db.exec(script); } finally { db.close(); }
}

for (const [site, ext, text] of cases) {
  test(`embedded SQL ending in a comment: ${site}`, () => {
    const dir = tempDir('liteform-embed-');
    const schema = join(dir, `schema.${ext}`);
    writeFileSync(schema, text);

    // plan --sql is a script SQLite runs as-is.
    const script = runCli(['plan', '--db', join(dir, 'none.db'), '--schema', schema, '--create', '--sql']);
    assert.equal(script.code, 0, script.stderr);
    const fromScript = join(dir, 'script.db');
    execScript(fromScript, script.stdout);
    assert.deepEqual(planSteps(fromScript, schema), [], `the plan --sql script builds the desired state:\n${script.stdout}`);

    // Direct apply, then nothing left to do.
    const db = join(dir, 'app.db');
    const applied = runCli(['apply', '--db', db, '--schema', schema, '--create', '--no-backup']);
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    assert.deepEqual(planSteps(db, schema), []);

    // The live database as an application would have made it: a .sql schema run as written keeps a
    // view's or an index's trailing comment in sqlite_schema (splitStatements drops it from the desired state).
    const live = ext === 'sql' ? join(dir, 'live.db') : db;
    if (ext === 'sql') execScript(live, text);
    assert.deepEqual(planSteps(live, schema), []);

    // inspect --format sql runs in SQLite and gives the same schema; inspect YAML plans nothing.
    const before = sha(live);
    const sql = runCli(['inspect', '--db', live, '--format', 'sql']);
    assert.equal(sql.code, 0, sql.stderr);
    const fromInspect = join(dir, 'inspected.db');
    execScript(fromInspect, sql.stdout);
    assert.deepEqual(planSteps(fromInspect, schema), [], `inspect --format sql:\n${sql.stdout}`);
    const inspectedSql = join(dir, 'inspected.sql');
    writeFileSync(inspectedSql, sql.stdout);
    assert.deepEqual(planSteps(live, inspectedSql), []);
    const yaml = renderYaml(modelOf(live));
    const inspectedYaml = join(dir, 'inspected.yaml');
    writeFileSync(inspectedYaml, yaml);
    assert.deepEqual(planSteps(live, inspectedYaml), [], `inspect YAML:\n${yaml}`);
    assert.equal(sha(live), before, 'inspect and plan leave the database alone');

    // A rebuild of t re-creates it (and its indexes, views, triggers) from the model: start from the
    // desired state plus one extra UNIQUE, with rows, and apply the inspected YAML (which carries the
    // texts exactly as the live database stores them, trailing comments included). Not an extra CHECK:
    // dropping a CHECK is now an in-place schema edit on a local file, not a rebuild.
    const model = modelOf(live);
    const withExtra = { ...model, tables: model.tables.map((t) => (t.name !== 't' ? t : { ...t, uniques: [...t.uniques, { columns: [{ name: 'a', desc: false, collate: null }], onConflict: null }] })) };
    const rebuilt = join(dir, 'rebuild.db');
    execScript(rebuilt, canonicalSchema(withExtra));
    execScript(rebuilt, 'INSERT INTO t (id, a) VALUES (1, 10), (2, 20), (3, 30)');
    assert.equal(planDatabase({ db: rebuilt, schema: inspectedYaml }).plan.steps.filter((st) => /^CREATE TABLE/.test(st.sql)).length, 1, 'one table rebuilt');
    const rebuild = runCli(['apply', '--db', rebuilt, '--schema', inspectedYaml, '--no-backup']);
    assert.equal(rebuild.code, 0, rebuild.stderr + rebuild.stdout);
    assert.deepEqual(planSteps(rebuilt, schema), []);
    const r = new Database(rebuilt, { readonly: true });
    assert.equal(r.prepare('SELECT count(*) FROM t').pluck().get(), 3);
    r.close();

    // A versioned migration file (from the inspected YAML): written, applied, and `check` agrees.
    const project = join(dir, 'project');
    mkdirSync(project);
    const cli = (...args) => runCli([...args, '--db', join(project, 'v.db'), '--schema', inspectedYaml, '--dir', join(project, 'migrations')], { cwd: project });
    let v = cli('plan', 'first');
    assert.equal(v.code, 0, v.stderr);
    v = cli('apply', '--create', '--no-backup');
    assert.equal(v.code, 0, v.stderr + v.stdout);
    v = cli('check');
    assert.equal(v.code, 0, v.stderr + v.stdout);
  });
}

const badYaml = [
  ['view select', `${yamlTable('')}views:\n  v: "SELECT a FROM t /* open"\n`, 7],
  ['view sql', `${yamlTable('')}views:\n  v: { sql: "CREATE VIEW v AS SELECT a FROM t /* open" }\n`, 7],
  ['trigger sql', `${yamlTable('')}triggers:\n  tr: { table: t, sql: "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END /* open" }\n`, 7],
  ['virtual table sql', `${yamlTable('')}virtualTables:\n  f: "CREATE VIRTUAL TABLE f USING fts5(x) /* open"\n`, 7],
  ['column check', yamlTable('      b: { type: INTEGER, check: "b > 0 /* open" }\n'), 6],
  ['table check', yamlTable('      b: { type: INTEGER }\n', '    checks:\n      - "b > 0 /* open"\n'), 8],
  ['defaultExpr', yamlTable('      b: { type: INTEGER, defaultExpr: "1 + 1 /* open" }\n'), 6],
  ['generated', yamlTable('      b: { type: INTEGER, generated: { expr: "a * 2 /* open" } }\n'), 6],
  ['index where', yamlTable('', '    indexes:\n      i:\n        columns: [a]\n        where: "a > 0 /* open"\n'), 9],
  ['index expression', yamlTable('', '    indexes:\n      i:\n        columns:\n          - expr: "a + 1 /* open"\n'), 9],
];

for (const [site, text, line] of badYaml) {
  test(`YAML: an unterminated /* in ${site} is an error at file:line:col`, () => {
    const dir = tempDir('liteform-embed-bad-');
    const schema = join(dir, 'schema.yaml');
    writeFileSync(schema, text);
    const db = join(dir, 'app.db');
    execScript(db, 'CREATE TABLE keep (x); INSERT INTO keep VALUES (1);');
    const before = sha(db);
    const where = new RegExp(`schema\\.yaml:${line}:\\d+: .*'/\\*' comment that is never closed`);
    assert.throws(() => loadDesired(schema), (e) => e.code === 'LITEFORM_SCHEMA_INVALID' && where.test(e.message));
    const r = runCli(['apply', '--no-backup', '--allow-destructive', '--db', db, '--schema', schema]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, where);
    assert.equal(sha(db), before);
  });
}

test('a DEFAULT ending in a comment survives ADD COLUMN and the IFNULL backfill of a rebuild', () => {
  const dir = tempDir('liteform-embed-default-');
  const db = join(dir, 'app.db');
  execScript(db, 'CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER); INSERT INTO t VALUES (1, NULL), (2, 3);');
  const schema = join(dir, 'schema.sql');
  // b becomes NOT NULL (rebuild, NULLs backfilled from the default); c is added with a default (in place).
  writeFileSync(schema, 'CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER NOT NULL DEFAULT (7 -- seven\n), c INTEGER DEFAULT (5 -- five\n));\n');
  const script = runCli(['plan', '--db', db, '--schema', schema, '--sql']);
  assert.equal(script.code, 0, script.stderr);
  const copy = join(dir, 'copy.db');
  execScript(copy, `CREATE TABLE t (id INTEGER PRIMARY KEY, b INTEGER); INSERT INTO t VALUES (1, NULL), (2, 3);`);
  execScript(copy, script.stdout);
  const applied = runCli(['apply', '--db', db, '--schema', schema, '--no-backup']);
  assert.equal(applied.code, 0, applied.stderr + applied.stdout);
  for (const file of [db, copy]) {
    const d = new Database(file, { readonly: true });
    assert.deepEqual(d.prepare('SELECT id, b, c FROM t ORDER BY id').all(), [{ id: 1, b: 7, c: 5 }, { id: 2, b: 3, c: 5 }], file);
    d.close();
    assert.deepEqual(planSteps(file, schema), []);
  }
});
