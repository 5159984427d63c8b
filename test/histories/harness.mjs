// Replays a real project's SQLite migration history through liteform (issue 13): for each migration k,
// current = the schema after k-1 (built as the application's SQLite builds it, seeded with rows),
// desired = the schema after k as a .sql file (sqlite_schema's text, in creation order); liteform
// applies desired to current, and the transition passes when the result is PRAGMA-equal to a database
// built from desired, every row of every table in both is kept (values of the columns in both), no new
// foreign key violation appears, integrity_check is ok and a second plan is empty.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execAsDefaultSqlite, runCli } from '../helpers/cases.mjs';
import { splitStatements } from '../../dist/model/split-statements.js';
import { runAsDefaultBuild } from '../../dist/db/scratch.js';
import { applyDatabase } from '../../dist/api/apply-database.js';
import { planDatabase } from '../../dist/api/plan-database.js';
import { inspect } from '../../dist/api/inspect.js';
import { pragmaShape } from '../helpers/pragma-shape.mjs';

const lc = (s) => s.toLowerCase();
const q = (s) => `"${String(s).replace(/"/g, '""')}"`;

/** The migration files of a history directory, in order (NNNN__name.sql). */
export function loadHistory(dir) {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => ({ name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** The schema as a .sql file: sqlite_schema's text, tables then indexes, views, triggers, each in creation order. */
export function schemaText(db) {
  const rank = { table: 0, index: 1, view: 2, trigger: 3 };
  // (the shadow tables of a virtual table are the module's: its CREATE VIRTUAL TABLE makes them)
  const shadow = new Set(db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'`).pluck().all());
  const rows = db.prepare(`SELECT type, name, sql, rowid AS r FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'`).all().filter((r) => !shadow.has(r.name));
  rows.sort((a, b) => rank[a.type] - rank[b.type] || a.r - b.r);
  return rows.map((r) => `${r.sql};\n`).join('');
}

function snapshotData(db) {
  const tables = db.prepare(`SELECT name, wr FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_liteform_%'`).all();
  const out = {};
  for (const t of tables) out[lc(t.name)] = db.prepare(`SELECT * FROM ${q(t.name)} ORDER BY ${t.wr ? '1' : 'rowid'}`).raw(false).all();
  return out;
}

function fkViolations(db) {
  const tables = new Set(db.prepare(`SELECT lower(name) FROM pragma_table_list WHERE type = 'table'`).pluck().all());
  return db.prepare('PRAGMA foreign_key_check').all().filter((v) => tables.has(lc(v.parent))).map((v) => `${lc(v.table)}#${v.rowid}>${lc(v.parent)}`);
}

// ---------------------------------------------------------------------------------------------
// Building a state as the application's SQLite would, with rows

/**
 * Builds `schema` (a .sql text) in a fresh file as a default build would, seeded by `seed` before the
 * text is stored as written (our SQLITE_DQS=0 build cannot fire a trigger or check a CHECK that holds
 * a "…" string once it is stored as written). Returns the seeder's notes.
 */
function buildSeeded(path, schema, rowsPerTable) {
  const db = new Database(path);
  const ran = splitStatements(schema).map((st) => ({ written: st.sql, ran: runAsDefaultBuild(db, st.sql) }));
  const notes = seed(db, rowsPerTable);
  const version = db.pragma('schema_version', { simple: true });
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  const norm = (s) => s.trim().replace(/;+\s*$/, '').trim();
  for (const { ran: r, written } of ran) if (r !== written) db.prepare('UPDATE sqlite_schema SET sql = ? WHERE sql = ?').run(norm(written), norm(r));
  db.pragma(`schema_version = ${version + 1}`);
  db.pragma('writable_schema = RESET');
  db.unsafeMode(false);
  db.close();
  return notes;
}

/** Values from `col IN (…)` lists in a table's SQL (the simple CHECKs real schemas write). */
function inLists(tableSql) {
  const out = new Map();
  const re = /["`[]?(\w+)["`\]]?\s+IN\s*\(([^()]*)\)/gi;
  for (let m; (m = re.exec(tableSql)); ) {
    const vals = m[2].split(',').map((v) => v.trim()).filter(Boolean).map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v.replace(/^['"]|['"]$/g, '')));
    out.set(lc(m[1]), vals);
  }
  return out;
}

function valueFor(col, i, salt) {
  const t = (col.type ?? '').toUpperCase();
  const n = salt * 100 + i + 1;
  if (/INT/.test(t)) return n;
  if (/CHAR|CLOB|TEXT/.test(t)) return `${col.name}_${n}`;
  if (/BLOB/.test(t) || t === '') return t === '' ? `${col.name}_${n}` : Buffer.from(`b${n}`);
  if (/REAL|FLOA|DOUB/.test(t)) return n + 0.5;
  if (/BOOL/.test(t)) return i % 2;
  return n; // NUMERIC, DATE, TIMESTAMP, …
}

/** A few rows per table: parents first, foreign keys from existing parent keys; tables it cannot seed are named. */
export function seed(db, rowsPerTable = 3) {
  db.pragma('foreign_keys = ON');
  const plain = new Set(db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`).pluck().all());
  const tables = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all().filter((t) => plain.has(t.name));
  const fks = new Map(tables.map((t) => [t.name, db.prepare('SELECT * FROM pragma_foreign_key_list(?)').all(t.name)]));
  // A parent the schema lacks, left by `ALTER TABLE x RENAME TO x_old`: the rows point at x's keys.
  const bare = (n) => lc(n).replace(/old|_/g, '').replace(/s$/, '');
  const twinOf = (missing) => tables.find((t) => bare(t.name) === bare(missing))?.name ?? null;
  const done = new Set();
  const order = [];
  const visit = (name, stack = new Set()) => {
    if (done.has(name) || stack.has(name)) return;
    stack.add(name);
    for (const f of fks.get(name) ?? []) {
      const parent = fks.has(f.table) ? f.table : twinOf(f.table);
      if (parent && parent !== name) visit(parent, stack);
    }
    done.add(name);
    order.push(name);
  };
  tables.forEach((t) => visit(t.name));
  const skipped = [];
  order.forEach((name, salt) => {
    const sql = tables.find((t) => t.name === name).sql;
    const lists = inLists(sql);
    const cols = db.prepare('SELECT * FROM pragma_table_xinfo(?)').all(name).filter((c) => c.hidden === 0);
    const pkCols = cols.filter((c) => c.pk > 0);
    const rowidAlias = pkCols.length === 1 && /^INTEGER$/i.test(pkCols[0].type) && !/WITHOUT\s+ROWID\s*$/i.test(sql);
    const fkOf = new Map();
    for (const f of fks.get(name) ?? []) fkOf.set(lc(f.from), f);
    const parentValues = (f) => {
      if (!fks.has(f.table) && !tables.some((t) => lc(t.name) === lc(f.table))) {
        const twin = twinOf(f.table);
        return twin ? parentValues({ ...f, table: twin, to: f.to }) : null;
      }
      const to = f.to ?? db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk = 1').pluck().get(f.table) ?? 'rowid';
      try { return db.prepare(`SELECT ${q(to)} FROM ${q(f.table)} ORDER BY rowid`).pluck().all(); } catch { return null; }
    };
    let inserted = 0;
    let lastError = '';
    for (let i = 0; i < rowsPerTable; i++) {
      const attempts = [];
      const row = {};
      for (const c of cols) {
        if (rowidAlias && c.pk === 1) continue;
        const f = fkOf.get(lc(c.name));
        if (f) {
          const vals = f.table === name ? [] : parentValues(f);
          if (vals && vals.length) row[c.name] = vals[i % vals.length];
          else if (vals === null) row[c.name] = valueFor(c, i, salt); // a parent the schema lacks: any value
          else if (!c.notnull) row[c.name] = null;
          else row[c.name] = undefined; // cannot: try without it
          continue;
        }
        const list = lists.get(lc(c.name));
        row[c.name] = list ? list[i % list.length] : valueFor(c, i, salt);
      }
      attempts.push(row);
      // then: columns with a default take it, nullable ones NULL
      attempts.push(Object.fromEntries(Object.entries(row).filter(([k]) => cols.find((c) => c.name === k).dflt_value === null)));
      attempts.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cols.find((c) => c.name === k).notnull ? v : null])));
      let ok = false;
      // A foreign key to a table the schema no longer has (left by ALTER TABLE … RENAME TO): the
      // application's rows went in before it dangled, so these go in with enforcement off.
      const dangling = (fks.get(name) ?? []).some((f) => !tables.some((t) => lc(t.name) === lc(f.table)));
      if (dangling) db.pragma('foreign_keys = OFF');
      for (const a of attempts) {
        const entries = Object.entries(a).filter(([, v]) => v !== undefined);
        const text = entries.length
          ? `INSERT INTO ${q(name)} (${entries.map(([k]) => q(k)).join(', ')}) VALUES (${entries.map(() => '?').join(', ')})`
          : `INSERT INTO ${q(name)} DEFAULT VALUES`;
        try {
          db.prepare(text).run(...entries.map(([, v]) => v));
          ok = true;
          break;
        } catch (e) { lastError = e.message; }
      }
      if (dangling) db.pragma('foreign_keys = ON');
      if (ok) inserted++;
    }
    if (inserted === 0) skipped.push(`${name}: ${lastError}`);
  });
  db.pragma('foreign_keys = OFF');
  return skipped;
}

