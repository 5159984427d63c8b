// Config values are validated before anything runs: liteform.yaml against schema/config.schema.json
// (ajv), every problem at `liteform.yaml:line:col` with a "did you mean" for a misspelt key; flags
// and LITEFORM_* variables named when wrong. A refused value leaves the database byte-identical and
// takes no backup. `backups.keep` is at least 1: the backup reported is always on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, runCli, tempDir } from './helpers/cases.mjs';

const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A project whose database is at 0001 with 0002 pending; `config` is written as liteform.yaml. */
function project(config = 'database: app.db\nmigrations: migrations\n') {
  const cwd = tempDir('liteform-config-');
  const dir = join(cwd, 'migrations');
  mkdirSync(dir);
  writeFileSync(join(dir, '0001_users.sql'), 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n');
  const cli = (args, env = {}) => runCli(args, { cwd, env });
  assert.equal(cli(['hash', '--dir', dir]).code, 0);
  let r = cli(['apply', '--db', join(cwd, 'app.db'), '--dir', dir, '--create', '--no-backup']);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, '0002_posts.sql'), 'CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);\n');
  assert.equal(cli(['hash', '--dir', dir]).code, 0);
  writeFileSync(join(cwd, 'liteform.yaml'), config);
  const backups = join(cwd, '.liteform', 'backups');
  const backupCount = () => (existsSync(backups) ? readdirSync(backups).length : 0);
  return { cwd, db: join(cwd, 'app.db'), cli, backups, backupCount };
}

/** Runs `apply` and asserts it is refused with `message`, the database unchanged and no backup taken. */
function assertRefused(p, message, { args = [], env = {} } = {}) {
  const before = hash(p.db);
  const r = p.cli(['apply', ...args], env);
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /hint: /);
  assert.doesNotMatch(r.stderr, /liteform bug/);
  assert.equal(hash(p.db), before, 'database unchanged');
  assert.equal(p.backupCount(), 0, 'no backup taken');
  return r;
}

const base = 'database: app.db\nmigrations: migrations\n';

for (const [keep, message] of [
  ['0', /liteform\.yaml:4:9: backups\.keep: must be at least 1, not 0[^\n]*--no-backup/],
  ['-1', /liteform\.yaml:4:9: backups\.keep: must be at least 1, not -1/],
  ['abc', /liteform\.yaml:4:9: backups\.keep: must be a whole number, not the string "abc"/],
  ['1.5', /liteform\.yaml:4:9: backups\.keep: must be a whole number, not 1\.5/],
  ['"5"', /liteform\.yaml:4:9: backups\.keep: must be a whole number, not the string "5"/],
  ['', /liteform\.yaml:4:3: backups\.keep: must be a whole number, not null/],
]) {
  test(`backups.keep: ${keep === '' ? '(empty)' : keep} is refused at its line and column`, () => {
    const p = project(`${base}backups:\n  keep: ${keep}\n`);
    assertRefused(p, message);
    if (keep !== '0') return;
    // Every command reads the config, not only apply.
    const r = p.cli(['status']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, message);
  });
}

test('values inside an environment are refused at their positions', () => {
  const p = project(`${base}environments:\n  prod:\n    database: prod.db\n    backups: { keep: 0 }\n    busyTimeoutMs: -5\n`);
  const r = assertRefused(p, /liteform\.yaml:6:22: environments\.prod\.backups\.keep: must be at least 1/);
  assert.match(r.stderr, /liteform\.yaml:7:20: environments\.prod\.busyTimeoutMs: must be at least 0, not -5/);
});

test('unknown keys are refused with a "did you mean"', () => {
  const p = project('databse: app.db\nmigrations: migrations\nbackup:\n  keep: 3\nbusyTimeout: 100\nenvironments:\n  dev:\n    migration: m\n    backups: { kep: 2 }\nfrobnicate: 1\n');
  const r = assertRefused(p, /liteform\.yaml:1:1: document: unknown setting 'databse' \(did you mean 'database'\?\)/);
  assert.match(r.stderr, /liteform\.yaml:3:1: document: unknown setting 'backup' \(did you mean 'backups'\?\)/);
  assert.match(r.stderr, /liteform\.yaml:5:1: document: unknown setting 'busyTimeout' \(did you mean 'busyTimeoutMs'\?\)/);
  assert.match(r.stderr, /liteform\.yaml:8:5: environments\.dev: unknown setting 'migration' \(did you mean 'migrations'\?\)/);
  assert.match(r.stderr, /liteform\.yaml:9:16: environments\.dev\.backups: unknown setting 'kep' \(did you mean 'keep'\?\)/);
  assert.match(r.stderr, /liteform\.yaml:10:1: document: unknown setting 'frobnicate' \(expected one of: database, schema, migrations, backups, busyTimeoutMs, fleet, functions, environments\)/);
  // All problems at once, in file order.
  const lines = r.stderr.replace(/^error: /, '').split('\n').filter((l) => l.startsWith('liteform.yaml:')).map((l) => Number(l.split(':')[1]));
  assert.deepEqual(lines, [1, 3, 5, 8, 9, 10]);
});

