// Every scenario case: migrate a seeded `current` to `desired` with the real CLI, then check the
// five pass conditions of cases/README.md: schema equals desired, every row survived, sqlite_sequence
// not lowered and FK/integrity checks clean, probes pass, and a second plan is empty.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { basename, dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { allCases, buildCurrent, execAsDefaultSqlite, read, runCli, tempDir } from './helpers/cases.mjs';
import { introspect } from '../dist/db/introspect.js';
import { loadSqlSchemaFile } from '../dist/schema-file/sql-file.js';
import { loadDesired } from '../dist/schema-file/load-desired.js';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { pragmaShape } from './helpers/pragma-shape.mjs';

const lc = (s) => s.toLowerCase();

function snapshotData(db) {
  const tables = db.prepare(`SELECT name, wr FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_liteform_%'`).all();
  const out = {};
  for (const t of tables) {
    const order = t.wr ? '' : ' ORDER BY rowid';
    const sel = t.wr ? '*' : 'rowid AS __rowid, *';
    out[lc(t.name)] = db.prepare(`SELECT ${sel} FROM "${t.name.replace(/"/g, '""')}"${order}`).all();
  }
  return out;
}

function sequences(db) {
  const has = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name='sqlite_sequence'`).get();
  if (!has) return {};
  return Object.fromEntries(db.prepare('SELECT name, seq FROM sqlite_sequence').all().map((r) => [lc(r.name), r.seq]));
}

function checkRows(before, after, renames, desiredModel) {
  for (const [oldName, rows] of Object.entries(before)) {
    const newName = lc(renames.tables?.[oldName] ?? Object.entries(renames.tables ?? {}).find(([o]) => lc(o) === oldName)?.[1] ?? oldName);
    const table = desiredModel.tables.find((t) => lc(t.name) === newName);
    if (!table) continue; // dropped on purpose
    const got = after[newName];
    assert.ok(got, `table ${newName} exists after migrating`);
    assert.equal(got.length, rows.length, `table ${newName} keeps its ${rows.length} rows`);
    const colRenames = Object.fromEntries(Object.entries(renames.columns ?? {}).filter(([k]) => lc(k.split('.')[0]) === oldName || lc(k.split('.')[0]) === newName).map(([k, v]) => [lc(k.split('.')[1]), lc(v)]));
    rows.forEach((row, i) => {
      for (const [col, value] of Object.entries(row)) {
        const target = colRenames[lc(col)] ?? lc(col);
        const column = col === '__rowid' ? null : table.columns.find((c) => lc(c.name) === target);
        if (col !== '__rowid' && !column) continue;
        if (col === '__rowid' && got[i].__rowid === undefined) continue;
        const key = col === '__rowid' ? '__rowid' : Object.keys(got[i]).find((k) => lc(k) === target);
        const now = got[i][key];
        if (value === null && column?.notNull && column.default !== null) continue; // backfilled with the default
        if (column?.generated) continue;
        assert.equal(String(now), String(value), `${newName}.${target} row ${i + 1}: ${value} → ${now}`);
      }
    });
  }
}

/** A fresh database built from a desired .sql file as the application's SQLite would build it. */
function buildDesired(sqlFile) {
  const db = new Database(':memory:');
  execAsDefaultSqlite(db, read(dirname(sqlFile), basename(sqlFile)));
  return db;
}

function runProbes(db, probes) {
  for (const p of probes) {
    const stmts = p.sql.split(';').map((s) => s.trim()).filter(Boolean);
    const run = () => {
      let rows = [];
      for (const s of stmts) {
        const st = db.prepare(s);
        if (st.reader) rows = st.all();
        else st.run();
      }
      return rows;
    };
    if (p.expectError) {
      assert.throws(run, (e) => e.message.includes(p.expectError), `probe: ${p.why}`);
    } else {
      assert.deepEqual(run().map((r) => ({ ...r })), p.expect, `probe: ${p.why}`);
    }
  }
}

for (const c of allCases()) {
  describe(`scenario ${c.origin}/${c.name}`, () => {
    for (const format of ['sql', 'yaml']) {
      const schemaFile = join(c.dir, `desired.${format}`);
      const yamlTwin = join('test', 'fixtures', 'cases', c.name, 'desired.yaml');
      const file = format === 'sql' ? schemaFile : existsSync(schemaFile) ? schemaFile : yamlTwin;
      if (!existsSync(file)) continue;
      test(`migrates current → desired.${format}`, () => {
        const dir = tempDir();
        const dbPath = join(dir, 'app.db');
        buildCurrent(c, dbPath);
        let db = new Database(dbPath);
        const before = snapshotData(db);
        const seqBefore = sequences(db);
        db.close();

        const r = runCli(['apply', '--db', dbPath, '--schema', file, '--allow-destructive']);
        assert.equal(r.code, 0, `apply failed: ${r.stderr}\n${r.stdout}`);

        db = new Database(dbPath);
        const desired = loadSqlSchemaFile(join(c.dir, 'desired.sql'));
        // 1. the schema equals a fresh database built from the desired file (exactly, text included),
        //    and is equivalent to the one desired.sql builds
        assert.deepEqual(introspect(db), loadDesired(file).model);
        assert.deepEqual(diffSchemas(introspect(db), desired.model), []);
        //    and PRAGMA says the same about it as about a database built from desired.sql
        const fresh = buildDesired(join(c.dir, 'desired.sql'));
        assert.deepEqual(pragmaShape(db), pragmaShape(fresh), 'PRAGMA table_xinfo / foreign_key_list / index_list / index_xinfo');
        fresh.close();
        // 2. every row survived
        const renames = JSON.parse(read(c.dir, 'renames.json') ?? '{}');
        checkRows(before, snapshotData(db), renames, desired.model);
        // 3. sqlite_sequence not lowered; FK and integrity checks clean
        const seqAfter = sequences(db);
        for (const [t, seq] of Object.entries(seqBefore)) {
          const nt = lc(renames.tables?.[t] ?? t);
          if (desired.model.tables.some((x) => lc(x.name) === nt)) assert.ok((seqAfter[nt] ?? 0) >= seq, `sqlite_sequence for ${nt} kept ${seq}, got ${seqAfter[nt]}`);
        }
        // (a foreign key to a table the desired state does not have is the schema's own violation: kept and reported)
        const tables = new Set(db.prepare(`SELECT lower(name) FROM pragma_table_list WHERE type = 'table'`).pluck().all());
        assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all().filter((v) => tables.has(lc(v.parent))), []);
        assert.deepEqual(db.pragma('integrity_check', { simple: true }), 'ok');
        // 4. probes
        runProbes(db, JSON.parse(read(c.dir, 'probe.json') ?? '[]'));
        db.close();
        // 5. planning again gives an empty plan
        const again = runCli(['plan', '--db', dbPath, '--schema', file, '--json']);
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(JSON.parse(again.stdout).changes, []);
      });
    }
  });
}
