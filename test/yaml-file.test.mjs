// The YAML desired-state loader: (a) every scenario written as YAML gives the same SchemaModel as its
// .sql twin; (b) every kind of bad input is rejected with LITEFORM_SCHEMA_INVALID, one
// `file:line:col: message` line per problem, at the node that is wrong.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, sharedCases, ownCases } from './helpers/cases.mjs';
import { loadYamlSchemaFile, loadYamlSchemaText } from '../dist/schema-file/yaml-file.js';
import { loadSqlSchemaFile, loadSqlSchemaText } from '../dist/schema-file/sql-file.js';
import { diffSchemas } from '../dist/diff/diff-schemas.js';
import { normalizeExpr } from '../dist/model/normalize.js';
import { LiteformError } from '../dist/errors.js';

const fixtures = join(root, 'test', 'fixtures', 'cases');
/** A YAML text from its lines; line n of the text is argument n. */
const doc = (...lines) => `${lines.join('\n')}\n`;

/**
 * A view keeps its CREATE statement as written, and the YAML form writes `CREATE VIEW "name" AS <select>`
 * (every name quoted) where a .sql file usually has `CREATE VIEW name AS`: views compare by normalised SQL,
 * as the differ compares them; everything else must be identical.
 */
function comparable(model) {
  return { ...model, views: model.views.map((v) => ({ ...v, sql: normalizeExpr(v.sql) })) };
}

function assertSameSchema(yamlFile, sqlFile) {
  const fromYaml = loadYamlSchemaFile(yamlFile);
  const fromSql = loadSqlSchemaFile(sqlFile);
  assert.deepEqual(comparable(fromYaml.model), comparable(fromSql.model));
  assert.deepEqual(diffSchemas(fromSql.model, fromYaml.model), [], 'no change between the two');
  assert.deepEqual(fromYaml.hints, fromSql.hints, 'same rename hints');
  return fromYaml;
}

/** renames.json (`{"tables": {"old": "new"}, "columns": {"table.old": "new"}}`) as the RenameHints it means (new → old). */
function hintsOfRenamesJson(json) {
  const tables = new Map(Object.entries(json.tables ?? {}).map(([oldName, newName]) => [newName.toLowerCase(), oldName]));
  const columns = new Map(
    Object.entries(json.columns ?? {}).map(([key, newName]) => {
      const [table, oldName] = key.split('.');
      const newTable = json.tables?.[table] ?? table;
      return [`${newTable}.${newName}`.toLowerCase(), oldName];
    }),
  );
  return { tables, columns };
}

