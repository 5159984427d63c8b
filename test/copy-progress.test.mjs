// A rebuild's copy runs in rowid-ordered chunks inside the one transaction (issue 9 point 4): every row
// arrives once, with its rowid, whatever the rowids are (gaps, negative, beyond 2^53), and progress is
// reported after each chunk: to the API as events, on a TTY as a line, with --json as JSON lines on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { applyDatabase } from '../dist/api/apply-database.js';
import { COPY_CHUNK_ROWS } from '../dist/db/execute-plan.js';
import { runCli } from './helpers/cases.mjs';

const ROWS = 2 * COPY_CHUNK_ROWS + 17;

function seed(path) {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  db.exec('CREATE TABLE logs (msg TEXT, level TEXT, extra BLOB)');
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS - 3})
    INSERT INTO logs (rowid, msg, level) SELECT i * 3, 'm' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'warn' END FROM n`);
  // Rowids no counter would hand out: the smallest, a negative one, one beyond 2^53.
  db.prepare('INSERT INTO logs (rowid, msg) VALUES (?, ?), (?, ?), (?, ?)').run(-(2n ** 63n), 'min', -7n, 'neg', 2n ** 62n + 1n, 'huge');
  db.close();
}

/** A hash of every row of logs with its rowid; `level`: the expression read for the level (to predict a rebuild's fill). */
const content = (path, level = 'level') => {
  const db = new Database(path, { readonly: true });
  db.defaultSafeIntegers(true);
  const h = createHash('sha256');
  for (const r of db.prepare(`SELECT rowid AS r, msg, ${level} AS level FROM logs ORDER BY rowid`).iterate()) h.update(`${r.r}|${r.msg}|${r.level}\n`);
  db.close();
  return h.digest('hex');
};

test('the chunked copy keeps every row and rowid, and reports progress after each chunk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-chunks-'));
  try {
    const db = join(dir, 'app.db');
    seed(db);
    const schema = join(dir, 'desired.sql');
    writeFileSync(schema, "CREATE TABLE logs (msg TEXT, level TEXT NOT NULL DEFAULT 'info');\n");
    const expected = content(db, "IFNULL(level, 'info')");
    const events = [];
    const r = applyDatabase({ db, schema, allowDestructive: true, onProgress: (p) => events.push(p) });
    assert.deepEqual(r.plan.rebuilds.map((x) => x.table), ['logs']);
    assert.equal(content(db), expected, 'same rows, same rowids, NULL levels filled');
    assert.deepEqual(events.map((e) => e.rows), [0, COPY_CHUNK_ROWS, 2 * COPY_CHUNK_ROWS, ROWS]);
    assert.ok(events.every((e) => e.table === 'logs' && e.total === ROWS));
    const d = new Database(db, { readonly: true });
    assert.deepEqual(d.prepare('PRAGMA integrity_check').pluck().all(), ['ok']);
    d.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apply --json streams one progress event per line on stderr; stdout stays one JSON document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-chunks-cli-'));
  try {
    const db = join(dir, 'app.db');
    seed(db);
    const schema = join(dir, 'desired.sql');
    writeFileSync(schema, "CREATE TABLE logs (msg TEXT, level TEXT NOT NULL DEFAULT 'info');\n");
    const r = runCli(['apply', '--db', db, '--schema', schema, '--json', '--allow-destructive']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 'migrated');
    const events = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => [e.event, e.table, e.rows, e.total]), [0, COPY_CHUNK_ROWS, 2 * COPY_CHUNK_ROWS, ROWS].map((n) => ['copy-progress', 'logs', n, ROWS]));
    assert.equal(events.at(-1).etaMs, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A migrations directory whose first file creates `logs` as seed() does, and whose second rebuilds it (plan --dir). */
function migrationsCase(dir) {
  const db = join(dir, 'app.db');
  const m = join(dir, 'migrations');
  writeFileSync(join(dir, 'v1.sql'), 'CREATE TABLE logs (msg TEXT, level TEXT, extra BLOB);\n');
  writeFileSync(join(dir, 'v2.sql'), "CREATE TABLE logs (msg TEXT, level TEXT NOT NULL DEFAULT 'info');\n");
  for (const args of [['plan', 'init', '--dir', m, '--schema', join(dir, 'v1.sql')], ['baseline', '0001', '--db', db, '--dir', m]]) {
    if (args[0] === 'baseline') seed(db);
    const r = runCli(args, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  }
  const r = runCli(['plan', 'rebuild_logs', '--dir', m, '--schema', join(dir, 'v2.sql')], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const file = join(m, '0002_rebuild_logs.sql');
  return { db, m, file };
}

test('apply --dir runs the copy a file header names in chunks: every row and rowid kept, progress streamed with --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-chunks-dir-'));
  try {
    const { db, m, file } = migrationsCase(dir);
    const text = readFileSync(file, 'utf8');
    const directive = /^-- liteform:copy (.*)$/m.exec(text);
    assert.ok(directive, 'the generated file names its copy');
    assert.deepEqual(JSON.parse(directive[1]).slice(0, 2), ['logs', 'rowid']);
    const before = content(db, "IFNULL(level, 'info')");
    const r = runCli(['apply', '--db', db, '--dir', m, '--json', '--no-backup'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 'migrated');
    const events = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => [e.event, e.table, e.rows, e.total]), [0, COPY_CHUNK_ROWS, 2 * COPY_CHUNK_ROWS, ROWS].map((n) => ['copy-progress', 'logs', n, ROWS]));
    assert.equal(content(db), before, 'same rows, same rowids, NULL levels filled');
    const d = new Database(db, { readonly: true });
    assert.deepEqual(d.prepare('PRAGMA integrity_check').pluck().all(), ['ok']);
    d.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apply --dir runs a copy statement edited by hand as written, in one piece; migrate() reports the chunks of an unedited one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-chunks-edit-'));
  try {
    const { db, m, file } = migrationsCase(dir);
    const pristine = readFileSync(file, 'utf8');
    // Same directory, edited: the copy fills missing levels with 'none', and the edit is hashed as a review would.
    const edited = join(dir, 'edited');
    cpSync(m, edited, { recursive: true });
    const editedFile = join(edited, '0002_rebuild_logs.sql');
    const text = pristine.replace("IFNULL(\"level\", 'info')", "IFNULL(\"level\", 'none')");
    assert.notEqual(text, pristine, 'the copy statement was found and edited');
    writeFileSync(editedFile, text);
    assert.equal(runCli(['hash', '--dir', edited], { cwd: dir }).code, 0);
    const copy = join(dir, 'copy.db');
    cpSync(db, copy);
    const r = runCli(['apply', '--db', copy, '--dir', edited, '--json', '--no-backup'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('{')).length, 0, 'no chunked copy for an edited statement');
    const d = new Database(copy, { readonly: true });
    assert.equal(d.prepare("SELECT count(*) FROM logs WHERE level = 'none'").pluck().get(), Math.floor((ROWS - 3) / 5) + 3, 'the edited statement ran');
    assert.equal(d.prepare('SELECT count(*) FROM logs').pluck().get(), ROWS);
    d.close();
    const { migrate } = await import('../dist/api/migrate.js');
    const events = [];
    const result = await migrate({ db, dir: m, backup: false, onProgress: (p) => events.push(p.rows) });
    assert.equal(result.applied.length, 1);
    assert.deepEqual(events, [0, COPY_CHUNK_ROWS, 2 * COPY_CHUNK_ROWS, ROWS]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apply --dir runs a copy whole when its header line was edited (another rowid name or table), and keeps every row', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-chunks-header-'));
  try {
    const { db, m, file } = migrationsCase(dir);
    const text = readFileSync(file, 'utf8');
    const expected = content(db, "IFNULL(level, 'info')");
    // The hash kept as it was: `level` holds NULLs, which chunk bounds on it would never reach.
    const edited = text.replace('-- liteform:copy ["logs","rowid",', '-- liteform:copy ["logs","level",');
    assert.notEqual(edited, text, 'the copy line was found and edited');
    writeFileSync(file, edited);
    assert.equal(runCli(['hash', '--dir', m], { cwd: dir }).code, 0);
    const r = runCli(['apply', '--db', db, '--dir', m, '--json', '--no-backup'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('{')).length, 0, 'the statement ran whole');
    assert.equal(content(db), expected, 'every row kept, with its rowid');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A WITHOUT ROWID table keyed by (a NOCASE text, b integer), ROWS rows, with keys that differ only in case. */
function seedWithoutRowid(path) {
  const db = new Database(path);
  db.exec('CREATE TABLE kv (a TEXT COLLATE NOCASE, b INTEGER, v TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID');
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO kv (a, b, v) SELECT CASE WHEN i % 3 = 0 THEN 'K' || (i % 977) ELSE 'k' || (i % 977) END, i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'v' || i END FROM n`);
  db.close();
}

