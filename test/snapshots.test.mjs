// Golden outputs reviewed in PRs: for every scenario, the SQL plan, the human plan (no colour),
// the Markdown report and the JSON document.
// LITEFORM_UPDATE_SNAPSHOTS=1 (npm run snapshots:update) rewrites them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { allCases, execAsDefaultSqlite, read, root } from './helpers/cases.mjs';
import { introspect } from '../dist/db/introspect.js';
import { planSchemas } from '../dist/api/plan-database.js';
import { loadSqlSchemaFile } from '../dist/schema-file/sql-file.js';
import { renderSql } from '../dist/render/sql.js';
import { renderHuman } from '../dist/render/human.js';
import { renderMarkdown } from '../dist/render/markdown.js';
import { renderJson } from '../dist/render/json.js';

const dir = join(root, 'snapshots');
const update = process.env.LITEFORM_UPDATE_SNAPSHOTS === '1';

function check(file, actual) {
  const path = join(dir, file);
  if (update) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `snapshot ${file} missing: run npm run snapshots:update and review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `snapshot ${file} changed: run npm run snapshots:update and review the diff`);
}

for (const c of allCases()) {
  test(`snapshot ${c.name}`, () => {
    const db = new Database(':memory:');
    execAsDefaultSqlite(db, read(c.dir, 'current.sql'));
    const { plan } = planSchemas(introspect(db), loadSqlSchemaFile(join(c.dir, 'desired.sql')));
    db.close();
    // Warnings name the desired-state file; a snapshot must not depend on where the clone lives.
    const here = (text) => text.split(c.dir).join(`cases/${c.name}`);
    check(`${c.name}.sql`, here(renderSql(plan)));
    check(`${c.name}.plan.txt`, here(renderHuman(plan)));
    check(`${c.name}.md`, here(renderMarkdown(plan, `liteform plan: ${c.name}`)));
    check(`${c.name}.json`, here(`${JSON.stringify(renderJson(plan), null, 2)}\n`));
  });
}
