// Issue 13: real schemas as real projects write them. The fixtures 26–31 in test/fixtures/cases run
// through test/scenarios.test.mjs (PRAGMA-level comparison, rows, probes, empty second plan); these
// tests cover what a scenario cannot: a live database written by a default SQLite build (DQS on),
// the plan and --json output, the migration file, the engine capability and liteform.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execAsDefaultSqlite, runCli, tempDir } from './helpers/cases.mjs';
import { splitStatements } from '../dist/model/split-statements.js';
import { renameHintsOf, loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { loadYamlSchemaText } from '../dist/schema-file/yaml-file.js';
import { introspect } from '../dist/db/introspect.js';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { planSchemas } from '../dist/api/plan-database.js';
import { planUnitStatements } from '../dist/db/engines/plan-unit.js';
import { renderYaml } from '../dist/render/yaml.js';
import { canonicalSchema } from '../dist/model/canonical.js';
import { renderSql } from '../dist/render/sql.js';

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

/**
 * A database file as an application on a default SQLite build leaves it: each object's stored SQL is
 * exactly what the application wrote (double-quoted strings included), which our SQLITE_DQS=0 build
 * cannot execute, so the statements run rewritten and the stored text is put back afterwards.
 */
function appDatabase(path, sql, rows = '') {
  const db = new Database(path);
  const names = () => new Set(db.prepare('SELECT name FROM sqlite_schema').pluck().all());
  const written = [];
  const run = (st) => {
    const before = names();
    execAsDefaultSqlite(db, st.sql);
    for (const n of names()) if (!before.has(n) && !n.startsWith('sqlite_')) written.push([n, st.sql]);
  };
  // Rows go in before the triggers: our build cannot fire a trigger whose body holds a "…" string.
  const statements = splitStatements(sql);
  const isTrigger = (st) => /^CREATE\s+TRIGGER/i.test(st.sql);
  statements.filter((st) => !isTrigger(st)).forEach(run);
  db.exec(rows);
  statements.filter(isTrigger).forEach(run);
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  for (const [name, text] of written) db.prepare('UPDATE sqlite_schema SET sql = ? WHERE name = ?').run(text, name);
  db.pragma('writable_schema = OFF');
  db.close();
}

function writeTemp(dir, name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// ---------------------------------------------------------------------------------------------
// 1. Implicit parent columns

test('13.1 implicit parent columns: the diff sees REFERENCES parents and REFERENCES parents(id) as two schemas', () => {
  const explicit = loadSqlSchemaText('CREATE TABLE parents (id INTEGER PRIMARY KEY); CREATE TABLE kids (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents(id));', 'a.sql');
  const implicit = loadSqlSchemaText('CREATE TABLE parents (id INTEGER PRIMARY KEY); CREATE TABLE kids (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents);', 'b.sql');
  const fk = implicit.model.tables.find((t) => t.name === 'kids').foreignKeys[0];
  assert.deepEqual([fk.refColumns, fk.refColumnsImplicit], [['id'], true], 'resolved for checks, marked as written');
  const changes = diffSchemas(explicit.model, implicit.model);
  assert.deepEqual(changes.map((c) => c.kind), ['ModifyTable']);
  assert.deepEqual(changes[0].changes.map((c) => c.kind).sort(), ['AddForeignKey', 'DropForeignKey']);
  const { plan } = planSchemas(explicit.model, implicit);
  assert.match(renderSql(plan), /FOREIGN KEY \("parent_id"\) REFERENCES "parents"\n/, 'the rebuild writes no column list');
  assert.deepEqual(diffSchemas(implicit.model, implicit.model), []);
});

test('13.1 implicit parent columns: inspect writes them as written, in YAML and in SQL, and both load back unchanged', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE a (x TEXT, y TEXT, PRIMARY KEY (x, y)); CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p ON DELETE CASCADE, ax TEXT, ay TEXT, FOREIGN KEY (ax, ay) REFERENCES a)');
  const model = introspect(db);
  const yaml = renderYaml(model);
  assert.match(yaml, /references: \{ table: p \}/);
  assert.match(yaml, /references: \{ table: a \}/);
  assert.doesNotMatch(yaml, /table: p, columns/);
  assert.deepEqual(loadYamlSchemaText(yaml, 'x.yaml').model, model);
  const sql = canonicalSchema(model);
  assert.match(sql, /REFERENCES "p" ON DELETE CASCADE/);
  assert.deepEqual(loadSqlSchemaText(sql, 'x.sql').model, model);
  db.close();
});

