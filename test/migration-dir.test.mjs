// Migration-file discovery never skips a file silently: a file that looks like a migration but is not
// named like one is refused by name (apply, status, lint), and a deleted applied file is reported as
// missing — not as some other file having changed. The database is byte-identical after every refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, rmSync, renameSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cases.mjs';

const files = {
  '0001_users.sql': 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n',
  '0002_posts.sql': 'CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);\n',
  '0003_tags.sql': 'CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);\n',
};

const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A project with three applied migrations. */
function applied() {
  const cwd = tempDir('liteform-dir-');
  const dir = join(cwd, 'migrations');
  mkdirSync(dir);
  for (const [f, sql] of Object.entries(files)) writeFileSync(join(dir, f), sql);
  const cli = (...args) => runCli([...args, '--db', join(cwd, 'app.db'), '--dir', dir], { cwd });
  let r = runCli(['hash', '--dir', dir], { cwd });
  assert.equal(r.code, 0, r.stderr);
  r = cli('apply', '--create', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  return { cwd, dir, db: join(cwd, 'app.db'), cli };
}

const nearMisses = [
  // [file name, what the message must say]
  ['0004_x.SQL', /migration files end in lower-case \.sql[\s\S]*rename it to 0004_x\.sql/],
  ['0004_x.Sql', /lower-case \.sql[\s\S]*rename it to 0004_x\.sql/],
  ['4_x.sql', /not a migration file name[\s\S]*rename it to 0004_x\.sql/],
  ['0004-x.sql', /not a migration file name[\s\S]*rename it to 0004_x\.sql/],
  ['0004_add x.sql', /not a migration file name[\s\S]*rename it to 0004_add_x\.sql/],
  ['0004_x.sql.bak', /does not end in \.sql/],
  ['0004_x.sql~', /does not end in \.sql/],
  ['0004_x.txt', /does not end in \.sql/],
  ['0004_x', /does not end in \.sql/],
  ['notes.sql', /not a migration file name/],
];

for (const [file, message] of nearMisses) {
  test(`a near-miss migration file is refused by name, not skipped: ${file}`, () => {
    const { dir, db, cli } = applied();
    writeFileSync(join(dir, file), 'CREATE TABLE later (id INTEGER PRIMARY KEY);\n');
    const before = hash(db);
    for (const command of ['apply', 'status', 'lint']) {
      const r = cli(command);
      assert.equal(r.code, 1, `${command}: ${r.stdout}${r.stderr}`);
      assert.ok(r.stderr.includes(join(dir, file)), `${command} names the file: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /hint:/);
    }
    assert.equal(hash(db), before, 'database unchanged');
  });
}

test('files that are not migrations are left alone (README, dot files, the sum file)', () => {
  const { dir, cli } = applied();
  writeFileSync(join(dir, 'README.md'), '# migrations\n');
  writeFileSync(join(dir, '.0004_x.sql.swp'), 'binary');
  writeFileSync(join(dir, '.gitkeep'), '');
  const r = cli('apply', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /up to date/i);
});

test('once renamed to lower-case .sql, the file is applied', () => {
  const { dir, cli, cwd } = applied();
  writeFileSync(join(dir, '0004_later.SQL'), 'CREATE TABLE later (id INTEGER PRIMARY KEY);\n');
  assert.equal(cli('apply', '--no-backup').code, 1);
  renameSync(join(dir, '0004_later.SQL'), join(dir, '0004_later.sql'));
  assert.equal(runCli(['hash', '--dir', dir], { cwd }).code, 0);
  const r = cli('apply', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0004_later/);
});

test('a deleted applied file is reported as missing, not as another file having changed', () => {
  const { dir, db, cli, cwd } = applied();
  const before = hash(db);
  rmSync(join(dir, '0002_posts.sql'));

  // The sum still lists it: the sum check names the missing file.
  let r = cli('apply', '--no-backup');
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /0002_posts\.sql is listed in liteform\.sum but missing from the directory/);
  assert.doesNotMatch(r.stderr, /0003_tags\.sql changed/);

  // Even after `hash` (the sum now agrees with the directory), history still knows 0002 was applied.
  assert.equal(runCli(['hash', '--dir', dir], { cwd }).code, 0);
  for (const command of ['apply', 'down']) {
    r = cli(command, ...(command === 'down' ? ['--dry-run'] : ['--no-backup']));
    assert.equal(r.code, 1, `${command}: ${r.stdout}`);
    assert.match(r.stderr, /applied version 0002 \(posts\) is missing from the directory/, command);
    assert.doesNotMatch(r.stderr, /checksum|changed/, command);
  }
  r = cli('status');
  assert.match(r.stdout, /applied version 0002 \(posts\) is missing from the directory/);
  assert.doesNotMatch(r.stdout, /changed/);
  r = cli('check');
  assert.equal(r.code, 2);
  assert.match(r.stdout, /applied version 0002 \(posts\) is missing from the directory/);
  assert.equal(hash(db), before, 'database unchanged');
  assert.deepEqual(readdirSync(dir).sort(), ['0001_users.sql', '0003_tags.sql', 'liteform.sum']);
});