const kvContent = (path, v = 'v') => {
  const db = new Database(path, { readonly: true });
  const h = createHash('sha256');
  for (const r of db.prepare(`SELECT a, b, ${v} AS v FROM kv ORDER BY a COLLATE BINARY, b`).iterate()) h.update(`${r.a}|${r.b}|${r.v}\n`);
  db.close();
  return h.digest('hex');
};

test('a WITHOUT ROWID table is copied in chunks ordered by its PRIMARY KEY: every row once, direct apply and apply --dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-chunks-kv-'));
  try {
    const desired = "CREATE TABLE kv (a TEXT COLLATE NOCASE, b INTEGER, v TEXT NOT NULL DEFAULT '-', PRIMARY KEY (a, b)) WITHOUT ROWID;\n";
    writeFileSync(join(dir, 'v2.sql'), desired);
    // Direct apply.
    const direct = join(dir, 'direct.db');
    seedWithoutRowid(direct);
    const expected = kvContent(direct, "IFNULL(v, '-')");
    const events = [];
    const r = applyDatabase({ db: direct, schema: join(dir, 'v2.sql'), onProgress: (p) => events.push(p.rows) });
    assert.deepEqual(r.plan.rebuilds.map((x) => x.table), ['kv']);
    assert.equal(events.length >= 4 && events[0] === 0 && events.at(-1) === ROWS, true, JSON.stringify(events));
    assert.equal(kvContent(direct), expected);
    // A migration file: its copy line names the key columns, apply --dir streams the same chunks.
    const m = join(dir, 'migrations');
    writeFileSync(join(dir, 'v1.sql'), 'CREATE TABLE kv (a TEXT COLLATE NOCASE, b INTEGER, v TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;\n');
    const db = join(dir, 'app.db');
    seedWithoutRowid(db);
    for (const args of [['plan', 'init', '--dir', m, '--schema', join(dir, 'v1.sql')], ['baseline', '0001', '--db', db, '--dir', m], ['plan', 'fill', '--dir', m, '--schema', join(dir, 'v2.sql')]]) {
      const x = runCli(args, { cwd: dir });
      assert.equal(x.code, 0, x.stderr);
    }
    const line = /^-- liteform:copy (.*)$/m.exec(readFileSync(join(m, '0002_fill.sql'), 'utf8'));
    assert.deepEqual(JSON.parse(line[1]).slice(0, 2), ['kv', ['a', 'b']]);
    const x = runCli(['apply', '--db', db, '--dir', m, '--json', '--no-backup'], { cwd: dir });
    assert.equal(x.code, 0, x.stderr);
    const streamed = x.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).rows);
    assert.deepEqual(streamed, events, 'the same chunks as direct apply');
    assert.equal(kvContent(db), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