// ---------------------------------------------------------------------------------------------
// 2. Double-quoted string literals

const appSchema = `
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT "", kind TEXT DEFAULT "text" CHECK (kind IN ("text", "image", "name")));
CREATE TABLE tags (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES items, label TEXT);
CREATE INDEX tags_visible ON tags (label) WHERE label <> "hidden";
CREATE VIEW item_titles AS SELECT id, "item:" || name AS title FROM items WHERE kind <> "image";
CREATE TRIGGER tags_untitled AFTER INSERT ON tags WHEN NEW.label IS NULL BEGIN UPDATE tags SET label = "untitled" WHERE id = NEW.id; END;
`;

test('13.2 double-quoted strings: a database written by a default SQLite build plans empty against its own schema, in either spelling', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  appDatabase(dbPath, appSchema);
  const db = new Database(dbPath);
  assert.match(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'items'`).pluck().get(), /CHECK \(kind IN \("text", "image", "name"\)\)/, 'the file holds what the application wrote');
  const live = introspect(db);
  db.close();
  const items = live.tables.find((t) => t.name === 'items');
  assert.deepEqual(items.columns.map((c) => c.default), [null, "''", "'text'"]);
  assert.equal(items.checks[0].expr, `kind IN ('text', 'image', "name")`, '"name" names a column of items: it stays an identifier');
  assert.equal(live.tables.find((t) => t.name === 'tags').indexes[0].where, `label <> 'hidden'`);
  assert.match(live.views[0].sql, /'item:' \|\| name AS title FROM items WHERE kind <> 'image'/);
  assert.match(live.triggers[0].sql, /SET label = 'untitled'/);
  for (const spelling of [appSchema, appSchema.replace(/"(text|image|hidden|item:|untitled)"/g, "'$1'").replace('DEFAULT ""', "DEFAULT ''")]) {
    const r = runCli(['plan', '--db', dbPath, '--schema', writeTemp(dir, 'desired.sql', spelling), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).changes, [], spelling);
  }
});

test('13.2 double-quoted strings: rebuilding a table of such a database works on our SQLITE_DQS=0 build and keeps every row', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  // The "…" strings sit in the rebuilt table's CHECK and index, in DEFAULTs, a view and a trigger. (A "…" string in
  // the CHECK or partial index of a table the plan does not rebuild still stops a rebuild: SQLite's RENAME re-parses
  // every table and index, legacy_alter_table or not; see the report of issue 13.)
  const schema = appSchema.replace('CREATE INDEX tags_visible ON tags (label) WHERE label <> "hidden";', 'CREATE INDEX items_visible ON items (name) WHERE kind <> "hidden";');
  appDatabase(dbPath, schema, `INSERT INTO items (id, name, kind) VALUES (1, 'a', 'text'), (2, 'b', 'image'); INSERT INTO tags (item_id, label) VALUES (1, 'x'), (2, 'hidden')`);
  // items gains a NOT NULL column and a CHECK (rebuild: its CHECK and index are re-created), tags is rebuilt too.
  const desired = schema
    .replace('CHECK (kind IN ("text", "image", "name")));', 'CHECK (kind IN ("text", "image", "name")), note TEXT NOT NULL DEFAULT "-", CHECK (note <> "bad"));')
    .replace('label TEXT);', 'label TEXT CHECK (label <> "forbidden"));');
  const desiredFile = writeTemp(dir, 'desired.sql', desired);
  const r = runCli(['apply', '--db', dbPath, '--schema', desiredFile]);
  assert.equal(r.code, 0, r.stderr);
  const db = new Database(dbPath);
  assert.deepEqual(db.prepare('SELECT id, name, kind, note FROM items ORDER BY id').all(), [{ id: 1, name: 'a', kind: 'text', note: '-' }, { id: 2, name: 'b', kind: 'image', note: '-' }]);
  assert.equal(db.prepare('SELECT count(*) FROM tags').pluck().get(), 2);
  assert.throws(() => db.exec(`INSERT INTO items (note) VALUES ('bad')`), /CHECK constraint failed/);
  assert.throws(() => db.exec(`INSERT INTO tags (label) VALUES ('forbidden')`), /CHECK constraint failed/);
  db.close();
  const again = runCli(['plan', '--db', dbPath, '--schema', desiredFile, '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).changes, []);
});

test('13.2 double-quoted strings: DEFAULT "" and DEFAULT \'\' are one default; a "…" that names a column stays a column', () => {
  const a = loadSqlSchemaText(`CREATE TABLE t (a TEXT DEFAULT "", b TEXT DEFAULT "x""y", c INTEGER, CHECK (c > 0 OR "c" IS NULL OR a <> "z"))`, 'a.sql').model;
  const b = loadSqlSchemaText(`CREATE TABLE t (a TEXT DEFAULT '', b TEXT DEFAULT 'x"y', c INTEGER, CHECK (c > 0 OR c IS NULL OR a <> 'z'))`, 'b.sql').model;
  assert.deepEqual(diffSchemas(a, b), []);
  assert.equal(a.tables[0].checks[0].expr, `c > 0 OR "c" IS NULL OR a <> 'z'`);
  assert.deepEqual(a.tables[0].columns.map((c) => c.default), ["''", `'x"y'`, null]);
});

// ---------------------------------------------------------------------------------------------
// 3. Foreign keys to tables that do not exist

function missingParentDb() {
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  const db = new Database(dbPath);
  db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
    CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), title TEXT);
    INSERT INTO users VALUES (1, 'ann'); INSERT INTO posts VALUES (1, 1, 'a'), (2, NULL, 'b'), (3, 1, 'c');`);
  db.close();
  return { dir, dbPath };
}

