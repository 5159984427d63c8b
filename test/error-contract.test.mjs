// The error contract (issue 12, points 13–18), on real files, real mounts and real processes: one JSON
// error document with --json for every failure; the environment's failures (full disk, read-only
// directory, empty or binary files, a foreign history table) named with a hint; --busy-timeout reaching
// the read-only commands; a closed stdout not being an error; names that cannot drive a terminal;
// drift reports that name tables and columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import Ajv2020 from 'ajv/dist/2020.js';
import { cli, root, runCli, tempDir } from './helpers/cases.mjs';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const errorSchema = JSON.parse(readFileSync(join(root, 'schema/error-output.schema.json'), 'utf8'));
const validateError = ajv.compile(errorSchema);

const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Exactly one JSON error document on stdout, valid against the schema, exit 1; returns its `error`. */
function jsonError(r, label) {
  assert.equal(r.code, 1, `${label}: exit code ${r.code}\n${r.stdout}\n${r.stderr}`);
  let doc;
  assert.doesNotThrow(() => { doc = JSON.parse(r.stdout); }, `${label}: stdout is not one JSON document:\n${r.stdout}`);
  assert.ok(validateError(doc), `${label}: ${ajv.errorsText(validateError.errors)}\n${r.stdout}`);
  assert.notEqual(doc.error.code, 'LITEFORM_INTERNAL', `${label}: reported as a liteform bug: ${doc.error.message}`);
  assert.doesNotMatch(r.stdout + r.stderr, /liteform bug|\n\s+at /, label);
  return doc.error;
}

/** A human error: nothing on stdout, `error:` and `hint:` on stderr, never "a liteform bug", short. */
function humanError(r, label) {
  assert.equal(r.code, 1, `${label}: exit code ${r.code}\n${r.stderr}`);
  assert.equal(r.stdout, '', `${label}: stdout`);
  assert.match(r.stderr, /^error: /, label);
  assert.match(r.stderr, /\nhint: /, label);
  assert.doesNotMatch(r.stderr, /liteform bug|\n\s+at /, label);
  assert.ok(r.stderr.length < 2000, `${label}: ${r.stderr.length} bytes of error output`);
  return r.stderr;
}