// ---------------------------------------------------------------------------------------------
// The replay

/**
 * Replays `migrations` ([{ name, sql }]) and checks every transition k-1 → k (k ≥ 2; the first builds
 * the initial schema). `workDir`: a temp dir. `cli`: run the CLI (else the API in-process).
 * `from`/`to`: 1-based range of transitions to check. `desiredAs`: 'sql' (the text as written), 'yaml' or
 * 'inspected-sql' (what `liteform inspect` writes from a database built from it). `hintsAlways`: a
 * transition that passes though its migration renamed is run again with the rename hints too
 * (result.hinted: 'ok' or why not). Returns one result per transition.
 */
export function replay(migrations, { workDir, cli = false, rowsPerTable = 3, from = 2, to = Infinity, onResult, desiredAs = 'sql', hintsAlways = false } = {}) {
  const build = new Database(':memory:');
  const schemas = [];
  const results = [];
  for (let k = 1; k <= migrations.length; k++) {
    const m = migrations[k - 1];
    try {
      execAsDefaultSqlite(build, m.sql);
    } catch (e) {
      // The history itself does not replay here (a statement our build or the harness cannot run).
      const r = { k, name: m.name, status: 'not-replayed', reason: `replay: ${e.message.split('\n')[0]}` };
      results.push(r);
      onResult?.(r);
      schemas.push(schemaText(build));
      continue;
    }
    schemas.push(schemaText(build));
    if (k < from || k > to || k === 1) continue;
    const current = schemas[k - 2];
    const desired = schemas[k - 1];
    let r = current === desired ? { k, name: m.name, status: 'no-schema-change' } : transition(current, desired, m, k, workDir, cli, rowsPerTable, null, desiredAs);
    if (r.status === 'failed') {
      // The real migration renamed, or filled a new column with an UPDATE: again with liteform's hints
      // (`-- @renamed from=…`, `-- @backfill …`); passing then is "needs a hint".
      const backfills = backfillsOf(current, m.sql);
      const hints = withRenameHints(desired, m.sql, backfills);
      if (hints?.wrote) {
        const h = transition(current, desired, m, k, workDir, cli, rowsPerTable, hints.text, 'sql', hints.tables);  // (hints: SQL only)
        r = h.status === 'ok' ? { ...h, needsHint: true, backfilled: backfills.length > 0, withoutHint: r.reason } : { ...r, withHint: h.reason, unwritableHints: hints.unwritable };
      } else if (hints?.unwritable.length) r = { ...r, unwritableHints: hints.unwritable };
    } else if (r.status === 'ok' && hintsAlways) {
      // Passed without hints, but the migration renamed: the hinted run must keep the rows under their new names.
      const hints = withRenameHints(desired, m.sql);
      if (hints?.wrote) {
        const h = transition(current, desired, m, k, workDir, cli, rowsPerTable, hints.text, 'sql', hints.tables);
        r = { ...r, hinted: h.status === 'ok' ? 'ok' : h.reason };
      }
    }
    results.push(r);
    onResult?.(r);
  }
  build.close();
  return results;
}

