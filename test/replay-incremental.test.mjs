// Issue 9: a replay reads, after each file, only the tables that file changed (src/db/replay-point.ts)
// instead of introspecting the whole schema again. The model it builds must be the one a full
// introspect() reads, after every file of every history: the scenario cases turned into histories
// (current, then the planned file to desired, then the planned file back), the vendored real histories
// of test/histories/, and a history written to hit what a table's model depends on besides its own rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCases, read, root, tempDir } from './helpers/cases.mjs';
import { loadHistory } from './histories/harness.mjs';
import { openScratch } from '../dist/db/scratch.js';
import { introspect } from '../dist/db/introspect.js';
import { nextReplayPoint, readReplayPoint } from '../dist/db/replay-point.js';
import { replayMigrations, runMigrationStatements } from '../dist/db/replay.js';
import { canonicalSchema } from '../dist/model/canonical.js';
import { checksumOf, parseHeader } from '../dist/migrations/migration-file.js';
import { readMigrationDirectory, writeSum } from '../dist/migrations/directory.js';
import { generateMigration } from '../dist/api/generate-migration.js';

const asMigration = (k, name, content) => {
  const version = String(k).padStart(4, '0');
  const file = `${version}_${name}.sql`;
  return { version, name, file, path: file, content, checksum: checksumOf(content), header: parseHeader(content) };
};

/**
 * Replays `migrations` twice, reading after each file in full (introspect) and in part (nextReplayPoint,
 * with no fallback to a full read, and with the default fallback as replayMigrations runs it), and
 * returns how many files ran and a line per state that differs. A file SQLite refuses ends the history.
 */
function compareReplays(label, migrations) {
  const db = openScratch();
  db.pragma('foreign_keys = OFF');
  const full = [];
  const problems = [];
  let point = readReplayPoint(db);
  let ran = 0;
  try {
    for (const m of migrations) {
      try {
        runMigrationStatements(db, m);
      } catch {
        break;
      }
      ran++;
      const expected = introspect(db);
      full.push(expected);
      point = nextReplayPoint(db, point, { fullAbove: Infinity });
      if (canonicalSchema(point.model) !== canonicalSchema(expected)) problems.push(`${label} after ${m.file}: canonical text differs`);
      try {
        assert.deepStrictEqual(point.model, expected);
      } catch (e) {
        problems.push(`${label} after ${m.file}: model differs: ${e.message.slice(0, 600)}`);
      }
    }
  } finally {
    db.close();
  }
  if (ran > 0) {
    const replay = replayMigrations(migrations.slice(0, ran));
    replay.after.forEach((model, i) => {
      try {
        assert.deepStrictEqual(model, full[i]);
      } catch (e) {
        problems.push(`${label} replayMigrations after ${migrations[i].file}: ${e.message.slice(0, 600)}`);
      }
    });
  }
  return { ran, problems };
}

/** A case as a history: current.sql, the file `plan` writes from it to desired.sql, and the one back. */
function caseHistory(c) {
  const dir = tempDir('liteform-replay-inc-');
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  writeFileSync(join(migrations, '0001_current.sql'), read(c.dir, 'current.sql'));
  writeSum(migrations);
  const desired = join(dir, 'desired.sql');
  const current = join(dir, 'current.sql');
  // Hints (`-- @renamed from=…`) stay in the desired text; the way back drops them (a rename back is a drop and add).
  writeFileSync(desired, read(c.dir, 'desired.sql'));
  writeFileSync(current, read(c.dir, 'current.sql').replace(/--\s*@renamed[^\n]*/g, ''));
  for (const [schema, name] of [[desired, 'forward'], [current, 'back']]) {
    try {
      generateMigration({ schema, dir: migrations, name });
    } catch {
      break; // a case whose plan is refused (a data step, a capability) still gives the files before it
    }
  }
  return readMigrationDirectory(migrations).migrations;
}

test('every scenario case as a history: the model after each file is the full introspection', () => {
  const cases = allCases();
  assert.ok(cases.length >= 30, `cases found: ${cases.length}`);
  const problems = [];
  let files = 0;
  for (const c of cases) {
    const r = compareReplays(c.name, caseHistory(c));
    files += r.ran;
    problems.push(...r.problems);
  }
  assert.deepEqual(problems, []);
  assert.ok(files >= cases.length * 2, `files replayed: ${files}`);
});

test('the vendored real histories: the model after each file is the full introspection', () => {
  const problems = [];
  for (const project of ['atuin', 'atuin-server', 'shiori', 'memos', 'synapse']) {
    const history = loadHistory(join(root, 'test', 'histories', project)).map((f, i) => asMigration(i + 1, `f${i + 1}`, f.sql));
    const r = compareReplays(project, history);
    problems.push(...r.problems);
    assert.ok(r.ran >= Math.min(history.length, 3), `${project}: ${r.ran} of ${history.length} files replayed`);
  }
  assert.deepEqual(problems, []);
});

