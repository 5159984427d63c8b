// In-place schema edits (writable_schema, issue 9 point 3) against the rebuild they replace.
//
// Property: a random table (NOT NULL columns, DEFAULTs, CHECKs, a foreign key, an index, rows written
// before and after an ADD COLUMN, so some rows hold no value for the added column) is migrated to a
// random desired state that drops NOT NULL / CHECK / FOREIGN KEY constraints and adds, drops or changes
// DEFAULTs — sometimes with one more change that needs a rebuild. The same migration runs twice, on two
// copies: once with schema edits allowed, once forcing the rebuild. Both must leave identical
// PRAGMA table_xinfo, foreign_key_list, index_list, the normalised model, and identical rows; the
// plan must take the edit exactly when every change qualifies. Fixed seed: the same cases every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { applyDatabase } from '../dist/api/apply-database.js';
import { introspect } from '../dist/db/introspect.js';
import { LiteformError } from '../dist/errors.js';

const COLS = ['a', 'b', 'c', 'd'];
const defaults = fc.constantFrom(null, "'x'", "'y'", '0', '7', 'NULL');

/** One column: NOT NULL (with a default so rows can be written), a DEFAULT, or neither. */
const column = fc.record({ notNull: fc.boolean(), def: defaults, check: fc.boolean() });

const scenario = fc.record({
  cols: fc.array(column, { minLength: COLS.length, maxLength: COLS.length }),
  fk: fc.boolean(),
  added: fc.record({ def: defaults }), // the column `e`, added by ALTER TABLE ADD COLUMN after some rows
  target: fc.record({
    dropNotNull: fc.array(fc.boolean(), { minLength: COLS.length, maxLength: COLS.length }),
    newDefault: fc.array(fc.option(defaults, { nil: undefined }), { minLength: COLS.length, maxLength: COLS.length }),
    dropChecks: fc.boolean(),
    dropFk: fc.boolean(),
    addedDefault: fc.option(defaults, { nil: undefined }),
    alsoRebuild: fc.boolean(), // a type change: the whole table must be rebuilt
  }),
  rowsBefore: fc.integer({ min: 0, max: 4 }),
  rowsAfter: fc.integer({ min: 0, max: 4 }),
});

const colSql = (name, c, { notNull = c.notNull, def = c.def, check = c.check, type = 'TEXT' } = {}) =>
  `${name} ${type}${notNull ? ' NOT NULL' : ''}${def !== null || notNull ? ` DEFAULT ${def ?? "'n'"}` : ''}${check ? ` CHECK (${name} IS NOT 'forbidden')` : ''}`;

function sqlOf(s) {
  const current = [
    'CREATE TABLE p (id INTEGER PRIMARY KEY);',
    `CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  ${s.cols.map((c, i) => colSql(COLS[i], c)).join(',\n  ')},\n  pid INTEGER${s.fk ? ' REFERENCES p(id)' : ''}\n);`,
    'CREATE INDEX t_a ON t(a);',
  ].join('\n');
  const tg = s.target;
  const cols = s.cols.map((c, i) => {
    const notNull = c.notNull && !tg.dropNotNull[i];
    const def = tg.newDefault[i] === undefined ? (c.notNull ? c.def ?? "'n'" : c.def) : tg.newDefault[i];
    return colSql(COLS[i], c, { notNull, def: notNull && def === null ? "'n'" : def, check: c.check && !tg.dropChecks, type: tg.alsoRebuild && i === 3 ? 'BLOB' : 'TEXT' });
  });
  const addedDef = tg.addedDefault === undefined ? s.added.def : tg.addedDefault;
  const desired = [
    'CREATE TABLE p (id INTEGER PRIMARY KEY);',
    `CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  ${cols.join(',\n  ')},\n  pid INTEGER${s.fk && !tg.dropFk ? ' REFERENCES p(id)' : ''},\n  e TEXT${addedDef === null ? '' : ` DEFAULT ${addedDef}`}\n);`,
    'CREATE INDEX t_a ON t(a);',
  ].join('\n');
  return { current, desired, addedDef };
}

function build(path, s, current) {
  const db = new Database(path);
  db.exec(current);
  db.exec('INSERT INTO p VALUES (1), (2)');
  let id = 0;
  const insert = (n, withE) => {
    for (let i = 0; i < n; i++) {
      id++;
      db.prepare(`INSERT INTO t (id, ${COLS.slice(0, 2).join(', ')}, pid${withE && id % 2 === 0 ? ', e' : ''}) VALUES (?, ?, ?, ?${withE && id % 2 === 0 ? ", 'set'" : ''})`).run(id, `v${id}`, id % 3 === 0 ? null : `w${id}`, id % 2 === 0 ? 1 : null);
    }
  };
  try { insert(s.rowsBefore, false); } catch { /* a NOT NULL b refuses a NULL: fewer rows, still a case */ }
  db.exec(`ALTER TABLE t ADD COLUMN e TEXT${s.added.def === null ? '' : ` DEFAULT ${s.added.def}`}`);
  try { insert(s.rowsAfter, true); } catch { /* as above */ }
  db.close();
}