describe('YAML and SQL desired states agree', () => {
  const shared = sharedCases();
  test('every shared case has a YAML fixture', { skip: shared.length === 0 && 'no ../shared/cases' }, () => {
    for (const c of shared) {
      assert.ok(existsSync(join(fixtures, c.name, 'desired.yaml')), `${c.name}/desired.yaml`);
      assert.ok(existsSync(join(fixtures, c.name, 'current.yaml')), `${c.name}/current.yaml`);
    }
  });

  for (const c of shared) {
    test(`shared ${c.name}: fixture YAML = shared desired.sql and current.sql`, () => {
      assertSameSchema(join(fixtures, c.name, 'desired.yaml'), join(c.dir, 'desired.sql'));
      assertSameSchema(join(fixtures, c.name, 'current.yaml'), join(c.dir, 'current.sql'));
    });
    test(`shared ${c.name}: fixture copies are up to date`, () => {
      for (const f of readdirSync(c.dir)) {
        assert.equal(readFileSync(join(fixtures, c.name, f), 'utf8'), readFileSync(join(c.dir, f), 'utf8'), `${c.name}/${f}`);
      }
    });
  }

  for (const c of ownCases()) {
    test(`fixture ${c.name}: YAML = SQL`, () => {
      const desired = assertSameSchema(join(c.dir, 'desired.yaml'), join(c.dir, 'desired.sql'));
      assertSameSchema(join(c.dir, 'current.yaml'), join(c.dir, 'current.sql'));
      const renames = join(c.dir, 'renames.json');
      if (existsSync(renames)) assert.deepEqual(desired.hints, hintsOfRenamesJson(JSON.parse(readFileSync(renames, 'utf8'))));
    });
  }

  test('rename hints of case 20 (table) and 24 (column)', () => {
    const table = loadYamlSchemaFile(join(fixtures, '20-rename-table', 'desired.yaml'));
    assert.deepEqual(table.hints, { tables: new Map([['customers', 'clients']]), columns: new Map() });
    const column = loadYamlSchemaFile(join(fixtures, '24-rename-column-change-type', 'desired.yaml'));
    assert.deepEqual(column.hints, { tables: new Map(), columns: new Map([['patients.age', 'age_text']]) });
  });

  test('examples/schema/app.yaml = examples/schema/app.sql', () => {
    const s = assertSameSchema(join(root, 'examples', 'schema', 'app.yaml'), join(root, 'examples', 'schema', 'app.sql'));
    assert.equal(s.model.tables.length, 5);
    assert.equal(s.model.views.length, 1);
    assert.equal(s.model.triggers.length, 1);
  });

  test('quoted weird names compare exactly, views included', () => {
    const dir = join(fixtures, '25-quoted-identifiers');
    assert.deepEqual(loadYamlSchemaFile(join(dir, 'desired.yaml')).model, loadSqlSchemaFile(join(dir, 'desired.sql')).model);
  });
});

describe('default literals', () => {
  const defaults = (columns) => {
    const text = `tables:\n  t:\n    columns:\n${columns.map((c) => `      ${c}\n`).join('')}`;
    return Object.fromEntries(loadYamlSchemaText(text, 't.yaml').model.tables[0].columns.map((c) => [c.name, c.default]));
  };

  test('each YAML value becomes the SQL literal a .sql file would write', () => {
    assert.deepEqual(
      defaults([
        's: { default: open }', 'q: { default: "it\'s" }', 'n: { default: 3 }', 'f: { default: 1.0 }', 'neg: { default: -2.5e3 }',
        'hex: { default: 0x1F }', 'b: { default: true }', 'z: { default: null }', 'str3: { default: "3" }', 'e: { defaultExpr: "lower(\'X\')" }',
        'ts: { defaultExpr: CURRENT_TIMESTAMP }', 'none: TEXT',
      ]),
      { s: "'open'", q: "'it''s'", n: '3', f: '1.0', neg: '-2.5e3', hex: '0x1F', b: 'TRUE', z: 'NULL', str3: "'3'", e: "lower('X')", ts: 'CURRENT_TIMESTAMP', none: null },
    );
  });

  test('match what SQLite reports for the same defaults in a .sql file', () => {
    const sql = loadSqlSchemaText(`CREATE TABLE t (s DEFAULT 'open', n DEFAULT 3, f DEFAULT 1.0, b DEFAULT TRUE, z DEFAULT NULL)`, 't.sql');
    const fromSql = Object.fromEntries(sql.model.tables[0].columns.map((c) => [c.name, c.default]));
    assert.deepEqual(defaults(['s: { default: open }', 'n: { default: 3 }', 'f: { default: 1.0 }', 'b: { default: true }', 'z: { default: null }']), fromSql);
  });
});

test('x- keys hold YAML anchors that tables reuse', () => {
  const state = loadYamlSchemaText(
    doc('x-id: &id { type: INTEGER, primaryKey: true }', 'tables:', '  a: { columns: { id: *id } }', '  b: { columns: { id: *id, a_id: { references: { table: a } } } }'),
    'anchors.yaml',
  );
  assert.deepEqual(state.model.tables.map((t) => t.primaryKey), [0, 1].map(() => ({ columns: [{ name: 'id', desc: false, collate: null }], autoincrement: false, onConflict: null })));
});

