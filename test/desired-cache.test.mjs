// Issue 9: a large desired-state .sql file's table models are kept in .liteform/cache/ under a hash of the
// statements that make each table (src/db/desired-cache.ts, src/db/scratch.ts TableCache): a plan after an
// edit builds and reads only the edited tables. The model must be the one built without the cache, always.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { openDesiredCache } from '../dist/db/desired-cache.js';
import { canonicalSchema } from '../dist/model/canonical.js';

/** 160 tables × 3 statements (enough to be split over scratch databases), with what a table's model reads from its own text. */
function bigSchema(edit = -1) {
  const out = [];
  for (let i = 0; i < 160; i++) {
    const n = `t${i}`;
    const parent = i > 0 ? `t${i - 1}` : null;
    const cols = [
      i % 7 === 3 ? 'id TEXT PRIMARY KEY' : 'id INTEGER PRIMARY KEY',
      `name TEXT NOT NULL DEFAULT "n${i}" COLLATE NOCASE`,
      `qty INTEGER CHECK (qty >= 0)${i === edit ? ' DEFAULT 5' : ''}`,
      'total REAL GENERATED ALWAYS AS (qty * 2) STORED',
      parent ? `p INTEGER REFERENCES ${parent}${i % 2 === 0 ? '' : '(id)'} ON DELETE CASCADE` : 'p INTEGER',
    ];
    const options = i % 11 === 5 ? ' WITHOUT ROWID' : i % 13 === 4 ? ' STRICT' : '';
    if (options === ' STRICT') cols[1] = `name TEXT NOT NULL DEFAULT 'n${i}' COLLATE NOCASE`, cols[3] = 'total REAL GENERATED ALWAYS AS (qty * 2) STORED';
    out.push(`CREATE TABLE ${n} (${cols.join(', ')}, UNIQUE (name, p))${options};`);
    out.push(`CREATE INDEX ${n}_q ON ${n} (qty DESC) WHERE qty > 2;`);
    out.push(`CREATE INDEX ${n}_e ON ${n} (lower(name), p);`);
  }
  out.push('CREATE VIEW v AS SELECT t1.name, t2.qty FROM t1 JOIN t2 ON t2.p = t1.id;');
  out.push('CREATE TRIGGER tr AFTER INSERT ON t3 BEGIN UPDATE t4 SET qty = qty + 1; END;');
  return `${out.join('\n')}\n`;
}

/** A TableCache over a Map, counting what is read from it and added to it. */
function countingCache(store = new Map()) {
  const c = { store, hits: 0, adds: 0, get: (k) => { const t = store.get(k); if (t) c.hits++; return t; }, add: (k, t) => { c.adds++; store.set(k, t); } };
  return c;
}

test('the model built with a table cache, cold or warm, is the model built without one', () => {
  const text = bigSchema();
  const plain = loadSqlSchemaText(text, 'big.sql');
  const cache = countingCache();
  const cold = loadSqlSchemaText(text, 'big.sql', cache);
  assert.equal(cache.adds, 160 - 4, 'every table but the ones a view or trigger names is kept');
  const warm = loadSqlSchemaText(text, 'big.sql', cache);
  assert.equal(cache.hits, 160 - 4);
  for (const m of [cold, warm]) {
    assert.equal(canonicalSchema(m.model), canonicalSchema(plain.model));
    assert.deepEqual(JSON.parse(JSON.stringify(m.model)), JSON.parse(JSON.stringify(plain.model)));
    assert.deepEqual(m.warnings, plain.warnings);
  }
});

test('after an edit to one table only that table is built again, and the model is the edited file\'s', () => {
  const cache = countingCache();
  loadSqlSchemaText(bigSchema(), 'big.sql', cache);
  const before = cache.adds;
  const edited = loadSqlSchemaText(bigSchema(40), 'big.sql', cache);
  assert.equal(cache.adds - before, 1, 'one table built again');
  assert.equal(canonicalSchema(edited.model), canonicalSchema(loadSqlSchemaText(bigSchema(40), 'big.sql').model));
  assert.equal(edited.model.tables.find((t) => t.name === 't40').columns.find((c) => c.name === 'qty').default, '5');
});

test('a statement error is reported as without the cache, whatever the cache holds', () => {
  const cache = countingCache();
  loadSqlSchemaText(bigSchema(), 'big.sql', cache);
  const broken = bigSchema().replace('CREATE INDEX t50_q ON t50 (qty DESC)', 'CREATE INDEX t50_q ON t50 (nope DESC)');
  const message = (f) => { try { f(); return null; } catch (e) { return `${e.code}: ${e.message}`; } };
  const plain = message(() => loadSqlSchemaText(broken, 'big.sql'));
  assert.match(plain, /^LITEFORM_SQL_ERROR: big\.sql:\d+:1: statement 152 .*no such column: nope/);
  assert.equal(message(() => loadSqlSchemaText(broken, 'big.sql', cache)), plain);
});

test('the cache file: written under .liteform/cache, read back by the next run, ignored when edited or torn', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-desired-cache-'));
  try {
    const text = bigSchema();
    const plain = canonicalSchema(loadSqlSchemaText(text, 'big.sql').model);
    const where = { dir: join(dir, 'cache'), salt: 'test' };
    const first = openDesiredCache(where);
    loadSqlSchemaText(text, 'big.sql', first);
    first.save();
    const [file] = readdirSync(where.dir).filter((f) => f.startsWith('desired-'));
    assert.ok(file, 'a cache file was written');
    assert.equal(readFileSync(join(where.dir, '.gitignore'), 'utf8'), '*\n');
    const reread = (label) => {
      const c = openDesiredCache(where);
      let got = 0;
      const counted = { get: (k) => { const t = c.get(k); if (t) got++; return t; }, add: (k, t) => c.add(k, t) };
      assert.equal(canonicalSchema(loadSqlSchemaText(text, 'big.sql', counted).model), plain, label);
      return got;
    };
    assert.equal(reread('read back'), 160 - 4);
    // An edited model with the digest left as it was: not trusted.
    const body = readFileSync(join(where.dir, file), 'utf8');
    writeFileSync(join(where.dir, file), body.replace('"notNull":true', '"notNull":false'));
    assert.equal(reread('edited'), 0);
    writeFileSync(join(where.dir, file), body.slice(0, body.length / 2));
    assert.equal(reread('torn'), 0);
    writeFileSync(join(where.dir, file), 'not json at all');
    assert.equal(reread('garbage'), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