test('13.3 a foreign key to a missing table: warned at plan time (table, column, parent), applied, reported', () => {
  const { dir, dbPath } = missingParentDb();
  const schema = writeTemp(dir, 'desired.sql', `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users_old(id), title TEXT NOT NULL DEFAULT '');`);
  const plan = runCli(['plan', '--db', dbPath, '--schema', schema, '--json']);
  assert.equal(plan.code, 0, plan.stderr);
  const warning = JSON.parse(plan.stdout).warnings.find((w) => w.code === 'LF401');
  assert.ok(warning, plan.stdout);
  assert.equal(warning.table, 'posts');
  assert.equal(warning.column, 'user_id');
  assert.match(warning.message, /users_old/);
  const r = runCli(['apply', '--db', dbPath, '--schema', schema]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /table posts \(user_id\): its foreign key names table users_old, which does not exist; 2 rows without a parent/);
  const json = runCli(['apply', '--db', dbPath, '--schema', writeTemp(dir, 'd2.sql', readFileSync(schema, 'utf8').replace("DEFAULT ''", "DEFAULT '-'")), '--json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).missingParents, [{ table: 'posts', columns: ['user_id'], parent: 'users_old', rows: 2 }]);
  const db = new Database(dbPath);
  assert.equal(db.prepare('SELECT count(*) FROM posts').pluck().get(), 3);
  db.close();
});

test('13.3 a violation the migration itself creates (against a parent that exists) is still refused, and nothing changes', () => {
  const { dir, dbPath } = missingParentDb();
  const before = sha(dbPath);
  // posts now points at a table that exists but holds no such rows: the migration creates the violations.
  const schema = writeTemp(dir, 'desired.sql', `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE authors (id INTEGER PRIMARY KEY);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES authors(id), title TEXT);`);
  const r = runCli(['apply', '--db', dbPath, '--schema', schema, '--json']);
  assert.equal(r.code, 1, r.stdout);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_FOREIGN_KEY');
  assert.match(JSON.parse(r.stdout).error.message, /posts.*authors/);
  assert.equal(sha(dbPath), before, 'database unchanged byte for byte');
});

// ---------------------------------------------------------------------------------------------
// 4. Rename hints after the closing `);`

test('13.4 a rename hint after `);` on the last column\'s line belongs to that column', () => {
  const text = `CREATE TABLE a (
  id INTEGER PRIMARY KEY,
  akey TEXT); -- @renamed from=key
CREATE TABLE b (id INTEGER PRIMARY KEY,
  v2 TEXT NOT NULL DEFAULT ''); /* other */ -- @renamed from="v 1"
CREATE TABLE c2 (id INTEGER PRIMARY KEY); -- @renamed from=c1
-- a comment on a line of its own is no hint for the statement before it: @renamed from=nothing
CREATE TABLE d (x);`;
  const hints = renameHintsOf(splitStatements(text));
  // On a one-line CREATE TABLE the hint is on the header's line and on its last column's: both are
  // recorded, and the diff uses the one that applies (an old table c1, or an old column c1 of c2).
  assert.deepEqual([...hints.columns], [['a.akey', 'key'], ['b.v2', 'v 1'], ['c2.id', 'c1']]);
  assert.deepEqual([...hints.tables], [['c2', 'c1']]);
  const one = renameHintsOf(splitStatements('CREATE TABLE notes (id INTEGER PRIMARY KEY, content TEXT, CHECK (id > 0)); -- @renamed from=body'));
  assert.deepEqual([...one.columns], [['notes.content', 'body']], 'the last column, not the table constraint after it');
  const from = loadSqlSchemaText('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);', 'a.sql').model;
  const to = loadSqlSchemaText('CREATE TABLE notes (id INTEGER PRIMARY KEY, content TEXT); -- @renamed from=body', 'b.sql');
  assert.deepEqual(diffSchemas(from, to.model, to.hints).flatMap((c) => c.kind === 'ModifyTable' ? c.changes.map((x) => x.kind) : [c.kind]), ['RenameColumn']);
});

// ---------------------------------------------------------------------------------------------
// 5. Backfill for new NOT NULL (UNIQUE) columns

test('13.5 backfill: shown in the human plan and --json, written into the migration file, used once', () => {
  const cwd = tempDir('liteform-backfill-');
  mkdirSync(join(cwd, 'schema'));
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\n');
  const v1 = 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n';
  const v2 = `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL,
  uid TEXT NOT NULL DEFAULT '' -- @backfill 'u-' || id || '-' || lower(email)
);
CREATE UNIQUE INDEX users_uid ON users (uid);
`;
  writeFileSync(join(cwd, 'schema', 'app.sql'), v1);
  const cli = (...args) => runCli(args, { cwd });
  let r = cli('plan', 'init');
  assert.equal(r.code, 0, r.stderr);
  r = cli('apply', '--create');
  assert.equal(r.code, 0, r.stderr);
  const db = new Database(join(cwd, 'app.db'));
  db.exec(`INSERT INTO users (email) VALUES ('Ann@x'), ('bob@x')`);
  db.close();
  writeFileSync(join(cwd, 'schema', 'app.sql'), v2);
  r = cli('plan', '--dry-run');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\+ column uid: TEXT NOT NULL DEFAULT '' \(existing rows: 'u-' \|\| id \|\| '-' \|\| lower\(email\)\)/);
  r = cli('plan', '--dry-run', '--json');
  const json = JSON.parse(r.stdout);
  const add = json.changes[0].change.changes.find((c) => c.kind === 'AddColumn');
  assert.equal(add.backfill, "'u-' || id || '-' || lower(email)");
  assert.ok(json.steps.some((s) => s.kind === 'copy' && s.copy.columns.some((c) => c.column === 'uid' && c.expr === "('u-' || id || '-' || lower(email))")), JSON.stringify(json.steps));
  r = cli('plan', 'add uid');
  assert.equal(r.code, 0, r.stderr);
  const file = readdirSync(join(cwd, 'migrations')).find((f) => f.endsWith('add_uid.sql') || f.includes('add-uid') || f.includes('add_uid'));
  assert.ok(file, readdirSync(join(cwd, 'migrations')).join(', '));
  const text = readFileSync(join(cwd, 'migrations', file), 'utf8');
  assert.match(text, /SELECT "id", "email", \('u-' \|\| id \|\| '-' \|\| lower\(email\)\) FROM "users"/);
  assert.match(text, /existing rows get uid from its backfill/);
  r = cli('apply');
  assert.equal(r.code, 0, r.stderr);
  const after = new Database(join(cwd, 'app.db'));
  assert.deepEqual(after.prepare('SELECT uid FROM users ORDER BY id').pluck().all(), ['u-1-ann@x', 'u-2-bob@x']);
  after.exec(`INSERT INTO users (email) VALUES ('cy@x')`);
  assert.equal(after.prepare('SELECT uid FROM users WHERE id = 3').pluck().get(), '', 'new rows take the DEFAULT');
  after.close();
  r = cli('plan', '--dry-run', '--json');
  assert.deepEqual(JSON.parse(r.stdout).changes, [], 'the hint is ignored once the column exists');
});

test('13.5 backfill: YAML `backfill:` and SQL `-- @backfill` give the same hint; without one a NOT NULL UNIQUE column fails on existing rows', () => {
  const yaml = loadYamlSchemaText(`tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true }
      uid: { type: TEXT, notNull: true, unique: true, backfill: "hex(randomblob(8))" }
`, 'x.yaml');
  const sql = loadSqlSchemaText(`CREATE TABLE users (id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE -- @backfill hex(randomblob(8))
);`, 'x.sql');
  assert.deepEqual([...yaml.hints.backfills], [['users.uid', 'hex(randomblob(8))']]);
  assert.deepEqual([...sql.hints.backfills], [...yaml.hints.backfills]);
  const { plan } = planSchemas(loadSqlSchemaText('CREATE TABLE users (id INTEGER PRIMARY KEY);', 'old.sql').model, sql);
  assert.deepEqual(plan.rebuilds.map((r) => r.reasons), [['add column uid (existing rows get its backfill)', 'add UNIQUE (uid)']]);
  assert.match(plan.warnings.find((w) => w.code === 'LF201').message, /existing rows get its backfill \(hex\(randomblob\(8\)\)\): fails where that is NULL/);
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  const db = new Database(dbPath);
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY); INSERT INTO users VALUES (1), (2)');
  db.close();
  const before = sha(dbPath);
  const without = runCli(['apply', '--db', dbPath, '--schema', writeTemp(dir, 'no.sql', `CREATE TABLE users (id INTEGER PRIMARY KEY, uid TEXT NOT NULL DEFAULT '' UNIQUE);`), '--json']);
  assert.equal(without.code, 1);
  assert.equal(JSON.parse(without.stdout).error.code, 'LITEFORM_DATA');
  assert.equal(sha(dbPath), before);
  const withIt = runCli(['apply', '--db', dbPath, '--schema', writeTemp(dir, 'yes.yaml', `tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true }
      uid: { type: TEXT, notNull: true, default: '', unique: true, backfill: "'user-' || id" }
`)]);
  assert.equal(withIt.code, 0, withIt.stderr);
  const after = new Database(dbPath);
  assert.deepEqual(after.prepare('SELECT uid FROM users ORDER BY id').pluck().all(), ['user-1', 'user-2']);
  after.close();
});

