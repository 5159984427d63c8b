// Scenario cases: ../shared/cases (when present beside the clone) and the project's own test/fixtures/cases.
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { splitStatements } from '../../dist/model/split-statements.js';
import { runAsDefaultBuild } from '../../dist/db/scratch.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'dist', 'cli', 'main.js');

const sharedDir = process.env.LITEFORM_SHARED_CASES ?? join(root, '..', 'shared', 'cases');
const ownDir = join(root, 'test', 'fixtures', 'cases');

function list(dir, origin) {
  if (!existsSync(dir)) return [];
  // Sorted: readdir's order depends on the file system, and every clone should run the cases in one order.
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'desired.sql')))
    .map((d) => ({ name: d.name, dir: join(dir, d.name), origin }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const sharedCases = () => list(sharedDir, 'shared');
export const ownCases = () => list(ownDir, 'fixtures');
/** Shared cases when present, plus the project's own fixtures (a fixture copying a shared case by name is used only without ../shared). */
export const allCases = () => {
  const shared = sharedCases();
  const names = new Set(shared.map((c) => c.name));
  return [...shared, ...ownCases().filter((c) => !names.has(c.name))];
};

export function read(dir, file) {
  const p = join(dir, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

export function tempDir(prefix = 'liteform-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Builds `current` (from current.sql, as the application's SQLite would: execAsDefaultSqlite) in a temp file and seeds it. */
export function buildCurrent(c, dbPath) {
  const db = new Database(dbPath);
  // Seeded before the text is stored as written: our build cannot run a trigger that holds a "…" string.
  const ran = runAsDefaultSqlite(db, read(c.dir, 'current.sql'));
  const seed = read(c.dir, 'seed-data.sql');
  if (seed) db.exec(seed);
  storeAsWritten(db, ran);
  db.close();
}

/**
 * The environment for a spawned CLI: this process's, without LITEFORM_* settings (a LITEFORM_DB or
 * LITEFORM_BUSY_TIMEOUT in the shell that runs the suite must not change what a test does), without
 * colour, plus `extra`.
 */
export function cliEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LITEFORM_')));
  return { ...env, NO_COLOR: '1', ...extra };
}

export function runCli(args, opts = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: cliEnv(opts.env), cwd: opts.cwd ?? root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { execFileSync };

/**
 * Runs a schema script in `db` as the application's SQLite (a default build, DQS on) would: our
 * better-sqlite3 is built with SQLITE_DQS=0, so a statement it refuses for a "…" string runs with
 * liteform's rewrite of those strings (src/model/double-quoted-strings.ts); everything else as written.
 * The database then holds the text as written, as the application's build stores it: the object's
 * `sqlite_schema.sql` is set back to the original statement (writable_schema, as the file would look
 * had the application's SQLite created it). Returns the statements as run.
 */
export function execAsDefaultSqlite(db, sql) {
  const ran = runAsDefaultSqlite(db, sql);
  storeAsWritten(db, ran);
  return ran.map((r) => r.ran);
}

function runAsDefaultSqlite(db, sql) {
  return splitStatements(sql).map((st) => ({ ran: runAsDefaultBuild(db, st.sql), written: st.sql }));
}

/** Sets the sqlite_schema text of every statement that ran rewritten back to the statement as written. */
function storeAsWritten(db, statements) {
  for (const { ran, written } of statements) if (ran !== written) storeOneAsWritten(db, stored(ran), stored(written));
}

/** The text SQLite keeps in sqlite_schema for a CREATE statement (no trailing semicolon or space). */
function stored(sql) {
  return sql.trim().replace(/;+\s*$/, '').trim();
}

function storeOneAsWritten(db, ran, written) {
  const version = db.pragma('schema_version', { simple: true });
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    const n = db.prepare('UPDATE sqlite_schema SET sql = ? WHERE sql = ?').run(written, ran).changes;
    if (n !== 1) throw new Error(`execAsDefaultSqlite: ${n} sqlite_schema rows hold ${ran}`);
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = RESET');
  } finally {
    db.unsafeMode(false);
  }
}

/** The script as our SQLITE_DQS=0 build can run it (see execAsDefaultSqlite): the same schema, "…" strings spelled '…'. */
export function defaultBuildScript(sql) {
  const db = new Database(':memory:');
  try {
    return execAsDefaultSqlite(db, sql).join(';\n');
  } finally {
    db.close();
  }
}