function describeDb(path) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      xinfo: db.prepare("SELECT * FROM pragma_table_xinfo('t')").all(),
      fks: db.prepare("SELECT * FROM pragma_foreign_key_list('t')").all(),
      indexes: db.prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list('t') ORDER BY name").all(),
      model: introspect(db),
      rows: db.prepare('SELECT * FROM t ORDER BY id').all(),
      integrity: db.prepare('PRAGMA integrity_check').pluck().all(),
    };
  } finally {
    db.close();
  }
}

const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('in-place schema edit gives exactly what the rebuild gives (property, fixed seed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-edit-'));
  let n = 0;
  const paths = { edit: 0, rebuild: 0 };
  try {
    fc.assert(
      fc.property(scenario, (s) => {
        n++;
        const { current, desired } = sqlOf(s);
        const schema = join(dir, `desired-${n}.sql`);
        writeFileSync(schema, desired);
        const results = {};
        for (const edits of [true, false]) {
          const db = join(dir, `${n}-${edits}.db`);
          build(db, s, current);
          const before = hash(db);
          let r;
          try {
            r = applyDatabase({ db, schema, schemaEdits: edits, allowDestructive: true });
          } catch (e) {
            assert.ok(e instanceof LiteformError, String(e));
            assert.equal(hash(db), before, 'a failed apply leaves the file unchanged');
            results[edits] = { error: e.code };
            continue;
          }
          results[edits] = { ...describeDb(db), status: r.status, edited: (r.plan.schemaEdits ?? []).map((x) => x.table), rebuilt: r.plan.rebuilds.map((x) => x.table) };
        }
        const [e, b] = [results[true], results[false]];
        assert.deepEqual(e.error, b.error, 'both paths fail alike');
        if (e.error) return;
        assert.deepEqual(e.integrity, ['ok']);
        assert.deepEqual(b.edited, [], 'edits off: never an edit');
        if (e.status === 'migrated' && b.rebuilt.length > 0) {
          const qualifies = !s.target.alsoRebuild;
          assert.deepEqual(e.edited, qualifies ? ['t'] : [], 'the edit is taken exactly when every change qualifies');
          assert.deepEqual(e.rebuilt, qualifies ? [] : ['t']);
          paths[qualifies ? 'edit' : 'rebuild']++;
        }
        for (const k of ['xinfo', 'fks', 'indexes', 'model', 'rows']) assert.deepEqual(e[k], b[k], `${k} differ between the edit and the rebuild\n${desired}`);
      }),
      { numRuns: 60, seed: 20261129 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(paths.edit > 10 && paths.rebuild > 5, `both paths exercised: ${JSON.stringify(paths)}`);
});

test('plan and apply (direct) edit in place and say so; a migration file gets the rebuild', async () => {
  const { runCli } = await import('./helpers/cases.mjs');
  const { planDatabase } = await import('../dist/api/plan-database.js');
  const dir = mkdtempSync(join(tmpdir(), 'liteform-edit-cli-'));
  try {
    const db = join(dir, 'app.db');
    const d = new Database(db);
    d.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT DEFAULT 'user'); INSERT INTO users (name) VALUES ('ann'), ('bob');");
    d.close();
    const schema = join(dir, 'desired.sql');
    writeFileSync(schema, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, role TEXT DEFAULT 'member');\n");
    const planned = planDatabase({ db, schema });
    assert.deepEqual(planned.plan.schemaEdits?.map((r) => r.table), ['users'], 'the direct-mode plan previews what apply does');
    assert.deepEqual(planDatabase({ db, schema, schemaEdits: false }).plan.rebuilds.map((r) => r.table), ['users']);
    const preview = runCli(['plan', '--db', db, '--schema', schema]);
    assert.match(preview.stdout, /edit in place: users/);
    // A migration file: written from the migrations directory, never with the edit.
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'v1.sql'), "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT DEFAULT 'user');\n");
    assert.equal(runCli(['plan', 'one', '--dir', join(dir, 'migrations'), '--schema', join(dir, 'v1.sql')]).code, 0);
    assert.equal(runCli(['plan', 'two', '--dir', join(dir, 'migrations'), '--schema', schema]).code, 0);
    const two = readFileSync(join(dir, 'migrations', readdirSync(join(dir, 'migrations')).find((f) => f.startsWith('0002'))), 'utf8');
    assert.match(two, /INSERT INTO/);
    assert.doesNotMatch(two, /writable_schema|sqlite_schema/);
    const r = runCli(['apply', '--db', db, '--schema', schema]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /edit in place: users \(name: drop NOT NULL; role: DEFAULT 'user' → 'member'; no row copied: writable_schema\)/);
    assert.doesNotMatch(r.stdout, /rebuild:/);
    const after = new Database(db, { readonly: true });
    assert.deepEqual(after.prepare('SELECT * FROM users ORDER BY id').all(), [{ id: 1, name: 'ann', role: 'user' }, { id: 2, name: 'bob', role: 'user' }]);
    assert.equal(after.prepare("SELECT dflt_value FROM pragma_table_info('users') WHERE name = 'role'").pluck().get(), "'member'");
    assert.equal(after.prepare('PRAGMA writable_schema').pluck().get(), 0);
    after.close();
    assert.equal(runCli(['apply', '--db', db, '--schema', schema]).stdout, 'No changes. The database matches the desired state.\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('integrityCheck: the docs\' optional integrity_check of the edited table runs and passes; a table with two automatic indexes is rebuilt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-edit-ic-'));
  try {
    const db = join(dir, 'app.db');
    const d = new Database(db);
    d.exec("CREATE TABLE a (id INTEGER PRIMARY KEY, n TEXT NOT NULL UNIQUE, m TEXT); INSERT INTO a (n) VALUES ('x');");
    d.exec("CREATE TABLE b (k TEXT PRIMARY KEY, u TEXT UNIQUE, v TEXT NOT NULL); INSERT INTO b VALUES ('k', 'u', 'v');");
    d.close();
    const schema = join(dir, 'desired.sql');
    writeFileSync(schema, "CREATE TABLE a (id INTEGER PRIMARY KEY, n TEXT UNIQUE, m TEXT DEFAULT 'm');\nCREATE TABLE b (k TEXT PRIMARY KEY, u TEXT UNIQUE, v TEXT);\n");
    const r = applyDatabase({ db, schema, integrityCheck: true });
    assert.deepEqual((r.plan.schemaEdits ?? []).map((e) => e.table), ['a']);
    assert.deepEqual(r.plan.rebuilds.map((e) => e.table), ['b'], 'two sqlite_autoindex_b_N: their numbering follows the text, so b is rebuilt');
    const after = new Database(db, { readonly: true });
    assert.deepEqual(after.prepare('PRAGMA integrity_check').pluck().all(), ['ok']);
    assert.deepEqual(after.prepare('SELECT * FROM a').all(), [{ id: 1, n: 'x', m: null }]);
    after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a table whose stored text spells types and collations in lower case is still edited in place (found by the engines property test)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-edit-case-'));
  try {
    const db = join(dir, 'app.db');
    const d = new Database(db);
    d.exec("CREATE TABLE g (a integer, id integer primary key autoincrement collate nocase, v numeric default null, unique (id, v)); CREATE INDEX g_v ON g (v collate rtrim desc) WHERE id > 0; INSERT INTO g (a, v) VALUES (1, 36);");
    d.close();
    const schema = join(dir, 'desired.sql');
    writeFileSync(schema, 'CREATE TABLE g (a integer, id integer primary key autoincrement collate nocase, v numeric default (1+2), unique (id, v));\nCREATE INDEX g_v ON g (v collate rtrim desc) WHERE id > 0;\n');
    const r = applyDatabase({ db, schema });
    assert.deepEqual((r.plan.schemaEdits ?? []).map((e) => e.table), ['g']);
    const after = new Database(db, { readonly: true });
    assert.deepEqual(after.prepare('SELECT * FROM g').all(), [{ a: 1, id: 1, v: 36 }]);
    assert.deepEqual(after.prepare('PRAGMA integrity_check').pluck().all(), ['ok']);
    after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: plan/apply --no-schema-edits rebuild instead; apply --integrity-check reads the edited table and refuses what it finds', async () => {
  const { runCli } = await import('./helpers/cases.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'liteform-edit-cli-'));
  const db = join(dir, 'app.db');
  const seed = new Database(db);
  // A row that breaks the table's own CHECK (written with the check switched off, as old data can be).
  seed.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT DEFAULT 0 CHECK (b >= 0));
    PRAGMA ignore_check_constraints = ON; INSERT INTO t (a, b) VALUES ('x', -1); PRAGMA ignore_check_constraints = OFF;`);
  seed.close();
  const schema = join(dir, 'app.sql');
  writeFileSync(schema, 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT DEFAULT 1 CHECK (b >= 0));\n');
  let r = runCli(['plan', '--db', db, '--schema', schema]);
  assert.match(r.stdout, /edit in place: t/);
  r = runCli(['plan', '--db', db, '--schema', schema, '--no-schema-edits']);
  assert.doesNotMatch(r.stdout, /edit in place/);
  assert.match(r.stdout, /rebuild: t/);
  const sha = () => createHash('sha256').update(readFileSync(db)).digest('hex');
  const before = sha();
  r = runCli(['apply', '--db', db, '--schema', schema, '--integrity-check', '--json']);
  assert.equal(r.code, 1, r.stdout);
  assert.match(JSON.parse(r.stdout).error.message, /integrity_check\(t\)/);
  assert.equal(sha(), before, 'nothing changed');
  // Without the check the edit goes through (it never reads the rows), keeping the old row as it was.
  r = runCli(['apply', '--db', db, '--schema', schema]);
  assert.equal(r.code, 0, r.stderr);
  const after = new Database(db);
  assert.deepEqual(after.prepare('SELECT a, b FROM t').all(), [{ a: 'x', b: -1 }]);
  after.close();
});