// ---------------------------------------------------------------------------------------------
// 6. Views and triggers the migration does not touch

test('13.6 a rebuild renames with legacy_alter_table, so SQLite re-reads no view or trigger it does not touch', () => {
  const from = loadSqlSchemaText('CREATE TABLE t (a INTEGER); CREATE TABLE u (b TEXT); CREATE VIEW v AS SELECT app_fn(b) FROM u;', 'a.sql');
  const to = loadSqlSchemaText('CREATE TABLE t (a INTEGER NOT NULL DEFAULT 0); CREATE TABLE u (b TEXT); CREATE VIEW v AS SELECT app_fn(b) FROM u;', 'b.sql');
  const { plan } = planSchemas(from.model, to);
  const sql = plan.steps.map((s) => s.sql);
  const rename = sql.findIndex((s) => /^ALTER TABLE "_liteform_new_t" RENAME TO "t"$/.test(s));
  assert.deepEqual(sql.slice(rename - 1, rename + 2), ['PRAGMA legacy_alter_table = ON', sql[rename], 'PRAGMA legacy_alter_table = OFF']);
  // An engine whose server refuses the PRAGMA (sqld) runs the rename without it; one that accepts it (D1) keeps it.
  const caps = (legacyAlterTable) => ({ foreignKeysOffAroundUnit: true, interactiveTransactions: true, writableSchema: false, maxStatementBytes: null, tempObjects: false, attach: false, userVersion: true, legacyAlterTable, reservedTable: () => false, reservedPrefix: null });
  assert.ok(!planUnitStatements(plan, from.model, to.model, caps(false)).statements.some((s) => /legacy_alter_table/.test(s)));
  assert.equal(planUnitStatements(plan, from.model, to.model, caps(true)).statements.filter((s) => /legacy_alter_table/.test(s)).length, 2);
});

