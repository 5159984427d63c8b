// A declarative apply's version is read under the write lock: never equal to or older than the last
// recorded one (two applies in one millisecond, or a clock set back), so the history row always fits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers/cases.mjs';

test('a direct apply after a history row from the future records the next version, not a clash', () => {
  const cwd = tempDir('liteform-version-');
  writeFileSync(join(cwd, 'a.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY);\n');
  writeFileSync(join(cwd, 'b.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);\n');
  assert.equal(runCli(['apply', '--db', 'app.db', '--schema', 'a.sql', '--create'], { cwd }).code, 0);
  const db = new Database(join(cwd, 'app.db'));
  db.prepare('UPDATE _liteform_migrations SET version = ?').run('99991231235959999');
  db.close();
  const r = runCli(['apply', '--db', 'app.db', '--schema', 'b.sql', '--json'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).version, '99991231235960000');
  const check = new Database(join(cwd, 'app.db'), { readonly: true });
  assert.deepEqual(check.prepare('SELECT version FROM _liteform_migrations ORDER BY version').pluck().all(), ['99991231235959999', '99991231235960000']);
  check.close();
});