describe('JSON Schema', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schema', 'liteform.schema.json'), 'utf8'));

  /** Every schema object in the file, with a path for messages. */
  function* schemas(node, path) {
    if (Array.isArray(node)) {
      for (const [i, x] of node.entries()) yield* schemas(x, `${path}[${i}]`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    yield [path, node];
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties') for (const [p, s] of Object.entries(v)) yield* schemas(s, `${path}.properties.${p}`);
      else if (k !== 'enum' && k !== 'const' && k !== 'default') yield* schemas(v, `${path}.${k}`);
    }
  }

  test('is draft 2020-12', () => assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema'));

  test('every property has a description (editors show it on hover)', () => {
    for (const [path, s] of schemas(schema, '#')) {
      for (const [name, prop] of Object.entries(s.properties ?? {})) assert.ok(prop.description, `${path}.properties.${name}`);
    }
  });

  test('every object with named properties refuses others', () => {
    for (const [path, s] of schemas(schema, '#')) {
      if (s.properties) assert.equal(s.additionalProperties, false, path);
    }
  });
});

const file = 'bad.yaml';

/**
 * Asserts loading `text` fails with LITEFORM_SCHEMA_INVALID and, for each [line, at, phrase], has a message
 * line `bad.yaml:line:col: …phrase…`, where col is where `at` first occurs in that line (or `at` itself
 * when it is a number). With `exact`, those are all the lines, in that order.
 */
function rejects(text, expected, { exact = false } = {}) {
  let error;
  try {
    loadYamlSchemaText(text, file);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof LiteformError, `expected a LiteformError, got ${error}`);
  assert.equal(error.code, 'LITEFORM_SCHEMA_INVALID');
  const source = text.split('\n');
  const lines = error.message.split('\n');
  const wanted = expected.map(([line, at, phrase]) => {
    const col = typeof at === 'number' ? at : source[line - 1].indexOf(at) + 1;
    assert.ok(col > 0, `'${at}' is not on line ${line}`);
    const prefix = `${file}:${line}:${col}: `;
    assert.ok(lines.some((l) => l.startsWith(prefix) && l.includes(phrase)), `no line "${prefix}…${phrase}…" in:\n${error.message}`);
    return prefix;
  });
  for (const l of lines) assert.match(l, /^bad\.yaml:\d+:\d+: \S/, 'every line is file:line:col: message');
  if (exact) assert.deepEqual(lines.map((l) => wanted.find((w) => l.startsWith(w))), wanted, error.message);
  return error;
}

/** A document whose table `users` has these column lines (line 4 is the first column). */
const users = (...columnLines) => ['tables:', '  users:', '    columns:', ...columnLines.map((l) => `      ${l}`)];

describe('malformed YAML', () => {
  test('bad indentation', () => rejects(doc('tables:', '  users:', '    columns:', '      id: INTEGER', '     name: TEXT'), [[5, 1, 'All mapping items must start at the same column']]));
  test('a tab as indentation', () => rejects(doc('tables:', '  users:', '    columns:', '\tid: INTEGER'), [[4, 1, 'Tabs are not allowed']]));
  test('an unclosed quote is reported at the opening quote', () => rejects(doc(...users('id: INTEGER', 'name: "TEXT', 'x: TEXT')), [[5, '"', 'Missing closing "quote']]));
  test('duplicate key', () => rejects(doc(...users('id: INTEGER', 'id: TEXT')), [[5, 'id', "duplicate key 'id'"]], { exact: true }));
  // Duplicates are found with a set per mapping (the yaml library's own check is quadratic in a mapping's size).
  test('duplicate keys in two mappings: both reported, in file order', () =>
    rejects(doc('tables:', '  a: { columns: { id: INTEGER, id: TEXT } }', '  b: { columns: { x: TEXT } }', '  a: { columns: { y: TEXT } }'),
      [[2, 'id: TEXT', "duplicate key 'id'"], [4, 'a:', "duplicate key 'a'"]], { exact: true }));
  test('duplicate key in a flow mapping', () => rejects(doc(...users('id: { type: INTEGER, type: TEXT }')), [[4, 'type: TEXT', "duplicate key 'type'"]]));
  test('unclosed flow sequence', () => rejects(doc('tables:', '  users:', '    columns: { id: INTEGER }', '    primaryKey: [id'), [[5, 1, 'Flow sequence']]));
  test('two documents', () => rejects(doc('tables: {}', '---', 'views: {}'), [[2, 1, "a schema file holds one document; remove the '---' separator"]]));
  test('a key YAML reads as a boolean', () => rejects(doc('tables:', '  true:', '    columns: { a: TEXT }'), [[2, 'true', 'key true is read as a boolean, not a name; quote it ("true")']]));
  test('a key YAML reads as a number', () => rejects(doc(...users('1.0: TEXT')), [[4, '1.0', 'key 1.0 is read as a number']]));
  test('an empty file', () => rejects('', [[1, 1, 'document: must be a mapping, not null']]));
});

describe('schema violations', () => {
  test('unknown property, with the likely spelling', () =>
    rejects(doc(...users('id: { type: INTEGER, primarykey: true }')), [[4, 'primarykey', "tables.users.columns.id: unknown property 'primarykey' (did you mean 'primaryKey'?)"]], { exact: true }));
  test('unknown property, with the allowed ones', () =>
    rejects(doc(...users('id: INTEGER'), '    flavour: sqlite'), [[5, 'flavour', "tables.users: unknown property 'flavour' (expected one of: renamedFrom, strict, withoutRowid, columns"]]));
  test('unknown top-level property', () => rejects(doc('table:', '  users: {}'), [[1, 'table', "document: unknown property 'table' (did you mean 'tables'?)"]]));
  test('wrong type: a YAML string where a boolean belongs', () =>
    rejects(doc('tables:', '  users:', '    strict: yes', '    columns: { id: INTEGER }'), [[3, 'yes', "tables.users.strict: must be true or false, not the string 'yes'"]]));
  test('wrong type: a column that is neither a type nor a mapping', () =>
    rejects(doc(...users('id: 42')), [[4, '42', 'tables.users.columns.id: must be a string or a mapping, not number 42']], { exact: true }));
  test('bad enum: foreign-key action', () =>
    rejects(doc(...users('id: INTEGER', 'p: { type: INTEGER, references: { table: users, onDelete: CASCADES } }')), [[5, 'CASCADES', "onDelete: must be one of 'NO ACTION', 'RESTRICT', 'SET NULL', 'SET DEFAULT', 'CASCADE', not 'CASCADES'"]]));
  test('bad enum: deferrable', () =>
    rejects(doc(...users('id: INTEGER', 'p: { references: { table: users, deferrable: true } }')), [[5, 'true', "deferrable: must be one of false, 'initially-deferred', 'initially-immediate', not true"]]));
  test('not a type name', () => rejects(doc(...users('id: "VARCHAR(("')), [[4, '"', "'VARCHAR((' is not an SQL type name"]]));
  test('a table without columns', () => rejects(doc('tables:', '  users:', '    strict: true'), [[3, 'strict', "tables.users: missing required property 'columns'"]]));
  test('an empty column list', () => rejects(doc('tables:', '  users:', '    columns: {}'), [[3, '{}', 'tables.users.columns: must not be empty']]));
  test('an index part with both column and expr', () =>
    rejects(doc(...users('id: INTEGER'), '    indexes:', '      i: { columns: [{ expr: "id + 1", column: id }] }'), [[6, 'column: id', "tables.users.indexes.i.columns[0]: unknown property 'column' (expected one of: expr, desc, collate)"]]));
  test('a generated column without its expression', () =>
    rejects(doc(...users('id: INTEGER', 'g: { generated: { stored: true } }')), [[5, '{ stored', "tables.users.columns.g.generated: missing required property 'expr'"]]));
  test('version', () => rejects(doc('version: 2'), [[1, '2', 'version: must be 1']]));
  test('every problem at once, in file order', () =>
    rejects(
      doc('views:', '  v: 3', 'tables:', '  users:', '    columns:', '      id: { type: INTEGER, nul: true }', '    strict: 1'),
      [[2, '3', 'views.v: must be a string or a mapping'], [6, 'nul', "unknown property 'nul'"], [7, '1', 'tables.users.strict: must be true or false']],
      { exact: true },
    ));
});

describe('rules beyond the JSON Schema', () => {
  test('an index names a column the table lacks', () =>
    rejects(doc(...users('id: INTEGER', 'email: TEXT'), '    indexes:', '      users_email: { columns: [emial] }'), [[7, 'emial', "tables.users.indexes.users_email.columns[0]: table 'users' has no column 'emial' (did you mean 'email'?)"]], { exact: true }));
  test('a primary key names a column the table lacks', () =>
    rejects(doc(...users('a: INTEGER'), '    primaryKey: [a, b]'), [[5, 'b', "tables.users.primaryKey[1]: table 'users' has no column 'b'"]], { exact: true }));
  test('a UNIQUE constraint names a column the table lacks', () =>
    rejects(doc(...users('a: INTEGER'), '    unique: [[a, c]]'), [[5, 'c]', "tables.users.unique[0][1]: table 'users' has no column 'c'"]], { exact: true }));
  test('a foreign key names a child column the table lacks', () =>
    rejects(doc(...users('id: { type: INTEGER, primaryKey: true }', 'a: INTEGER'), '    foreignKeys:', '      - { columns: [b], references: { table: users, columns: [id] } }'), [[7, 'b]', "tables.users.foreignKeys[0].columns[0]: table 'users' has no column 'b'"]], { exact: true }));
  test('duplicate table names, compared case-insensitively', () =>
    rejects(doc('tables:', '  users: { columns: { a: TEXT } }', '  Users: { columns: { a: TEXT } }'), [[3, 'Users', "tables.Users: table name 'Users' is already used by table 'users'"]], { exact: true }));
  test('duplicate column names, compared case-insensitively', () =>
    rejects(doc(...users('email: TEXT', 'EMAIL: TEXT')), [[5, 'EMAIL', "column name 'EMAIL' is already used by column 'email' in table 'users'"]], { exact: true }));
  test('an index named like a table', () =>
    rejects(doc(...users('a: TEXT'), '    indexes:', '      users: { columns: [a] }'), [[6, 'users', "index name 'users' is already used by table 'users'"]], { exact: true }));
  test('a view named like a table, and duplicate index names across tables', () =>
    rejects(
      doc('tables:', '  a:', '    columns: { x: TEXT }', '    indexes: { ix: { columns: [x] } }', '  b:', '    columns: { x: TEXT }', '    indexes: { IX: { columns: [x] } }', 'views:', '  A: SELECT 1'),
      [[7, 'IX', "index name 'IX' is already used by index 'ix'"], [9, 'A', "view name 'A' is already used by table 'a'"]],
      { exact: true },
    ));
  test('duplicate trigger names', () =>
    rejects(
      doc(...users('a: TEXT'), 'triggers:', '  t1: CREATE TRIGGER t1 AFTER INSERT ON users BEGIN SELECT 1; END', '  T1: CREATE TRIGGER T1 AFTER INSERT ON users BEGIN SELECT 1; END'),
      [[7, 'T1', "trigger name 'T1' is already used by trigger 't1'"]],
      { exact: true },
    ));
  // Parents are looked up in a per-document index (a scan per foreign key made checking quadratic):
  // the parent is found whatever the case of its name, and the first table of the file is found too.
  test('foreign keys among many tables find their parents by name, in any case', () => {
    const lines = ['tables:'];
    for (let i = 0; i < 300; i++) lines.push(`  t${i}: { columns: { id: { type: INTEGER, primaryKey: true }, p: { type: INTEGER, references: { table: ${i === 0 ? 'T299' : `T${i - 1}`} } } } }`);
    lines.push('  bad: { columns: { p: { references: { table: t300 } } } }');
    rejects(doc(...lines), [[302, 't300', "tables.bad.columns.p.references.table: table 't300' does not exist (did you mean 't30'?)"]], { exact: true });
  });
  test('a foreign key to a missing table', () =>
    rejects(doc(...users('id: { type: INTEGER, primaryKey: true }', 'boss: { references: { table: user } }')), [[5, 'user', "tables.users.columns.boss.references.table: table 'user' does not exist (did you mean 'users'?)"]], { exact: true }));
  test('a foreign key to a view', () =>
    rejects(doc(...users('id: INTEGER', 'v: { references: { table: v1 } }'), 'views:', '  v1: SELECT 1'), [[5, 'v1', "'v1' is a view or virtual table; a foreign key must refer to an ordinary table"]], { exact: true }));
  test('a foreign key to columns that are neither primary key nor UNIQUE', () =>
    rejects(
      doc('tables:', '  p:', '    columns: { id: { type: INTEGER, primaryKey: true }, code: TEXT }', '  c:', '    columns:', '      code: { references: { table: p, column: code } }'),
      [[6, 'code }', "tables.c.columns.code.references.column: 'code' of table 'p' is neither its primary key nor UNIQUE"]],
      { exact: true },
    ));
  test('a foreign key may refer to a unique index, but not a partial one', () => {
    const base = ['tables:', '  p:', '    columns: { code: TEXT, gone: INTEGER }', '    indexes:'];
    const child = ['  c:', '    columns:', '      code: { references: { table: p, column: code } }'];
    loadYamlSchemaText(doc(...base, '      p_code: { columns: [code], unique: true }', ...child), file);
    rejects(doc(...base, '      p_code: { columns: [code], unique: true, where: gone IS NULL }', ...child), [[8, 'code }', 'neither its primary key nor UNIQUE']], { exact: true });
  });
  test('a foreign key without parent columns, to a table without a primary key', () =>
    rejects(doc('tables:', '  p: { columns: { a: TEXT } }', '  c:', '    columns: { a: { references: { table: p } } }'), [[4, 'p }', "table 'p' has no primary key, so the parent column(s) must be named"]], { exact: true }));
  test('a foreign key whose column count differs from the parent key', () =>
    rejects(
      doc('tables:', '  p:', '    columns: { a: TEXT, b: TEXT }', '    primaryKey: [a, b]', '  c:', '    columns: { a: TEXT }', '    foreignKeys:', '      - { columns: [a], references: { table: p } }'),
      [[8, 'p }', "tables.c.foreignKeys[0].references.table: the foreign key has 1 column(s) but refers to 2 in 'p'"]],
      { exact: true },
    ));
  test('a generated column with a blank expression', () =>
    rejects(doc(...users('a: TEXT', 'g: { generated: { expr: "  " } }')), [[5, '"  "', 'tables.users.columns.g.generated.expr: a generated column needs an expression']], { exact: true }));
  test('AUTOINCREMENT on a TEXT key', () =>
    rejects(doc(...users('id: { type: TEXT, primaryKey: true, autoincrement: true }')), [[4, 'true }', "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY (this column's type is 'TEXT')"]], { exact: true }));
  test('AUTOINCREMENT on a column that is not the key', () =>
    rejects(doc(...users('id: { type: INTEGER, autoincrement: true }')), [[4, 'true', 'AUTOINCREMENT needs primaryKey: true on this column']], { exact: true }));
  test('AUTOINCREMENT on a composite key', () =>
    rejects(doc(...users('a: INTEGER', 'b: INTEGER'), '    primaryKey: { columns: [a, b], autoincrement: true }'), [[6, 'true', 'tables.users.primaryKey.autoincrement: AUTOINCREMENT needs a primary key of exactly one column']], { exact: true }));
  test('AUTOINCREMENT in a WITHOUT ROWID table', () =>
    rejects(doc('tables:', '  t:', '    withoutRowid: true', '    columns:', '      id: { type: INTEGER, primaryKey: true, autoincrement: true }'), [[5, 'true }', 'AUTOINCREMENT is not allowed on a WITHOUT ROWID table']], { exact: true }));
  test('WITHOUT ROWID without a primary key', () =>
    rejects(doc('tables:', '  kv:', '    withoutRowid: true', '    columns: { k: TEXT }'), [[3, 'true', 'tables.kv.withoutRowid: a WITHOUT ROWID table needs a primary key']], { exact: true }));
  test('primaryKey on a column and on the table', () =>
    rejects(doc(...users('id: { type: INTEGER, primaryKey: true }', 'b: TEXT'), '    primaryKey: [id, b]'), [[6, '[', "tables.users.primaryKey: primary key declared twice: column 'id' has primaryKey: true and the table has primaryKey"]], { exact: true }));
  test('primaryKey on two columns', () =>
    rejects(doc(...users('a: { type: TEXT, primaryKey: true }', 'b: { type: TEXT, primaryKey: true }')), [[5, 'true', "tables.users.columns.b.primaryKey: only one column can have primaryKey: true ('a' has it too)"]], { exact: true }));
  test('STRICT tables: only the six types, and every column typed', () =>
    rejects(
      doc('tables:', '  m:', '    strict: true', '    columns:', '      a: VARCHAR(10)', '      b: {}'),
      [[5, 'VARCHAR', "type 'VARCHAR(10)' is not allowed in a STRICT table"], [6, 'b', 'tables.m.columns.b: a STRICT table needs a type on every column']],
      { exact: true },
    ));
  test('a constraint keyword hidden in a type', () =>
    rejects(doc(...users('a: TEXT NOT NULL')), [[4, 'TEXT', "type 'TEXT NOT NULL' contains the keyword NOT; write constraints as column properties"]], { exact: true }));
  test('default and defaultExpr together; a default on a generated column', () =>
    rejects(
      doc(...users('a: { default: 1, defaultExpr: "2" }', 'g: { generated: { expr: a }, default: 3 }')),
      [[4, '"2"', 'use either default or defaultExpr, not both'], [5, '{ expr', 'a generated column cannot have a default']],
      { exact: true },
    ));
  test('names SQLite or liteform reserve', () =>
    rejects(doc('tables:', '  sqlite_stuff: { columns: { a: TEXT } }', '  _liteform_x: { columns: { a: TEXT } }'), [[2, 'sqlite_stuff', "table name 'sqlite_stuff' is reserved"], [3, '_liteform_x', "table name '_liteform_x' is reserved"]], { exact: true }));
  test('an expression that would break out of its clause', () =>
    rejects(
      doc(...users('a: { type: INTEGER, check: "a > 0); DROP TABLE x; --" }', 'b: { type: INTEGER, check: "(b > 0" }')),
      [[4, '"', "tables.users.columns.a.check: must be a single expression (remove the ';')"], [5, '"', 'tables.users.columns.b.check: has unbalanced parentheses']],
      { exact: true },
    ));
  test('view, trigger and virtual-table statements must create what their key names', () =>
    rejects(
      doc(
        ...users('a: TEXT'),
        'views:',
        '  v: { sql: "CREATE VIEW w AS SELECT 1" }',
        'triggers:',
        '  t: { table: orders, sql: "CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END" }',
        '  u: "CREATE TRIGGER u AFTER INSERT ON users BEGIN SELECT 1; END; DROP TABLE users"',
        'virtualTables:',
        '  docs: "CREATE TABLE docs (body)"',
      ),
      [
        [6, '"', "views.v.sql: creates 'w', but its key says 'v'"],
        [8, '"', "triggers.t.sql: the statement creates the trigger ON 'users', but table says 'orders'"],
        [9, '"', 'triggers.u: must be one CREATE TRIGGER statement'],
        [11, '"', 'virtualTables.docs: must be a CREATE VIRTUAL TABLE statement'],
      ],
      { exact: true },
    ));
  test('a renamed table whose old name is still declared', () =>
    rejects(doc('tables:', '  clients: { columns: { a: TEXT } }', '  customers: { renamedFrom: clients, columns: { a: TEXT } }'), [[3, 'clients', "tables.customers.renamedFrom: table 'clients' is still declared"]], { exact: true }));
  test('two columns renamed from the same one', () =>
    rejects(doc(...users('a: { renamedFrom: old }', 'b: { renamedFrom: OLD }')), [[5, 'OLD', "column 'a' is already renamed from 'OLD'"]], { exact: true }));
});

describe('errors SQLite finds, traced to the YAML node', () => {
  test('a syntax error in a CHECK', () => {
    const e = rejects(doc(...users('id: INTEGER', 'qty:', '  type: INTEGER', '  notNull: true', '  check: "qty >>> 0"')), [[8, '"', 'table users: near ">": syntax error']], { exact: true });
    assert.match(e.hint, /CREATE TABLE "users"/, 'the hint shows the generated statement');
  });
  test('a table CHECK naming a missing column', () =>
    rejects(doc(...users('id: INTEGER', 'qty: { type: INTEGER }'), '    checks:', '      - amount > 0'), [[7, 'amount', 'table users: no such column: amount']], { exact: true }));
  test('a non-constant default expression', () =>
    rejects(doc(...users('id: INTEGER', 'x: { defaultExpr: id + 1 }')), [[5, 'id + 1', 'table users: default value of column [x] is not constant']], { exact: true }));
  test('an unknown collation', () =>
    rejects(doc(...users('id: INTEGER', 'name: { type: TEXT, collate: KLINGON }')), [[5, 'KLINGON', 'table users: no such collation sequence: KLINGON']], { exact: true }));
  test('an unknown function in an index expression', () =>
    rejects(doc(...users('email: TEXT'), '    indexes:', '      users_e: { columns: [email, { expr: "lowr(email)" }] }'), [[6, '{ expr', 'index users_e: no such function: lowr']], { exact: true }));
  test('a bad partial-index WHERE', () =>
    rejects(doc(...users('email: TEXT'), '    indexes:', '      users_e: { columns: [email], where: "email = = 1" }'), [[6, '"email', 'index users_e: near "=": syntax error']], { exact: true }));
  test('a bad view', () => rejects(doc(...users('a: TEXT'), 'views:', '  v: SELEC a FROM users'), [[6, 'SELEC', 'view v: near "SELEC": syntax error']], { exact: true }));
  test('a trigger on a missing table', () =>
    rejects(doc(...users('a: TEXT'), 'triggers:', '  t:', '    sql: CREATE TRIGGER t AFTER INSERT ON nope BEGIN SELECT 1; END'), [[7, 'CREATE', 'trigger t: no such table: main.nope']], { exact: true }));
  test('a virtual table with an unknown module', () =>
    rejects(doc('virtualTables:', '  docs: CREATE VIRTUAL TABLE docs USING nosuchmodule(body)'), [[2, 'CREATE', 'virtual table docs: no such module: nosuchmodule']], { exact: true }));
});

describe('reading files', () => {
  test('a missing file is LITEFORM_FILE_NOT_FOUND', () => {
    assert.throws(() => loadYamlSchemaFile(join(root, 'no-such-schema.yaml')), (e) => e instanceof LiteformError && e.code === 'LITEFORM_FILE_NOT_FOUND' && e.message.includes('ENOENT'));
  });
  test('messages name the file as it was given', () => {
    assert.throws(() => loadYamlSchemaText('tables: 3\n', 'schema/app.yaml'), (e) => e.message === 'schema/app.yaml:1:9: tables: must be a mapping, not number 3');
  });
});
