// `restore` refuses while any other process uses the database — in WAL mode too, where BEGIN EXCLUSIVE
// does not block readers — and leaves the database and its -wal byte-identical. Once the other process
// is gone, the restore puts back exactly the backup's rows, and no -wal is left to bring newer rows
// back. Other processes are real `node` processes, synchronised through their stdin/stdout pipes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { root, runCli, tempDir } from './helpers/cases.mjs';

const { restoreBackup } = await import(join(root, 'dist', 'db', 'backup.js'));
const driver = createRequire(import.meta.url).resolve('better-sqlite3');

const hash = (f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : null);
/** The database file and its -wal: what a refused restore must leave exactly as it was (the -shm is shared memory, rewritten by every reader). */
const snapshot = (db) => ({ db: hash(db), wal: hash(`${db}-wal`) });

/**
 * A database holding rows 'backup-1', 'backup-2', a backup of it, then a newer row 'live-3' in the
 * database only.
 */
function setup(journalMode) {
  const dir = tempDir('liteform-restore-');
  const db = join(dir, 'app.db');
  const backup = join(dir, 'app-0001-backup.db');
  const d = new Database(db);
  d.pragma(`journal_mode = ${journalMode}`);
  d.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t (v) VALUES ('backup-1'), ('backup-2');");
  return d.backup(backup).then(() => {
    d.exec("INSERT INTO t (v) VALUES ('live-3')");
    d.close();
    return { dir, db, backup };
  });
}

/**
 * Another process using the database. `mode`: 'read' holds an open read transaction; 'idle' has read
 * once and sits with the connection open; 'crash' writes a row into the -wal and is killed before any
 * checkpoint. It prints one line when it is in that state, and (read/idle) ends when told to on stdin.
 */
async function otherProcess(db, mode) {
  const script = `
    const Database = require(${JSON.stringify(driver)});
    const db = new Database(${JSON.stringify(db)});
    db.pragma('wal_autocheckpoint = 0');
    db.exec("INSERT INTO t (v) VALUES ('other-4')");
    if (${JSON.stringify(mode)} === 'read') { db.exec('BEGIN'); db.prepare('SELECT count(*) FROM t').get(); }
    else db.prepare('SELECT count(*) FROM t').get();
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => { if (db.inTransaction) db.exec('COMMIT'); db.close(); process.stdout.write('closed\\n'); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  let out = '';
  child.stdout.on('data', (s) => { out += s; });
  while (!out.includes('ready\n')) await once(child.stdout, 'data');
  return {
    async end() {
      const exited = once(child, 'exit');
      child.stdin.write('end\n');
      const [code] = await exited;
      assert.equal(code, 0);
      assert.match(out, /closed/);
    },
    async kill() {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const rows = (db) => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT v FROM t ORDER BY id').all().map((r) => r.v);
  } finally {
    d.close();
  }
};
const journalMode = (db) => {
  const d = new Database(db);
  try {
    return d.pragma('journal_mode', { simple: true });
  } finally {
    d.close();
  }
};

async function assertRefused(db, backup) {
  const before = snapshot(db);
  await assert.rejects(restoreBackup(backup, db), (e) => e.code === 'LITEFORM_DB_LOCKED' && /another process is using the database/.test(e.message));
  assert.deepEqual(snapshot(db), before, 'API: database and -wal byte-identical');
  const r = runCli(['restore', backup, '--db', db]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /another process is using the database/);
  assert.match(r.stderr, /hint: stop the application/);
  assert.deepEqual(snapshot(db), before, 'CLI: database and -wal byte-identical');
}

for (const mode of ['read', 'idle']) {
  test(`WAL: restore refuses while another process has the database open (${mode === 'read' ? 'in a read transaction' : 'idle, after a read'}), then restores once it is gone`, async () => {
    const { db, backup } = await setup('WAL');
    const other = await otherProcess(db, mode);
    assert.ok(existsSync(`${db}-wal`) && readFileSync(`${db}-wal`).length > 0, 'the other process\'s row is in the -wal');
    try {
      await assertRefused(db, backup);
    } finally {
      await other.end();
    }
    assert.deepEqual(rows(db), ['backup-1', 'backup-2', 'live-3', 'other-4']);
    const r = runCli(['restore', backup, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(db), ['backup-1', 'backup-2'], 'exactly the backup\'s rows');
    assert.equal(journalMode(db), 'wal', 'the database stays in WAL mode');
    assert.equal(new Database(db, { readonly: true }).pragma('integrity_check', { simple: true }), 'ok');
  });
}

test('WAL: a -wal left by a killed process is not resurrected after the restore', async () => {
  const { db, backup } = await setup('WAL');
  const other = await otherProcess(db, 'idle');
  await other.kill();
  assert.ok(existsSync(`${db}-wal`) && readFileSync(`${db}-wal`).length > 0, 'the killed process left committed frames in the -wal');
  await restoreBackup(backup, db);
  assert.deepEqual(rows(db), ['backup-1', 'backup-2']);
  assert.ok(!existsSync(`${db}-wal`) || readFileSync(`${db}-wal`).length === 0, 'no -wal with old frames left beside the restored file');
  assert.deepEqual(rows(db), ['backup-1', 'backup-2'], 'still the backup\'s rows after reopening');
  assert.equal(journalMode(db), 'wal');
});

test('rollback journal: restore refuses while another process has a read transaction, then restores', async () => {
  const { db, backup } = await setup('DELETE');
  const other = await otherProcess(db, 'read');
  try {
    await assertRefused(db, backup);
  } finally {
    await other.end();
  }
  await restoreBackup(backup, db);
  assert.deepEqual(rows(db), ['backup-1', 'backup-2']);
  assert.equal(journalMode(db), 'delete', 'the database stays in rollback-journal mode');
});

test('a refused backup (not a database) leaves the live database untouched', async () => {
  const { dir, db } = await setup('WAL');
  const bogus = join(dir, 'bogus.db');
  const d = new Database(bogus);
  d.close();
  const before = snapshot(db);
  await assert.rejects(restoreBackup(bogus, db), (e) => e.code === 'LITEFORM_DB_OPEN');
  assert.deepEqual(snapshot(db), before);
  assert.equal(journalMode(db), 'wal');
});