test('13.6 a trigger over a missing table and a view with a "…" string do not stop the rebuild of another table', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'app.db');
  const schema = `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT);
CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT);
CREATE VIEW labels AS SELECT id, "note: " || title AS label FROM notes;
CREATE TRIGGER archive AFTER DELETE ON notes BEGIN INSERT INTO gone (id) VALUES (OLD.id); END;
`;
  appDatabase(dbPath, schema);
  const desired = writeTemp(dir, 'desired.sql', schema.replace('kind TEXT)', "kind TEXT NOT NULL DEFAULT 'x')"));
  const r = runCli(['apply', '--db', dbPath, '--schema', desired]);
  assert.equal(r.code, 0, r.stderr);
  const db = new Database(dbPath);
  assert.match(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'labels'`).pluck().get(), /"note: "/, 'the view is left as the application wrote it');
  db.close();
});

test('13.6 application functions: an unknown one is named with how to declare it; declared in liteform.yaml, it works', () => {
  const cwd = tempDir('liteform-fn-');
  const db = new Database(join(cwd, 'app.db'));
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT); INSERT INTO t (code) VALUES ('a')`);
  db.close();
  writeFileSync(join(cwd, 'app.sql'), `CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL DEFAULT 'a' CHECK (app_valid(code)));
CREATE VIEW v AS SELECT app_setting('theme') AS theme, app_any(1, 2, 3) AS x;
`);
  const before = sha(join(cwd, 'app.db'));
  let r = runCli(['apply', '--db', 'app.db', '--schema', 'app.sql', '--json'], { cwd });
  assert.equal(r.code, 1);
  const error = JSON.parse(r.stdout).error;
  assert.match(error.message, /no such function: app_valid/);
  assert.match(error.hint, /liteform\.yaml.*functions: \[\{ name: app_valid, arity: N \}\]/);
  assert.equal(sha(join(cwd, 'app.db')), before);
  writeFileSync(join(cwd, 'liteform.yaml'), 'functions:\n  - { name: app_valid, arity: 1 }\n  - { name: app_setting, arity: 1 }\n  - { name: app_any, arity: -1 }\n');
  // Declared, the functions let SQLite parse the schema; but the rebuild of t must compute the new CHECK
  // app_valid(code) for its row, and a stub cannot: refused, naming the function, nothing changed.
  r = runCli(['apply', '--db', 'app.db', '--schema', 'app.sql', '--json'], { cwd });
  assert.equal(r.code, 1, r.stdout);
  assert.match(JSON.parse(r.stdout).error.message, /app_valid\(\) is your application's function, and liteform has only a stub of it/);
  assert.equal(sha(join(cwd, 'app.db')), before);
  // Without rows to check, nothing calls it: the CHECK, the view and the empty table are created.
  const empty = new Database(join(cwd, 'app.db'));
  empty.exec('DELETE FROM t');
  empty.close();
  r = runCli(['apply', '--db', 'app.db', '--schema', 'app.sql'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  r = runCli(['plan', '--db', 'app.db', '--schema', 'app.sql', '--json'], { cwd });
  assert.deepEqual(JSON.parse(r.stdout).changes, []);
  // A table the application made with such a CHECK: rebuilding it needs the function too.
  const appDb = new Database(join(cwd, 'app.db'));
  appDb.function('app_norm', { deterministic: true }, (x) => x);
  appDb.exec(`CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT CHECK (app_norm(v) IS NOT NULL OR v IS NULL)); INSERT INTO w (v) VALUES ('x')`);
  appDb.close();
  const withW = readFileSync(join(cwd, 'app.sql'), 'utf8') + `CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT 'x' CHECK (app_norm(v) IS NOT NULL OR v IS NULL));\n`;
  writeFileSync(join(cwd, 'app2.sql'), withW);
  const beforeW = sha(join(cwd, 'app.db'));
  r = runCli(['apply', '--db', 'app.db', '--schema', 'app2.sql', '--json'], { cwd });
  assert.equal(r.code, 1, r.stdout);
  assert.match(JSON.parse(r.stdout).error.message, /app_norm/);
  assert.match(JSON.parse(r.stdout).error.hint, /functions: \[\{ name: app_norm, arity: N \}\]/);
  assert.equal(sha(join(cwd, 'app.db')), beforeW);
  writeFileSync(join(cwd, 'liteform.yaml'), 'functions:\n  - { name: app_valid, arity: 1 }\n  - { name: app_setting, arity: 1 }\n  - { name: app_any, arity: -1 }\n  - { name: app_norm, arity: 1 }\n');
  r = runCli(['apply', '--db', 'app.db', '--schema', 'app2.sql', '--json'], { cwd });
  assert.equal(r.code, 1, r.stdout);
  assert.match(JSON.parse(r.stdout).error.message, /app_norm\(\) is your application's function, and liteform has only a stub of it/);
  assert.match(JSON.parse(r.stdout).error.hint, /migrate\(\{ db, dir, functions: \{ app_norm: /);
  assert.equal(sha(join(cwd, 'app.db')), beforeW);
  writeFileSync(join(cwd, 'liteform.yaml'), 'functions:\n  - { name: app_valid, arty: 1 }\n');
  r = runCli(['plan', '--db', 'app.db', '--schema', 'app.sql', '--json'], { cwd });
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_CONFIG');
  assert.match(JSON.parse(r.stdout).error.message, /liteform\.yaml:\d+:\d+: .*'arty' \(did you mean 'arity'\?\)/);
});

test('13.6 a rebuild that must compute an application function for its rows: refused with a stub, right with migrate({ functions })', async () => {
  const { migrate } = await import('../dist/index.js');
  const cwd = tempDir('liteform-fn-index-');
  mkdirSync(join(cwd, 'schema'));
  const slug = (s) => (s === null ? null : String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  const v1 = `CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);\nCREATE INDEX posts_slug ON posts (app_slug(title));\n`;
  const v2 = `CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '');\nCREATE INDEX posts_slug ON posts (app_slug(title));\n`;
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\nfunctions:\n  - { name: app_slug, arity: 1 }\n');
  writeFileSync(join(cwd, 'schema', 'app.sql'), v1);
  const cli = (...args) => runCli(args, { cwd });
  assert.equal(cli('plan', 'init').code, 0);
  assert.equal(cli('apply', '--create').code, 0);
  // The application writes rows with its own function: the index holds slugs.
  const app = () => {
    const db = new Database(join(cwd, 'app.db'));
    db.function('app_slug', { deterministic: true }, slug);
    return db;
  };
  let db = app();
  db.exec(`INSERT INTO posts (title) VALUES ('Hello World'), ('Second Post'), (NULL)`);
  db.close();
  writeFileSync(join(cwd, 'schema', 'app.sql'), v2);
  let r = cli('plan', 'title-not-null');
  assert.equal(r.code, 0, r.stderr);
  const before = sha(join(cwd, 'app.db'));
  // The CLI has only a stub: the rebuild would index NULL slugs, so it stops before changing anything.
  r = cli('apply', '--no-backup', '--json');
  assert.equal(r.code, 1, r.stdout);
  const error = JSON.parse(r.stdout).error;
  assert.match(error.message, /app_slug\(\) is your application's function, and liteform has only a stub of it/);
  assert.match(error.hint, /module: \.\/path\/to\/module\.js/);
  assert.match(error.hint, /migrate\(\{ db, dir, functions: \{ app_slug: /);
  assert.equal(sha(join(cwd, 'app.db')), before);
  copyFileSync(join(cwd, 'app.db'), join(cwd, 'app2.db'));
  const rightIndex = (file) => {
    const d = new Database(join(cwd, file));
    d.function('app_slug', { deterministic: true }, slug);
    assert.equal(d.pragma('integrity_check', { simple: true }), 'ok', `${file}: index entries agree with the application function`);
    assert.deepEqual(d.prepare(`SELECT id FROM posts INDEXED BY posts_slug WHERE app_slug(title) = 'second-post'`).pluck().all(), [2]);
    assert.deepEqual(d.prepare('SELECT title FROM posts ORDER BY id').pluck().all(), ['Hello World', 'Second Post', '']);
    d.close();
  };
  // Through the library with the function itself, the rebuilt index holds what the application computes.
  const result = await migrate({ db: join(cwd, 'app.db'), dir: join(cwd, 'migrations'), backup: false, functions: { app_slug: slug } });
  assert.equal(result.status, 'migrated');
  rightIndex('app.db');
  // Through the CLI with the function's module named in liteform.yaml (an ES module, path relative to the file).
  mkdirSync(join(cwd, 'db'));
  writeFileSync(join(cwd, 'db', 'functions.mjs'), `export function app_slug(s) { return s === null ? null : String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-'); }\n`);
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app2.db\nschema: schema/app.sql\nmigrations: migrations\nfunctions:\n  - { name: app_slug, arity: 1, module: db/functions.mjs }\n');
  r = cli('apply', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  rightIndex('app2.db');
  // A module that does not export it: a configuration error before anything runs.
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app2.db\nschema: schema/app.sql\nmigrations: migrations\nfunctions:\n  - { name: app_other, arity: 1, module: db/functions.mjs }\n');
  r = cli('status', '--json');
  assert.equal(r.code, 1, r.stdout);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_CONFIG');
  assert.match(JSON.parse(r.stdout).error.message, /app_other: .*functions\.mjs exports no function named app_other/);
});

test('13.3 migrations workflow: plan --dir writes and checks the rebuild of a table whose foreign key names a missing table', () => {
  const cwd = tempDir('liteform-missing-parent-dir-');
  const current = 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE memo (id INTEGER PRIMARY KEY, creator_id INTEGER REFERENCES _user_old (id), content TEXT);\n';
  const desired = current.replace('content TEXT)', "content TEXT NOT NULL DEFAULT '')");
  writeFileSync(join(cwd, 'current.sql'), current);
  writeFileSync(join(cwd, 'desired.sql'), desired);
  const db = new Database(join(cwd, 'app.db'));
  db.pragma('foreign_keys = OFF');
  db.exec(current);
  db.exec(`INSERT INTO users (name) VALUES ('u'); INSERT INTO memo (creator_id, content) VALUES (7, 'kept'), (NULL, NULL)`);
  db.close();
  const cli = (...args) => runCli(args, { cwd });
  assert.equal(cli('plan', '--schema', 'current.sql', '--dir', 'migrations', 'base').code, 0);
  assert.equal(cli('baseline', '0001', '--db', 'app.db', '--dir', 'migrations').code, 0);
  // The replay used to refuse the rebuild's INSERT … SELECT with "no such table: main._user_old".
  const r = cli('plan', '--schema', 'desired.sql', '--dir', 'migrations', 'step');
  assert.equal(r.code, 0, r.stderr);
  const a = cli('apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup');
  assert.equal(a.code, 0, a.stderr);
  // Applied, and reported: the rows the schema's own foreign key leaves without a parent.
  assert.match(a.stderr, /warning: table memo \(creator_id\): its foreign key names table _user_old, which does not exist; 1 row without a parent/);
  const after = new Database(join(cwd, 'app.db'));
  assert.deepEqual(after.prepare('SELECT id, creator_id, content FROM memo ORDER BY id').all(), [{ id: 1, creator_id: 7, content: 'kept' }, { id: 2, creator_id: null, content: '' }]);
  after.close();
  assert.equal(cli('check', '--schema', 'desired.sql', '--db', 'app.db', '--dir', 'migrations').code, 0);
});

test('apply --dir: rows that break a rebuild are named by their table, not liteform\'s temporary one (LITEFORM_DATA, nothing applied)', () => {
  const cwd = tempDir('liteform-dir-data-');
  writeFileSync(join(cwd, 'v1.sql'), 'CREATE TABLE user (id INTEGER PRIMARY KEY, email TEXT);\n');
  writeFileSync(join(cwd, 'v2.sql'), 'CREATE TABLE user (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n');
  const cli = (...args) => runCli(args, { cwd });
  assert.equal(cli('plan', '--schema', 'v1.sql', '--dir', 'm', 'a').code, 0);
  assert.equal(cli('apply', '--db', 'app.db', '--dir', 'm', '--create').code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.exec('INSERT INTO user (email) VALUES (NULL)');
  db.close();
  assert.equal(cli('plan', '--schema', 'v2.sql', '--dir', 'm', 'b').code, 0);
  const before = sha(join(cwd, 'app.db'));
  const r = cli('apply', '--db', 'app.db', '--dir', 'm', '--no-backup', '--json');
  assert.equal(r.code, 1, r.stdout);
  const error = JSON.parse(r.stdout).error;
  assert.equal(error.code, 'LITEFORM_DATA');
  assert.match(error.message, /0002_b\.sql:\d+:\d+: rows of user break its rebuild: NOT NULL constraint failed: user\.email$/);
  assert.doesNotMatch(error.message, /_liteform_new_/);
  assert.equal(sha(join(cwd, 'app.db')), before);
});
