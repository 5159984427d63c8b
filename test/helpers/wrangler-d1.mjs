/**
 * `wrangler d1 migrations apply --local`, mirrored from workers-sdk (packages/wrangler/src/d1/migrations/apply.ts,
 * helpers.ts, d1/execute.ts executeLocally): the migrations table is created first
 * (`CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
 * applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`), applied names are read `ORDER BY id`, every `.sql`
 * file of the directory not among them is applied in the order of its number: its text with
 * `INSERT INTO d1_migrations (name) values ('<file>');` appended, split into statements and sent as ONE
 * `db.batch()` through a Miniflare opened as wrangler opens it (`modules: true, script: ''`,
 * `d1Databases: { DATABASE: id }`, `d1Persist`). Wrangler splits with its own splitSqlQuery; liteform's
 * splitStatements stands in for it here (both split on top-level semicolons outside strings, comments and
 * trigger bodies).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { splitStatements } from '../../dist/model/split-statements.js';

export async function wranglerMigrationsApply({ persist, databaseId, dir, table = 'd1_migrations' }) {
  const mf = new Miniflare({ modules: true, script: '', d1Persist: persist, d1Databases: { DATABASE: databaseId } });
  try {
    const db = await mf.getD1Database('DATABASE');
    const run = (sql) => db.batch(splitStatements(sql).map((s) => db.prepare(s.sql)));
    await run(`CREATE TABLE IF NOT EXISTS ${table}(
      id         INTEGER PRIMARY KEY AUTOINCREMENT,
      name       TEXT UNIQUE,
      applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
    );`);
    const applied = new Set((await db.prepare(`SELECT * FROM ${table} ORDER BY id`).all()).results.map((r) => r.name));
    const unapplied = readdirSync(dir).filter((f) => f.endsWith('.sql') && !applied.has(f))
      .sort((a, b) => parseInt(a.split('_')[0], 10) - parseInt(b.split('_')[0], 10));
    const done = [];
    for (const name of unapplied) {
      const query = `${readFileSync(join(dir, name), 'utf8')}\n\t\tINSERT INTO ${table} (name)\n\t\tvalues ('${name}');\n`;
      await run(query);
      done.push(name);
    }
    return done;
  } finally {
    await mf.dispose();
  }
}