test('wrong types and YAML syntax errors are reported at their position', () => {
  let p = project(`database: [a, b]\nmigrations: migrations\nbusyTimeoutMs: soon\nenvironments: prod\n`);
  let r = assertRefused(p, /liteform\.yaml:1:11: database: must be a string, not a list/);
  assert.match(r.stderr, /liteform\.yaml:3:16: busyTimeoutMs: must be a whole number, not the string "soon"/);
  assert.match(r.stderr, /liteform\.yaml:4:15: environments: must be a mapping, not the string "prod"/);
  p = project(`database: app.db\nbackups:\n  keep: 3\n   dir: x\n`);
  assertRefused(p, /liteform\.yaml:\d+:\d+: YAML: /);
  p = project('just a string\n');
  assertRefused(p, /liteform\.yaml:1:1: document: must be a mapping, not the string "just a string"/);
  p = project(`database: ""\n`);
  assertRefused(p, /liteform\.yaml:1:11: database: must not be empty/);
});

test('LITEFORM_BACKUP_KEEP values that are not a whole number >= 1 are refused, naming the variable', () => {
  const p = project();
  for (const value of ['0', '-1', 'abc', '1.5', '', ' ']) {
    assertRefused(p, /LITEFORM_BACKUP_KEEP="[^"]*": must (be a whole number|be at least 1|not be empty)/, { env: { LITEFORM_BACKUP_KEEP: value } });
  }
});

test('--busy-timeout and LITEFORM_BUSY_TIMEOUT values that are not a whole number of ms are refused, naming the flag or variable', () => {
  const p = project();
  for (const value of ['-1', 'abc', '1.5', '1e3', '', '99999999999']) {
    // Flags are checked by the argument parser (src/cli/main.ts), variables by the settings (src/config).
    assertRefused(p, /option '--busy-timeout <ms>' argument '[^']*' is invalid|--busy-timeout="[^"]*": must/, { args: ['--busy-timeout', value] });
    assertRefused(p, /LITEFORM_BUSY_TIMEOUT="[^"]*": must/, { env: { LITEFORM_BUSY_TIMEOUT: value } });
  }
});

test('empty paths in flags and variables are refused, naming them', () => {
  const p = project();
  assertRefused(p, /option '--db <file>' argument '' is invalid\. the path is empty/, { args: ['--db', ''] });
  assertRefused(p, /option '--dir <dir>' argument '' is invalid/, { args: ['--dir', ''] });
  assertRefused(p, /LITEFORM_DB="": must not be empty/, { env: { LITEFORM_DB: '' } });
  assertRefused(p, /LITEFORM_ENV="": must not be empty/, { env: { LITEFORM_ENV: '' } });
});

test('backups.keep: 1 keeps exactly the backup it reports; valid values from every source are used', () => {
  const p = project(`${base}backups:\n  keep: 1\nbusyTimeoutMs: 250\n`);
  let r = p.cli(['apply']);
  assert.equal(r.code, 0, r.stderr);
  const reported = /backup: (.+)\.\n/.exec(r.stdout)?.[1];
  assert.ok(reported && existsSync(reported), `the reported backup exists: ${r.stdout}`);
  assert.equal(p.backupCount(), 1);
  // A second apply takes a new backup and drops the older one; the one reported is the one kept.
  writeFileSync(join(p.cwd, 'migrations', '0003_tags.sql'), 'CREATE TABLE tags (id INTEGER PRIMARY KEY);\n');
  assert.equal(p.cli(['hash']).code, 0);
  r = p.cli(['apply'], { LITEFORM_BACKUP_KEEP: '1', LITEFORM_BUSY_TIMEOUT: '1000' });
  assert.equal(r.code, 0, r.stderr);
  const second = /backup: (.+)\.\n/.exec(r.stdout)?.[1];
  assert.ok(second && existsSync(second));
  assert.deepEqual(readdirSync(p.backups).map((f) => join(p.backups, f)), [second]);
  assert.equal(p.cli(['status', '--busy-timeout', '0']).code, 0);
});

test('the migrate() API refuses backupKeep below 1 before taking a backup or applying anything', async () => {
  const { migrate } = await import(join(root, 'dist', 'index.js'));
  const p = project();
  for (const keep of [0, -1, 1.5, Number.NaN]) {
    const before = hash(p.db);
    await assert.rejects(migrate({ db: p.db, dir: join(p.cwd, 'migrations'), backupDir: p.backups, backupKeep: keep }), (e) => e.code === 'LITEFORM_CONFIG' && /at least 1 backup must be kept/.test(e.message));
    assert.equal(hash(p.db), before);
    assert.equal(p.backupCount(), 0);
  }
});