/**
 * The renames the real migration made (`ALTER TABLE t RENAME COLUMN a TO b`, and `ALTER TABLE a RENAME
 * TO b` when a is gone from the desired state and b kept), written into the desired text as liteform's
 * hints (`-- @renamed from=a` on the line of b). Returns null when there is none, and names the
 * renames it could not write (a column that shares its line with another).
 */
export function withRenameHints(desired, migrationSql, backfills = []) {
  const word = '["`\\[]?([\\w$]+)["`\\]]?';
  const renames = [];
  for (const m of migrationSql.matchAll(new RegExp(`ALTER\\s+TABLE\\s+${word}\\s+RENAME\\s+(?:COLUMN\\s+)?${word}\\s+TO\\s+${word}`, 'gi'))) renames.push({ table: m[1], from: m[2], to: m[3] });
  for (const m of migrationSql.matchAll(new RegExp(`ALTER\\s+TABLE\\s+${word}\\s+RENAME\\s+TO\\s+${word}`, 'gi'))) renames.push({ table: null, from: m[1], to: m[2] });
  renames.push(...backfills);
  if (!renames.length) return null;
  const statements = desired.split(/;\n/);
  const unwritable = [];
  const suffix = statements.map(() => '');
  const tables = {};
  const tableIndex = (name) => statements.findIndex((st) => new RegExp(`^CREATE\\s+TABLE\\s+${word.replace('([\\w$]+)', name.replace(/\$/g, '\\$'))}\\s*\\(`, 'i').test(st.trim()));
  let wrote = 0;
  for (const r of renames) {
    if (r.table === null) {
      if (tableIndex(r.from) >= 0 || tableIndex(r.to) < 0) continue; // the rename-rebuild-drop idiom, not a rename
      const i = tableIndex(r.to);
      statements[i] = statements[i].replace(/\(/, '( -- @renamed from=' + r.from + '\n');
      tables[lc(r.from)] = lc(r.to);
      wrote++;
      continue;
    }
    const i = tableIndex(r.table);
    if (i < 0) continue;
    const lines = statements[i].split('\n');
    const at = lines.findIndex((l, n) => n > 0 && new RegExp(`^\\s*,?\\s*${word.replace('([\\w$]+)', r.to)}\\s`, 'i').test(l));
    const last = lines.length - 1;
    if (at < 0 && new RegExp(`,\\s*${word.replace('([\\w$]+)', r.to)}\\s[^,]*\\)\\s*$`, 'i').test(lines[last])) {
      suffix[i] = ` -- ${r.hint ?? `@renamed from=${r.from}`}`; // the last column, on a line holding others (ADD COLUMN writes them so)
      wrote++;
      continue;
    }
    if (at < 0 || lines[at].split(',').filter((x) => /\w+\s+\w+/.test(x)).length > 1 && !/\)\s*$/.test(lines[at])) { unwritable.push(`${r.table}.${r.from}→${r.to}`); continue; }
    // (on the statement's last line the hint goes after its `;`, where a comment can follow it)
    if (at === lines.length - 1) suffix[i] = ` -- ${r.hint ?? `@renamed from=${r.from}`}`;
    else lines[at] = `${lines[at]} -- ${r.hint ?? `@renamed from=${r.from}`}`;
    statements[i] = lines.join('\n');
    wrote++;
  }
  return { text: statements.map((st, i) => (i < statements.length - 1 ? `${st};${suffix[i]}` : st)).join('\n'), wrote, unwritable, tables };
}

