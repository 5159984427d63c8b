// `plan` keeps the migrations directory's replay in .liteform/cache/ (src/db/replay.ts replayToEnd): the
// next plan reads it back instead of running every file again. A cache must never change a result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cases.mjs';

function project() {
  const cwd = tempDir('liteform-replay-cache-');
  mkdirSync(join(cwd, 'schema'));
  writeFileSync(join(cwd, 'liteform.yaml'), 'database: app.db\nschema: schema/app.sql\nmigrations: migrations\n');
  writeFileSync(join(cwd, 'schema', 'app.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n');
  const cli = (...args) => runCli(args, { cwd });
  assert.equal(cli('plan', 'init').code, 0);
  return { cwd, cli, cache: join(cwd, '.liteform', 'cache') };
}

const replays = (dir) => readdirSync(dir).filter((f) => f.startsWith('replay-'));

test('plan keeps the replay, ignored by git, and gives the same file with it, without it and with a broken one', () => {
  const { cwd, cli, cache } = project();
  assert.equal(readFileSync(join(cache, '.gitignore'), 'utf8'), '*\n', 'the cache ignores itself');
  assert.ok(replays(cache).length >= 1);
  writeFileSync(join(cwd, 'schema', 'app.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT \'\', b INT);\n');
  const withCache = cli('plan', '--dry-run', '--json');
  assert.equal(withCache.code, 0, withCache.stderr);
  rmSync(cache, { recursive: true });
  const without = cli('plan', '--dry-run', '--json');
  assert.equal(without.stdout, withCache.stdout);
  for (const f of replays(cache)) writeFileSync(join(cache, f), 'not a database');
  const broken = cli('plan', '--dry-run', '--json');
  assert.equal(broken.code, 0, broken.stderr);
  assert.equal(broken.stdout, withCache.stdout, 'a broken cache file is replayed over');
});

test('a cache of other files is never used: an edited file (re-hashed) is replayed as it is now', () => {
  const { cwd, cli, cache } = project();
  const file = join(cwd, 'migrations', readdirSync(join(cwd, 'migrations')).find((f) => f.startsWith('0001')));
  // The file now also creates u; the cache holds the replay of the file without it.
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nCREATE TABLE u (id INTEGER PRIMARY KEY);\n`);
  assert.equal(cli('hash').code, 0);
  const r = cli('plan', '--dry-run', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).changes.map((c) => `${c.kind} ${c.object}`), ['DropTable table u'], 'the directory creates u, the desired state does not');
  assert.ok(existsSync(cache));
});

test('a cache file is trusted only byte for byte as written for its key: an edited model or image, or another key\'s file, is replayed over', () => {
  const { cwd, cli, cache } = project();
  writeFileSync(join(cwd, 'schema', 'app.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);\n');
  const expected = cli('plan', '--dry-run', '--json');
  assert.equal(expected.code, 0, expected.stderr);
  assert.deepEqual(JSON.parse(expected.stdout).changes.map((c) => `${c.kind} ${c.object}`), ['ModifyTable table t']);
  const [file] = replays(cache).filter((f) => readFileSync(join(cache, f)).includes('"name":"a"'));
  assert.ok(file, 'the replay of 0001 is kept');
  const original = readFileSync(join(cache, file));
  // The stored model says the column is `z`: trusted, the plan would drop z and add a.
  const editedModel = Buffer.from(original);
  editedModel.write('"name":"z"', original.indexOf('"name":"a"'), 'latin1');
  writeFileSync(join(cache, file), editedModel);
  assert.equal(cli('plan', '--dry-run', '--json').stdout, expected.stdout, 'an edited model is not trusted');
  // The image's last byte changed: still a database SQLite opens, not the one written.
  const editedImage = Buffer.from(original);
  editedImage[editedImage.length - 1] ^= 0xff;
  writeFileSync(join(cache, file), editedImage);
  assert.equal(cli('plan', '--dry-run', '--json').stdout, expected.stdout, 'an edited image is not trusted');
  // Another key's file under this key's name (the replay of an empty directory: every table is new).
  const other = replays(cache).find((f) => f !== file && !readFileSync(join(cache, f)).includes('"name":"a"'));
  if (other !== undefined) {
    writeFileSync(join(cache, file), readFileSync(join(cache, other)));
    assert.equal(cli('plan', '--dry-run', '--json').stdout, expected.stdout, 'another key\'s file is not trusted');
  }
  writeFileSync(join(cache, file), original.subarray(0, original.length - 100));
  assert.equal(cli('plan', '--dry-run', '--json').stdout, expected.stdout, 'a torn file is not trusted');
});

test('a file planned on a cached replay is byte for byte the file planned without one (its schema-before hash comes from the cache)', () => {
  const { cwd, cli, cache } = project();
  const schema = join(cwd, 'schema', 'app.sql');
  writeFileSync(schema, 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);\n');
  assert.equal(cli('plan').code, 0, 'writes 0002 and keeps the replay after it');
  writeFileSync(schema, 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT, c TEXT NOT NULL DEFAULT \'\');\nCREATE INDEX t_b ON t (b);\n');
  const uncached = tempDir('liteform-replay-cache-copy-');
  cpSync(cwd, uncached, { recursive: true });
  rmSync(join(uncached, '.liteform'), { recursive: true });
  assert.equal(cli('plan').code, 0);
  assert.equal(runCli(['plan'], { cwd: uncached }).code, 0);
  const third = (dir) => readdirSync(join(dir, 'migrations')).find((f) => f.startsWith('0003'));
  assert.ok(third(cwd));
  assert.equal(readFileSync(join(cwd, 'migrations', third(cwd)), 'utf8'), readFileSync(join(uncached, 'migrations', third(uncached)), 'utf8'));
  assert.ok(replays(cache).length >= 2);
});