/** A project: app.db at version 0001 (users), its migrations directory and desired state. */
function project() {
  const dir = tempDir('liteform-contract-');
  writeFileSync(join(dir, 'app.sql'), 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n');
  mkdirSync(join(dir, 'migrations'));
  let r = runCli(['plan', 'init', '--schema', 'app.sql', '--dir', 'migrations'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  r = runCli(['apply', '--db', 'app.db', '--dir', 'migrations', '--create', '--no-backup'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

// ---------------------------------------------------------------- 13

test('13: with --json every command prints exactly one error document on stdout for every failure, argument errors included', () => {
  const dir = project();
  const before = sha(join(dir, 'app.db'));
  const commands = [['init'], ['plan'], ['apply'], ['status'], ['history'], ['check'], ['down'], ['baseline', '0001'], ['hash'], ['restore'], ['inspect'], ['diff', 'app.db', 'app.sql'], ['lint']];
  const cases = [];
  for (const c of commands) {
    cases.push([[...c, '--json', '--no-such-option'], 'LITEFORM_USAGE', /unknown option '--no-such-option'/]);
    cases.push([['--verbose', ...c, '--json', '--no-such-option'], 'LITEFORM_USAGE', /unknown option/]);
    cases.push([[...c, 'extra-1', 'extra-2', '--json'], 'LITEFORM_USAGE', /too many arguments/]);
    if (c[0] !== 'init' && c[0] !== 'diff') cases.push([[...c, '--json', '--config', 'missing.yaml'], 'LITEFORM_CONFIG', /missing\.yaml/]);
  }
  cases.push(
    // Argument errors: a missing option value, a missing argument, bad values, an unknown command.
    [['status', '--json', '--db'], 'LITEFORM_USAGE', /argument missing/],
    [['diff', '--json', 'app.db'], 'LITEFORM_USAGE', /missing required argument 'to'/],
    [['baseline', '--json'], 'LITEFORM_USAGE', /missing required argument/],
    [['status', '--json', '--db', 'app.db', '--busy-timeout', 'soon'], 'LITEFORM_USAGE', /'soon' is not a whole number of milliseconds/],
    [['inspect', '--json', '--db', 'app.db', '--busy-timeout', '-5'], 'LITEFORM_USAGE', /milliseconds/],
    [['no-such-command', '--json'], 'LITEFORM_USAGE', /unknown command 'no-such-command'/],
    [['inspect', '--json', '--db', 'app.db', '--format', 'toml'], 'LITEFORM_USAGE', /'toml' is not a format/],
    [['plan', '--json', '--format', 'html'], 'LITEFORM_USAGE', /'html' is not a format/],
    [['check', '--json', '--format', 'html'], 'LITEFORM_USAGE', /'html' is not a format/],
    [['diff', 'app.db', 'app.sql', '--json', '--format', 'html'], 'LITEFORM_USAGE', /'html' is not a format/],
    // Failures inside the commands.
    [['plan', '--json', '--db', 'app.db', '--schema', 'missing.yaml'], 'LITEFORM_FILE_NOT_FOUND', /missing\.yaml/],
    [['apply', '--json', '--db', 'app.db', '--schema', 'missing.sql'], 'LITEFORM_FILE_NOT_FOUND', /missing\.sql/],
    [['status', '--json', '--db', 'missing.db'], 'LITEFORM_DB_OPEN', /missing\.db: database file does not exist/],
    [['history', '--json', '--db', 'missing.db'], 'LITEFORM_DB_OPEN', /missing\.db/],
    [['inspect', '--json', '--db', 'missing.db'], 'LITEFORM_DB_OPEN', /missing\.db/],
    [['down', '--json', '--db', 'missing.db'], 'LITEFORM_DB_OPEN', /missing\.db/],
    [['baseline', '0009', '--json', '--db', 'app.db'], 'LITEFORM_USAGE', /0009/],
    [['restore', '--json', '--db', 'app.db'], 'LITEFORM_FILE_NOT_FOUND', /no backups/],
    [['diff', '--json', 'app.db', 'missing.yaml'], 'LITEFORM_FILE_NOT_FOUND', /missing\.yaml/],
    [['lint', '--json', '--dir', 'app.sql'], null, /app\.sql/],
    [['plan', '--json', '--env', 'nowhere'], 'LITEFORM_CONFIG', /nowhere/],
  );
  for (const [args, code, message] of cases) {
    const label = args.join(' ');
    const e = jsonError(runCli(args, { cwd: dir }), label);
    if (code !== null) assert.equal(e.code, code, `${label}: ${e.message}`);
    assert.match(e.message, message, label);
    assert.ok(e.hint.length > 0, label);
  }
  // The same failures without --json: the human form, nothing on stdout.
  for (const [args] of cases.slice(-12)) humanError(runCli(args.filter((a) => a !== '--json'), { cwd: dir }), args.join(' '));
  assert.equal(sha(join(dir, 'app.db')), before, 'no failure changed the database');
});

test('13: the error codes listed in schema/error-output.schema.json are exactly those of src/errors.ts', () => {
  const source = readFileSync(join(root, 'src/errors.ts'), 'utf8').split('export class')[0];
  const codes = [...source.matchAll(/'(LITEFORM_[A-Z_]+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual([...errorSchema.properties.error.properties.code.enum].sort(), codes);
  assert.ok(codes.includes('LITEFORM_USAGE'));
});

// ---------------------------------------------------------------- 14

/** Mounts a file system for the test and unmounts it after; skips (with the reason) where mounting is not allowed. */
function mountOrSkip(t, args, target) {
  mkdirSync(target, { recursive: true });
  const r = spawnSync('mount', [...args, target], { encoding: 'utf8' });
  if (r.status !== 0) {
    t.skip(`cannot mount here (${(r.stderr || r.error?.message || '').trim()}); needs root and mount permission`);
    return false;
  }
  t.after(() => { spawnSync('umount', [target]); });
  return true;
}

test('14: a full disk (a real SQLITE_FULL on a small tmpfs) is LITEFORM_DISK_FULL with a hint, and the database is unchanged', (t) => {
  const mnt = join(tempDir('liteform-full-'), 'mnt');
  if (!mountOrSkip(t, ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs'], mnt)) return;
  const db = join(mnt, 'full.db');
  const d = new Database(db);
  d.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = d.prepare('INSERT INTO t (v) VALUES (?)');
  d.transaction(() => { for (let i = 0; i < 1500; i++) insert.run('x'.repeat(100)); })();
  d.close();
  // A STRICT rebuild copies every row: the copy and the journal do not fit in what is left.
  const schema = join(tempDir(), 'strict.sql');
  writeFileSync(schema, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, w TEXT DEFAULT 'abc') STRICT;\n");
  const before = sha(db);
  const e = jsonError(runCli(['apply', '--db', db, '--schema', schema, '--json']), 'apply on a full disk');
  assert.equal(e.code, 'LITEFORM_DISK_FULL');
  assert.match(e.message, /disk .* is full.*SQLITE_FULL/);
  assert.match(e.hint, /free space/);
  humanError(runCli(['apply', '--db', db, '--schema', schema]), 'apply on a full disk');
  assert.equal(sha(db), before);
  const check = new Database(db, { readonly: true });
  assert.equal(check.prepare('SELECT count(*) AS n FROM t').get().n, 1500);
  check.close();
  // A versioned migration that writes more than the disk holds: the same code, nothing recorded.
  const dir = join(mnt, 'project');
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'app.sql'), 'CREATE TABLE blobs (id INTEGER PRIMARY KEY, v BLOB);\n');
  assert.equal(runCli(['plan', 'init', '--schema', 'app.sql', '--dir', 'migrations'], { cwd: dir }).code, 0);
  const file = join(dir, 'migrations', '0001_init.sql');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nINSERT INTO blobs (v) SELECT randomblob(1000) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT x FROM c);\n`);
  assert.equal(runCli(['hash', '--dir', 'migrations'], { cwd: dir }).code, 0);
  const v = jsonError(runCli(['apply', '--db', 'app.db', '--dir', 'migrations', '--create', '--no-backup', '--json'], { cwd: dir }), 'versioned apply on a full disk');
  assert.equal(v.code, 'LITEFORM_DISK_FULL');
  const after = new Database(join(dir, 'app.db'), { readonly: true });
  assert.equal(after.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = '_liteform_migrations'").get().n, 0, 'no history row, no history table');
  after.close();
});

test('14: a read-only directory (read-only bind mount): writing commands name the cause, reading commands still work', (t) => {
  const dir = project();
  const mnt = join(tempDir('liteform-ro-'), 'ro');
  if (!mountOrSkip(t, ['--bind', dir], mnt)) return;
  const remount = spawnSync('mount', ['-o', 'remount,bind,ro', mnt], { encoding: 'utf8' });
  if (remount.status !== 0) { t.skip(`cannot remount read-only: ${remount.stderr.trim()}`); return; }
  const before = sha(join(dir, 'app.db'));
  const desired = join(tempDir(), 'more.sql');
  writeFileSync(desired, 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, age INTEGER);\n');
  let e = jsonError(runCli(['apply', '--db', join(mnt, 'app.db'), '--schema', desired, '--json']), 'apply in a read-only directory');
  assert.equal(e.code, 'LITEFORM_DB_READ_ONLY');
  assert.match(e.message, /cannot be written.*read-only.*SQLITE_READONLY/);
  e = jsonError(runCli(['apply', '--db', join(mnt, 'new.db'), '--schema', desired, '--create', '--json']), 'create in a read-only directory');
  assert.equal(e.code, 'LITEFORM_DB_OPEN');
  assert.match(e.message, /new\.db: cannot open .*SQLITE_CANTOPEN/);
  assert.match(e.hint, /writable/);
  e = jsonError(runCli(['init', '--json'], { cwd: mnt }), 'init in a read-only directory');
  assert.equal(e.code, 'LITEFORM_IO');
  assert.match(e.message, /liteform\.yaml: the file system is read-only/);
  e = jsonError(runCli(['plan', 'more', '--schema', desired, '--dir', join(mnt, 'migrations'), '--json']), 'plan writing into a read-only directory');
  assert.match(e.message, /read-only|EROFS/);
  const status = runCli(['status', '--db', join(mnt, 'app.db'), '--dir', join(mnt, 'migrations'), '--json']);
  assert.equal(status.code, 0, status.stdout + status.stderr);
  assert.equal(sha(join(dir, 'app.db')), before);
});

test('14: an empty (0-byte or blank) or binary schema file and a YAML alias bomb are named, with a hint and no echoed garbage', () => {
  const dir = project();
  const before = sha(join(dir, 'app.db'));
  const write = (name, content) => { writeFileSync(join(dir, name), content); return name; };
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  // Nine levels of nine aliases: 9^9 strings if expanded.
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  bomb.push('tables: {}');
  const cases = [
    [write('empty.yaml', ''), /empty\.yaml: the file is empty \(0 bytes\)/],
    [write('empty.sql', ''), /empty\.sql: the file is empty \(0 bytes\)/],
    [write('blank.sql', '\n  \n'), /blank\.sql: the file is empty/],
    [write('binary.yaml', binary), /binary\.yaml: not a text file \(a NUL byte at offset 0, 4096 bytes\)/],
    [write('latin1.sql', Buffer.from('CREATE TABLE caf\xe9 (id INTEGER);\n', 'latin1')), /latin1\.sql: not a text file \(not valid UTF-8/],
    [write('bomb.yaml', `${bomb.join('\n')}\n`), /bomb\.yaml: YAML aliases expand too far/],
    // Valid UTF-8, no NUL, one 20 kB line: the YAML error would quote it whole; the message is cut.
    [write('long.yaml', `"${'\u0007'.repeat(20000)}"\n`), /long\.yaml:1:1: document: must be a mapping.*more characters\)/],
  ];
  for (const [file, message] of cases) {
    for (const command of [['plan', '--db', 'app.db', '--schema', file], ['check', '--dir', 'migrations', '--schema', file]]) {
      const e = jsonError(runCli([...command, '--json'], { cwd: dir }), command.join(' '));
      assert.equal(e.code, 'LITEFORM_SCHEMA_INVALID', e.message);
      assert.match(e.message, message);
      assert.ok(e.message.length < 600, `${file}: a ${e.message.length}-character message`);
      if (command[0] === 'plan') humanError(runCli(command, { cwd: dir }), command.join(' '));
    }
  }
  assert.equal(sha(join(dir, 'app.db')), before);
});

test('14: a 0-byte database file is named as such (not read as an empty schema), and --create still starts a database in it', () => {
  const dir = project();
  const zero = join(dir, 'zero.db');
  writeFileSync(zero, '');
  for (const command of [['plan', '--schema', 'app.sql'], ['apply', '--schema', 'app.sql'], ['status'], ['history'], ['inspect'], ['down', '--dry-run'], ['baseline', '0001']]) {
    const e = jsonError(runCli([...command, '--db', 'zero.db', '--json'], { cwd: dir }), `${command[0]} on a 0-byte file`);
    assert.equal(e.code, 'LITEFORM_DB_OPEN');
    assert.match(e.message, /zero\.db: the file is empty \(0 bytes\), not a SQLite database yet/);
    assert.match(e.hint, /--create/);
    assert.equal(readFileSync(zero).length, 0);
  }
  const plan = runCli(['plan', '--db', 'zero.db', '--schema', 'app.sql', '--create', '--json'], { cwd: dir });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  assert.equal(JSON.parse(plan.stdout).summary.add, 1);
  const apply = runCli(['apply', '--db', 'zero.db', '--schema', 'app.sql', '--create'], { cwd: dir });
  assert.equal(apply.code, 0, apply.stderr);
  assert.ok(readFileSync(zero).length > 0);
});

test("14: --db '' and --db :memory: are usage errors naming the cause, for every command taking --db", () => {
  const dir = project();
  for (const command of [['plan', '--schema', 'app.sql'], ['apply', '--schema', 'app.sql'], ['status'], ['history'], ['check'], ['down'], ['baseline', '0001'], ['restore'], ['inspect'], ['lint']]) {
    let e = jsonError(runCli([...command, '--db', '', '--json'], { cwd: dir }), `${command[0]} --db ''`);
    assert.equal(e.code, 'LITEFORM_USAGE');
    assert.match(e.message, /--db <file>.*the path is empty/);
    assert.match(e.hint, /--db app\.db/);
    e = jsonError(runCli([...command, '--db', ':memory:', '--json'], { cwd: dir }), `${command[0]} --db :memory:`);
    assert.equal(e.code, 'LITEFORM_USAGE');
    assert.match(e.message, /:memory: is an in-memory database/);
    const human = runCli([...command, '--db', ':memory:'], { cwd: dir });
    assert.equal(human.code, 1);
    assert.match(human.stderr, /^error: .*in-memory database.*\nhint: give the path of a database file/);
  }
  assert.ok(!existsSync(join(dir, ':memory:')));
});

test('14: a _liteform_migrations table with other columns is named as such by every command that reads history, and left alone', () => {
  const dir = project();
  const db = join(dir, 'foreign.db');
  const d = new Database(db);
  d.exec("CREATE TABLE _liteform_migrations (id INTEGER PRIMARY KEY, migration TEXT, batch INT); INSERT INTO _liteform_migrations VALUES (1, 'create_users', 1); CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)");
  d.close();
  const before = sha(db);
  for (const command of [['status'], ['history'], ['check'], ['down'], ['down', '--dry-run'], ['baseline', '0001'], ['lint'], ['apply', '--no-backup']]) {
    const e = jsonError(runCli([...command, '--db', 'foreign.db', '--json'], { cwd: dir }), command.join(' '));
    assert.equal(e.code, 'LITEFORM_HISTORY_TABLE', `${command.join(' ')}: ${e.message}`);
    assert.match(e.message, /table _liteform_migrations is not liteform's history table: it lacks column\(s\) version, name, checksum.*\(it has id, migration, batch\)/);
    assert.match(e.hint, /rename that table/);
  }
  // Direct mode writes a history row too: refused before the commit.
  const desired = join(dir, 'more.sql');
  writeFileSync(desired, 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, age INTEGER);\n');
  const e = jsonError(runCli(['apply', '--db', db, '--schema', desired, '--json']), 'direct apply');
  assert.equal(e.code, 'LITEFORM_HISTORY_TABLE');
  assert.equal(sha(db), before);
});

// ---------------------------------------------------------------- 15

test('15: read-only commands honour --busy-timeout: the value reaches the connection, and 0 fails at once on a held lock', () => {
  const dir = project();
  const readOnly = [
    ['plan', '--db', 'app.db', '--schema', 'app.sql'],
    ['status', '--db', 'app.db'],
    ['history', '--db', 'app.db'],
    ['check', '--db', 'app.db', '--schema', 'app.sql'],
    ['inspect', '--db', 'app.db'],
    ['diff', 'app.db', 'app.sql'],
    ['lint', '--db', 'app.db'],
    ['down', '--db', 'app.db', '--dry-run', '--allow-destructive'],
  ];
  // What SQLite itself says the connection's busy timeout is (PRAGMA busy_timeout, read back on open).
  for (const command of readOnly) {
    for (const ms of ['0', '1234']) {
      const r = runCli(['--verbose', ...command, '--busy-timeout', ms], { cwd: dir });
      assert.ok(r.code === 0 || r.code === 2, `${command.join(' ')}: ${r.stderr}`);
      const opened = [...r.stderr.matchAll(/^opened (.+) \((read-only|read-write), busy_timeout (\d+) ms\)$/gm)];
      assert.ok(opened.length > 0, `${command.join(' ')} opened no database: ${r.stderr}`);
      for (const o of opened) assert.equal(o[3], ms, `${command.join(' ')}: ${o[0]}`);
      if (command[0] !== 'down') for (const o of opened) assert.equal(o[2], 'read-only', `${command.join(' ')}: ${o[0]}`);
    }
    // The environment variable reaches it too.
    const env = runCli(['--verbose', ...command], { cwd: dir, env: { LITEFORM_BUSY_TIMEOUT: '4321' } });
    assert.match(env.stderr, /busy_timeout 4321 ms/, command.join(' '));
  }
  // Another connection holds an exclusive lock (rollback journal: readers are locked out too).
  const before = sha(join(dir, 'app.db'));
  const holder = new Database(join(dir, 'app.db'));
  holder.exec('BEGIN EXCLUSIVE');
  try {
    for (const command of readOnly) {
      const e = jsonError(runCli([...command, '--busy-timeout', '0', '--json'], { cwd: dir }), `${command.join(' ')} while locked`);
      assert.equal(e.code, 'LITEFORM_DB_LOCKED', `${command.join(' ')}: ${e.message}`);
      assert.match(e.message, /app\.db: database is locked by another process/);
      assert.match(e.hint, /--busy-timeout/);
    }
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  assert.equal(sha(join(dir, 'app.db')), before);
});

// ---------------------------------------------------------------- 16

/** Runs the CLI with its stdout a pipe whose reading end is closed before the CLI writes anything. */
function runIntoClosedPipe(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('16: apply into a closed stdout (apply | head -0) commits, exits with the command status and prints no stack trace', async () => {
  const dir = project();
  const desired = join(dir, 'more.sql');
  writeFileSync(desired, 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, age INTEGER);\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n');
  copyFileSync(join(dir, 'app.db'), join(dir, 'direct.db'));
  // Direct mode, human and JSON.
  let r = await runIntoClosedPipe(['apply', '--db', 'direct.db', '--schema', desired], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const d = new Database(join(dir, 'direct.db'), { readonly: true });
  assert.deepEqual(d.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((x) => x.name), ['_liteform_migrations', 'posts', 'users']);
  d.close();
  r = await runIntoClosedPipe(['apply', '--db', 'direct.db', '--schema', desired, '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  // Versioned mode, with output for every file.
  assert.equal(runCli(['plan', 'more', '--schema', desired, '--dir', 'migrations'], { cwd: dir }).code, 0);
  r = await runIntoClosedPipe(['apply', '--db', 'app.db', '--dir', 'migrations', '--no-backup'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const h = runCli(['history', '--db', 'app.db', '--json'], { cwd: dir });
  assert.deepEqual(JSON.parse(h.stdout).applied.map((x) => x.version), ['0001', '0002']);
  // A failing command keeps its own status: exit 1, the error on stderr.
  r = await runIntoClosedPipe(['status', '--db', 'missing.db'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: .*missing\.db/);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
  // A command whose job is to report a difference keeps exit 2.
  r = await runIntoClosedPipe(['diff', 'app.db', join(dir, 'app.sql'), '--exit-code'], dir);
  assert.equal(r.code, 2, r.stderr);
});

// ---------------------------------------------------------------- 17

const hostile = 'evil\u001b[2J\r\u0007\u202eabc\u009b\u2066';

test('17: control characters and bidi overrides in names are escaped in human output and exact in JSON', () => {
  const dir = tempDir('liteform-ctl-');
  const db = join(dir, 'ctl.db');
  const d = new Database(db);
  d.exec(`CREATE TABLE "${hostile}" (id INTEGER PRIMARY KEY, "col\u001b]0;title\u0007" TEXT)`);
  // Private-use characters like the ones colour is carried in internally: no colour can be spelled by a name.
  d.exec('CREATE TABLE "paint\ue00031\ue001red\ue000:1;5\ue001" (id INTEGER PRIMARY KEY)');
  d.close();
  writeFileSync(join(dir, 't.sql'), 'CREATE TABLE t (id INTEGER PRIMARY KEY);\n');
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  for (const args of [['plan', '--db', db, '--schema', 't.sql'], ['status', '--db', db], ['diff', db, 't.sql'], ['check', '--db', db, '--schema', 't.sql']]) {
    const r = runCli(args, { cwd: dir });
    assert.ok(r.code === 0 || r.code === 2, `${args[0]}: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, raw, `${args[0]}: raw control characters in\n${r.stdout}`);
    assert.match(r.stdout, /evil\\x1b\[2J\\r\\x07\\u202eabc\\x9b\\u2066/, args[0]);
  }
  // With colour forced, our own colour codes are the only escape sequences.
  const colored = runCli(['plan', '--db', db, '--schema', 't.sql'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
  assert.match(colored.stdout, /\u001b\[31m/);
  assert.deepEqual([...new Set(colored.stdout.match(/\u001b\[[0-9;]*m/g))].every((s) => /^\u001b\[(32|31|33|1;33|2|1|0)m$/.test(s)), true);
  assert.doesNotMatch(colored.stdout.replace(/\u001b\[[0-9;]*m/g, ''), raw);
  assert.match(colored.stdout, /- table paint\\ue00031\\ue001red\\ue000:1;5\\ue001\u001b\[0m/);
  // JSON keeps the exact name.
  const json = runCli(['plan', '--db', db, '--schema', 't.sql', '--json'], { cwd: dir });
  assert.ok(JSON.parse(json.stdout).changes.some((c) => c.object === `table ${hostile}`));
  // A SQL script or YAML file is exact when redirected, escaped on a terminal (`script` gives one).
  for (const args of [['inspect', '--db', db, '--format', 'sql'], ['inspect', '--db', db], ['plan', '--db', db, '--schema', 't.sql', '--sql']]) {
    const piped = runCli(args, { cwd: dir });
    assert.equal(piped.code, 0, piped.stderr);
    if (args.includes('sql') || args.includes('--sql')) assert.ok(piped.stdout.includes(hostile), `${args.join(' ')} piped: exact`);
    if (spawnSync('script', ['--version']).status === 0) {
      const tty = spawnSync('script', ['-qec', [process.execPath, cli, ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], { cwd: dir, encoding: 'utf8' });
      assert.equal(tty.status, 0, tty.stdout);
      assert.doesNotMatch(tty.stdout.replace(/\r\n/g, '\n'), raw, `${args.join(' ')} on a terminal`);
    }
  }
  // Errors that quote a name (stderr), NUL included: escaped.
  writeFileSync(join(dir, 'nul.yaml'), 'tables:\n  "a\\0b\\e[2J\\u202e":\n    columns:\n      id: {type: INTEGER, primaryKey: true}\n');
  const e = runCli(['plan', '--db', db, '--schema', 'nul.yaml'], { cwd: dir });
  assert.equal(e.code, 1);
  assert.doesNotMatch(e.stderr, raw);
  assert.match(e.stderr, /a\\x00b\\x1b\[2J\\u202e/);
  const ej = JSON.parse(runCli(['plan', '--db', db, '--schema', 'nul.yaml', '--json'], { cwd: dir }).stdout);
  assert.ok(ej.error.message.includes('a\u0000b\u001b[2J\u202e'), 'the JSON error message is exact');
});

test("17: colour on stderr follows stderr's TTY, not stdout's; NO_COLOR and --no-color still win", (t) => {
  if (spawnSync('script', ['--version']).status !== 0) { t.skip('util-linux `script` (a pseudo-terminal) is not installed'); return; }
  const dir = tempDir('liteform-tty-');
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  env.TERM = 'xterm';
  // `script` gives the command a terminal; a redirection inside takes one stream off it.
  const inTerminal = (shell, extraEnv = {}) => spawnSync('script', ['-qec', shell, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...env, ...extraEnv } });
  const q = (s) => `'${s}'`;
  const cmd = `${q(process.execPath)} ${q(cli)} status --db missing.db`;
  // stdout to a file, stderr on the terminal: the error is coloured.
  let r = inTerminal(`${cmd} > out.txt`);
  assert.match(r.stdout, /\u001b\[31merror:\u001b\[0m .*missing\.db/);
  // stdout on the terminal, stderr to a file: no colour in the error.
  r = inTerminal(`${cmd} 2> err.txt`);
  const err = readFileSync(join(dir, 'err.txt'), 'utf8');
  assert.match(err, /^error: .*missing\.db/);
  assert.doesNotMatch(err, /\u001b/);
  // On the terminal but NO_COLOR / --no-color: none.
  r = inTerminal(`${cmd} > out.txt`, { NO_COLOR: '1' });
  assert.match(r.stdout, /error: /);
  assert.doesNotMatch(r.stdout, /\u001b\[/);
  r = inTerminal(`${q(process.execPath)} ${q(cli)} --no-color status --db missing.db > out.txt`);
  assert.match(r.stdout, /error: /);
  assert.doesNotMatch(r.stdout, /\u001b\[/);
});

// ---------------------------------------------------------------- 18

test('18: check, status and baseline name the tables and columns that differ, never the internal change kinds', () => {
  const dir = project();
  // Someone changed the live database by hand: dropped email's NOT NULL by rebuilding, added a column and an index.
  const d = new Database(join(dir, 'app.db'));
  d.exec('ALTER TABLE users ADD COLUMN nickname TEXT; CREATE INDEX users_nick ON users (nickname); CREATE TABLE audit (id INTEGER PRIMARY KEY)');
  d.close();
  const kinds = /\b(Add|Drop|Modify|Rename|Reorder)(Column|Table|Index|Unique|Check|ForeignKey|PrimaryKey|Columns|Strict|WithoutRowid)\b/;
  const check = runCli(['check', '--db', 'app.db', '--dir', 'migrations', '--schema', 'app.sql'], { cwd: dir });
  assert.equal(check.code, 2, check.stderr);
  assert.match(check.stdout, /users\.nickname: column is not in the desired state/);
  assert.match(check.stdout, /users: index users_nick on users\(nickname\) is not in the desired state/);
  assert.match(check.stdout, /table audit is not in the desired state/);
  assert.doesNotMatch(check.stdout, kinds);
  const checkJson = JSON.parse(runCli(['check', '--db', 'app.db', '--dir', 'migrations', '--json'], { cwd: dir }).stdout);
  assert.ok(checkJson.problems.some((p) => p.includes('users.nickname: column is not in the desired state')));
  const status = runCli(['status', '--db', 'app.db', '--dir', 'migrations'], { cwd: dir });
  assert.match(status.stdout, /users\.nickname: column is not in the desired state/);
  assert.doesNotMatch(status.stdout, kinds);
  // baseline against a database whose columns differ from the version's.
  const legacy = join(dir, 'legacy.db');
  const l = new Database(legacy);
  l.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email INTEGER)');
  l.close();
  const before = sha(legacy);
  const e = jsonError(runCli(['baseline', '0001', '--db', 'legacy.db', '--dir', 'migrations', '--json'], { cwd: dir }), 'baseline');
  assert.match(e.message, /users\.name: column is not in the desired state/);
  assert.match(e.message, /users\.email: column differs \(INTEGER → TEXT NOT NULL\)/);
  assert.doesNotMatch(e.message, kinds);
  assert.equal(sha(legacy), before);
});