/**
 * The values the real migration gave a column new to its table (`UPDATE t SET c = <expr> [WHERE …]`),
 * as liteform's `-- @backfill <expr>` hints (issue 13 class 5), for withRenameHints to write.
 */
export function backfillsOf(current, migrationSql) {
  const db = new Database(':memory:');
  try {
    execAsDefaultSqlite(db, current);
    const out = [];
    for (const m of migrationSql.matchAll(/UPDATE\s+["`]?(\w+)["`]?\s+SET\s+["`]?(\w+)["`]?\s*=\s*([^;]+?)\s*(?:\bWHERE\b[^;]*)?;/gi)) {
      const [, table, column, expr] = m;
      if (/\bSELECT\b|,\s*["`]?\w+["`]?\s*=/i.test(expr)) continue; // a subquery, or several columns set at once
      const has = db.prepare('SELECT count(*) FROM pragma_table_info(?) WHERE lower(name) = lower(?)').pluck().get(table, column);
      if (!has) out.push({ table, from: null, to: column, hint: `@backfill ${expr.replace(/\s+/g, ' ')}` });
    }
    return out;
  } finally {
    db.close();
  }
}

const renameInMigration = (sql) => /\bRENAME\s+(COLUMN\s+)?\S+\s+TO\b|\bRENAME\s+TO\b/i.test(sql);

export function transition(current, desired, m, k, workDir, cli, rowsPerTable, hinted = null, desiredAs = 'sql', tableRenames = {}) {
  const base = join(workDir, `t${String(k).padStart(4, '0')}${hinted ? 'h' : ''}`);
  const dbPath = `${base}.db`;
  let desiredPath = `${base}.desired.sql`;
  writeFileSync(`${base}.current.sql`, current);
  writeFileSync(`${base}.desired.sql`, hinted ?? desired);
  if (desiredAs !== 'sql') {
    // The desired state as `liteform inspect` writes it from a database built from desired.sql.
    const built = new Database(`${base}.desired.db`);
    try {
      execAsDefaultSqlite(built, desired);
    } finally {
      built.close();
    }
    desiredPath = `${base}.desired.${desiredAs === 'yaml' ? 'yaml' : 'inspected.sql'}`;
    writeFileSync(desiredPath, inspect({ db: `${base}.desired.db`, format: desiredAs === 'yaml' ? 'yaml' : 'sql' }).text);
  }
  const result = { k, name: m.name, status: 'ok', skippedSeed: [] };
  try {
    result.skippedSeed = buildSeeded(dbPath, current, rowsPerTable);
  } catch (e) {
    return { ...result, status: 'not-replayed', reason: `current: ${e.message.split('\n')[0]}` };
  }
  let db = new Database(dbPath);
  const before = snapshotData(db);
  const fkBefore = new Set(fkViolations(db));
  db.close();
  try {
    if (cli === 'migrations') {
      // The migrations workflow: a first file that builds current (recorded with `baseline`), then
      // `plan` writes the transition's file and `apply` runs it.
      const dir = `${base}.migrations`;
      mkdirSync(dir);
      const steps = [
        ['plan', '--db', dbPath, '--schema', `${base}.current.sql`, '--dir', dir, 'base'],
        ['baseline', '0001', '--db', dbPath, '--dir', dir],
        ['plan', '--db', dbPath, '--schema', desiredPath, '--dir', dir, 'step'],
        ['apply', '--db', dbPath, '--dir', dir, '--no-backup'],
      ];
      for (const args of steps) {
        const r = runCli(args);
        if (r.code !== 0) return { ...result, status: 'failed', reason: `${args[0]} (migrations): ${(r.stderr || r.stdout).split('\n').slice(0, 2).join(' ')}` };
      }
    } else if (cli) {
      const r = runCli(['apply', '--db', dbPath, '--schema', desiredPath, '--allow-destructive']);
      if (r.code !== 0) return { ...result, status: 'failed', reason: `apply: ${(r.stderr || r.stdout).split('\n')[0]}` };
    } else {
      applyDatabase({ db: dbPath, schema: desiredPath, allowDestructive: true });
    }
  } catch (e) {
    return { ...result, status: 'failed', reason: `apply: ${e.code ?? ''} ${e.message.split('\n')[0]}`.trim() };
  }
  const problems = [];
  db = new Database(dbPath);
  const fresh = new Database(':memory:');
  try {
    execAsDefaultSqlite(fresh, desired);
    const a = JSON.stringify(pragmaShape(db)), b = JSON.stringify(pragmaShape(fresh));
    if (a !== b) problems.push(`pragma: ${firstDifference(pragmaShape(db), pragmaShape(fresh))}`);
  } catch (e) {
    problems.push(`pragma: ${e.message.split('\n')[0]}`);
  }
  fresh.close();
  const after = snapshotData(db);
  for (const [t, rows] of Object.entries(before)) {
    const got = after[tableRenames[t] ?? t];
    if (!got) continue;
    if (got.length !== rows.length) { problems.push(`rows: ${t} had ${rows.length}, has ${got.length}`); continue; }
    rows.forEach((row, i) => {
      for (const [col, v] of Object.entries(row)) {
        const key = Object.keys(got[i]).find((x) => lc(x) === lc(col));
        if (key === undefined) continue;
        const now = got[i][key];
        if (String(now) !== String(v) && !(Buffer.isBuffer(v) && Buffer.isBuffer(now) && v.equals(now))) problems.push(`rows: ${t}.${col} row ${i + 1}: ${v} → ${now}`);
      }
    });
  }
  const newFk = fkViolations(db).filter((v) => !fkBefore.has(v));
  if (newFk.length) problems.push(`foreign_key_check: ${newFk.slice(0, 3).join(', ')}`);
  const ic = db.pragma('integrity_check', { simple: true });
  if (ic !== 'ok') problems.push(`integrity_check: ${ic}`);
  db.close();
  try {
    const again = cli ? JSON.parse(runCli(['plan', '--db', dbPath, '--schema', desiredPath, '--json']).stdout).changes : planDatabase({ db: dbPath, schema: desiredPath }).changes;
    if (again.length) problems.push(`second plan: ${again.length} change(s): ${JSON.stringify(again[0]).slice(0, 300)}`);
  } catch (e) {
    problems.push(`second plan: ${e.message.split('\n')[0]}`);
  }
  if (problems.length) return { ...result, status: 'failed', reason: problems[0], problems };
  return renameInMigration(m.sql) ? { ...result, status: 'ok', needsHint: true } : result;
}

function firstDifference(a, b, path = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: got ${JSON.stringify(a)}, want ${JSON.stringify(b)}`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return `${path}: differs`;
}