/** A history written for what a table's model reads besides its own rows (src/db/replay-point.ts). */
const crafted = [
  // A child whose foreign key omits the parent columns, before its parent exists (refColumns: none yet).
  ['child_first', `CREATE TABLE child (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES parent, q TEXT REFERENCES "Other");
CREATE TABLE unrelated (id INTEGER PRIMARY KEY, v TEXT UNIQUE);
CREATE INDEX unrelated_v ON unrelated (v DESC);`],
  ['parent_appears', 'CREATE TABLE parent (a INTEGER PRIMARY KEY, b TEXT NOT NULL);'],
  // The parent's key moves to another column: the child's row is untouched, its model is not.
  ['parent_key_moves', `CREATE TABLE _new_parent (a INTEGER, b TEXT NOT NULL PRIMARY KEY);
INSERT INTO _new_parent SELECT a, b FROM parent;
DROP TABLE parent;
ALTER TABLE _new_parent RENAME TO parent;`],
  ['other_appears_in_other_case', 'CREATE TABLE other (k1 TEXT, k2 TEXT, PRIMARY KEY (k2, k1)) WITHOUT ROWID;'],
  ['data_only', "INSERT INTO unrelated (v) VALUES ('x'), ('y');"],
  ['parent_goes', 'DROP TABLE parent;'],
  ['parent_back_composite', 'CREATE TABLE Parent (x TEXT, y TEXT, PRIMARY KEY (y, x));'],
  // Renames: a table (SQLite rewrites the REFERENCES that name it), a column, a name in case only.
  ['rename_other', 'ALTER TABLE other RENAME TO other2;'],
  ['rename_column', 'ALTER TABLE unrelated RENAME COLUMN v TO w;'],
  ['rename_case', 'ALTER TABLE unrelated RENAME TO unrelated_tmp;\nALTER TABLE unrelated_tmp RENAME TO Unrelated;'],
  // Views, triggers, a virtual table, AUTOINCREMENT (sqlite_sequence is SQLite's own table).
  ['views_triggers', `CREATE VIEW child_view AS SELECT id, p_id FROM child;
CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT);
CREATE TRIGGER child_log AFTER INSERT ON child BEGIN INSERT INTO log (what) VALUES ('child'); END;
CREATE VIRTUAL TABLE docs USING fts5(title, body);
INSERT INTO child (p_id) VALUES (1);`],
  ['index_changes', `DROP INDEX unrelated_v;
CREATE UNIQUE INDEX unrelated_w ON Unrelated (w) WHERE w IS NOT NULL;
ALTER TABLE child ADD COLUMN extra TEXT DEFAULT 'x';`],
  ['view_with_double_quotes', `CREATE VIEW quoted AS SELECT id FROM log WHERE what = "child";`],
  ['drop_view_and_virtual', `DROP VIEW quoted;
DROP TABLE docs;
DROP TRIGGER child_log;`],
  // Most of the schema at once (the default replay reads it in full past half of the tables).
  ['many', Array.from({ length: 12 }, (_, i) => `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, r INTEGER REFERENCES child);`).join('\n')],
  ['child_key_changes', `DROP VIEW child_view;
CREATE TABLE _n (id TEXT PRIMARY KEY, p_id INTEGER, q TEXT);
DROP TABLE child;
ALTER TABLE _n RENAME TO child;`],
].map(([name, sql], i) => asMigration(i + 1, name, sql));

test('a history of implicit-parent foreign keys, renames, drops, views, triggers and a virtual table: each state is the full introspection', () => {
  const r = compareReplays('crafted', crafted);
  assert.equal(r.ran, crafted.length, 'every crafted file runs');
  assert.deepEqual(r.problems, []);
});

test('the crafted history does move a child\'s resolved parent columns with its parent (the test can fail)', () => {
  // The states the comparison above holds to: without reading the child again when its parent's key
  // moves, the child would keep refColumns [a].
  const replay = replayMigrations(crafted);
  const refs = (k) => replay.after[k].tables.find((t) => t.name === 'child').foreignKeys.map((fk) => `${fk.refTable}(${fk.refColumns.join(',')})`).sort();
  assert.deepEqual(refs(0), ['Other()', 'parent()']);
  assert.deepEqual(refs(1), ['Other()', 'parent(a)']);
  assert.deepEqual(refs(2), ['Other()', 'parent(b)']);
  assert.deepEqual(refs(3), ['Other(k2,k1)', 'parent(b)']);
  assert.deepEqual(refs(5), ['Other(k2,k1)', 'parent()']);
  assert.deepEqual(refs(6), ['Other(k2,k1)', 'parent(y,x)']);
});
