// Fleets of real database files for the fleet tests: a migrations directory (0001 init, 0002 adds a column
// and a CHECK that forces a rebuild) and tenants at chosen versions, drifted, data-breaking or corrupt.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { root } from './cases.mjs';

const dist = await import(join(root, 'dist', 'index.js'));

export const v1 = `CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0);
CREATE INDEX account_name ON account(name);
CREATE TABLE note (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES account(id), body TEXT);
`;
export const v2 = `CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0, CHECK (qty >= 0));
CREATE INDEX account_name ON account(name);
CREATE TABLE note (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES account(id), body TEXT, pinned INTEGER NOT NULL DEFAULT 0);
`;

/** Writes v1.sql, v2.sql and migrations/0001_init.sql, 0002_v2.sql into `dir`. */
export function makeProject(dir) {
  writeFileSync(join(dir, 'v1.sql'), v1);
  writeFileSync(join(dir, 'v2.sql'), v2);
  const migs = join(dir, 'migrations');
  dist.generateMigration({ schema: join(dir, 'v1.sql'), dir: migs, name: 'init' });
  dist.generateMigration({ schema: join(dir, 'v2.sql'), dir: migs, name: 'v2' });
  return migs;
}

/** A tenant at `version` ('0001' | '0002' | null: nothing applied, empty file made with --create semantics). */
export async function makeTenant(path, migs, version, rows = 3) {
  await dist.migrate({ db: path, dir: migs, to: version, backup: false, create: true });
  const db = new Database(path);
  const insert = db.prepare('INSERT INTO account (name, qty) VALUES (?, ?)');
  for (let i = 0; i < rows; i++) insert.run(`a${i}`, i);
  db.close();
}

export const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

export function historyOf(path) {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT version FROM _liteform_migrations ORDER BY version').all().map((r) => r.version);
  } finally {
    db.close();
  }
}

export function journalLines(cwd) {
  const dir = join(cwd, '.liteform', 'runs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  return files.map((f) => ({ id: f.replace(/\.jsonl$/, ''), lines: readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) }));
}

/**
 * Another process holding the write lock of `path` (a real better-sqlite3 BEGIN IMMEDIATE), until
 * release() closes its stdin. Resolves once the child says it holds the lock: no timing involved.
 */
export function holdWriteLock(path) {
  const code = `const D = require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))}); const db = new D(${JSON.stringify(path)}); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); process.stdin.resume(); process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('locked')) resolve({ release: () => new Promise((done) => { child.on('exit', done); child.stdin.end(); }) });
    });
  });
}

