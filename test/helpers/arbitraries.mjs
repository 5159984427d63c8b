// Random schema pairs for the property test (test/property.test.mjs).
//
// A schema is generated as a small *spec* (plain data naming tables, columns, keys, indexes, views,
// triggers and FTS5 tables), repaired into something SQLite accepts and the data generator can fill,
// and rendered as a `.sql` script of CREATE statements. B is A's spec after a list of random mutations
// (MUTATIONS), repaired again, so the pair shares most objects and its style (identifier quoting:
// "double", [bracket], `backtick` or bare; keyword case; comments; references spelled in another
// ASCII case). Rows are generated for A and inserted one statement at a time; a row A's constraints
// reject is skipped, so every stored row satisfies A (unless `fkOff`: then some rows are orphans, as in
// databases that never turned FK enforcement on). Some rows are deleted afterwards (rowid gaps, an
// AUTOINCREMENT counter above max(id)).
//
// Shrinking works on the spec and the mutation list; `repairSpec` keeps every shrunk value valid.
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Pools. Names cover keywords, spaces, quotes, unicode, dots and mixed case. Pools of different
// object kinds never share a name (tables, indexes, views and triggers share SQLite's namespace).

export const TABLE_NAMES = ['order', 'select', 'my table', 'Ünïcode', 'q"uote', 'MixedCase', "it's", 'dot.name', 'users', 'Group'];
export const COLUMN_NAMES = ['id', 'name', 'Value', 'select', 'my col', 'q"c', 'Ünï', 'x', 'Y', 'created at', 'group', "o'k", 'check', 'as'];
// Different names to SQLite, which folds ASCII case only ('Ünïcode' ≠ 'ünïcode'); drawn rarely.
const RARE_TABLE_NAMES = ['ünïcode'];
const RARE_COLUMN_NAMES = ['ünï'];
export const INDEX_NAMES = ['ix_a', 'My Index', 'ix"q', 'índice', 'IX_Upper', 'ix.dot'];
export const VIEW_NAMES = ['v_all', 'My View', 'v"q', 'vü', 'v_count'];
export const TRIGGER_NAMES = ['trg_ins', 'My Trigger', 'tr"q', 'trü'];
export const CHECK_NAMES = ['ck_pos', 'My Check', 'ck"q'];
export const VTABLE_NAMES = ['docs', 'Search Index'];
export const VTABLE_COLUMNS = ['body', 'title', 'my col'];

// INTEGER and TEXT twice: more rowid aliases and text columns. 'FLOATING POINT' has INTEGER affinity ("INT").
export const TYPES = ['INTEGER', 'INT', 'TEXT', 'REAL', 'BLOB', 'NUMERIC', 'VARCHAR(20)', '', 'INTEGER', 'TEXT', 'double precision', 'DECIMAL(10, 2)', 'FLOATING POINT', 'STRING'];
export const STRICT_TYPES = ['INT', 'INTEGER', 'REAL', 'TEXT', 'BLOB', 'ANY'];
const toStrictType = { NUMERIC: 'ANY', 'VARCHAR(20)': 'TEXT', '': 'ANY', 'double precision': 'REAL', 'DECIMAL(10, 2)': 'REAL', 'FLOATING POINT': 'INT', STRING: 'TEXT' };

/** DEFAULT clauses and the kind of value they produce (for STRICT compatibility). */
export const DEFAULTS = {
  '0': 'int', '-1': 'int', '42': 'int', '1.5': 'real', '-2.5': 'real', "'x'": 'text', "'it''s'": 'text', "''": 'text',
  "'12'": 'numtext', NULL: 'null', CURRENT_TIMESTAMP: 'text', '(1+2)': 'int', "X'00ff'": 'blob', TRUE: 'int',
  "'a--b'": 'text', "'x;y /*z*/'": 'text',
  // Double-quoted strings, as applications on a default SQLite build write them (DQS): always a string in a DEFAULT.
  '""': 'text', '"dq"': 'text', '"a""b"': 'text',
};
const strictAccepts = {
  INT: ['int', 'null', 'numtext'], INTEGER: ['int', 'null', 'numtext'], REAL: ['int', 'real', 'null', 'numtext'],
  TEXT: ['text', 'int', 'real', 'null', 'numtext'], BLOB: ['blob', 'null'], ANY: ['int', 'real', 'text', 'null', 'numtext', 'blob'],
};

/** CHECK templates over one or two columns (SAFE_CHECKS hold for every generated value, the others may not). */
export const CHECKS = [
  { sql: (c) => `${c} IS NULL OR length(${c}) < 100`, cols: 1 },
  { sql: (c) => `${c} <> 'forbidden'`, cols: 1 },
  { sql: (c) => `length(${c}) >= 0 OR ${c} IS NULL`, cols: 1 },
  { sql: (c) => `typeof(${c}) <> 'blob'`, cols: 1 },
  { sql: (c) => `${c} IS NULL OR ${c} < 25`, cols: 1 },
  { sql: (c, d) => `${c} IS NOT ${d} OR ${c} IS NULL`, cols: 2 },
  { sql: (c) => `${c} <> 'a;b--c'`, cols: 1 },
];
/** CHECK templates that every generated value satisfies (used for most checks B adds). */
const SAFE_CHECKS = [0, 1, 2, 6];

export const GENERATED = [(c) => `${c} || '!'`, (c) => `length(${c})`, (c) => `coalesce(${c}, 0) + 1`, (c) => `upper(${c})`];
export const INDEX_WHERE = [(c) => `${c} IS NOT NULL`, (c) => `${c} > 0`];
const FK_ACTIONS = ['NO ACTION', 'CASCADE', 'SET NULL', 'RESTRICT', 'SET DEFAULT'];
const DEFERRABLES = ['', '', 'DEFERRABLE INITIALLY DEFERRED', 'DEFERRABLE INITIALLY IMMEDIATE', 'NOT DEFERRABLE'];

// ---------------------------------------------------------------------------------------------
// Helpers.

export const q = (name) => `"${name.replace(/"/g, '""')}"`;
/** SQLite folds only ASCII letters when it compares identifiers. */
export const lc = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const asciiUpper = (s) => s.replace(/[a-z]/g, (c) => c.toUpperCase());
const same = (a, b) => lc(a) === lc(b);
const at = (list, i) => (list.length === 0 ? undefined : list[i % list.length]);
const clone = (x) => structuredClone(x);
const uniqBy = (list, key) => {
  const seen = new Set();
  return list.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

export function isAlias(t) {
  if (t.withoutRowid || !t.pk || t.pk.cols.length !== 1 || t.pk.desc[0]) return false;
  const col = t.columns.find((c) => same(c.name, t.pk.cols[0]));
  return col !== undefined && col.type === 'INTEGER';
}

// ---------------------------------------------------------------------------------------------
// Arbitraries (raw: indices into pools and lists, resolved to names by buildSpec).

// fc.noBias: fast-check's bias favours small integers, which would make "1 in 100" far more frequent.
const weighted = (p) => fc.noBias(fc.integer({ min: 0, max: 99 })).map((n) => n < p);
const namePool = (common, rare) => fc.noBias(fc.oneof({ arbitrary: fc.constantFrom(...common), weight: 300 }, { arbitrary: fc.constantFrom(...rare), weight: 1 }));
const small = fc.nat({ max: 11 });

const columnArb = fc.record({
  name: namePool(COLUMN_NAMES, RARE_COLUMN_NAMES),
  type: fc.constantFrom(...TYPES),
  notNull: weighted(20),
  default: fc.option(fc.constantFrom(...Object.keys(DEFAULTS)), { freq: 2 }),
  collate: fc.constantFrom(null, null, null, null, 'NOCASE', 'RTRIM'),
  gen: fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    { arbitrary: fc.record({ tmpl: fc.nat({ max: GENERATED.length - 1 }), src: small, stored: fc.boolean(), short: fc.boolean() }), weight: 1 },
  ),
});

const pkArb = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('alias'), col: small, autoinc: fc.boolean(), inline: weighted(70) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('single'), col: small, desc: weighted(20), inline: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('composite'), cols: fc.tuple(small, small), desc: fc.tuple(weighted(20), weighted(20)) }), weight: 2 },
);

const checkArb = fc.record({
  tmpl: fc.nat({ max: CHECKS.length - 1 }),
  cols: fc.tuple(small, small),
  name: fc.option(fc.constantFrom(...CHECK_NAMES), { freq: 2 }),
  inline: fc.boolean(),
});

const fkArb = fc.record({
  cols: fc.tuple(small, small),
  parent: small,
  ref: fc.constantFrom('implicit', 'pk', 'unique'),
  unique: small,
  onDelete: fc.constantFrom(...FK_ACTIONS),
  onUpdate: fc.constantFrom('NO ACTION', 'NO ACTION', 'CASCADE'),
  deferrable: fc.constantFrom(...DEFERRABLES),
  inline: fc.boolean(),
});

const tableArb = fc.record({
  name: namePool(TABLE_NAMES, RARE_TABLE_NAMES),
  columns: fc.array(columnArb, { minLength: 1, maxLength: 5 }),
  pk: pkArb,
  uniques: fc.array(
    fc.record({ cols: fc.array(small, { minLength: 1, maxLength: 2 }), inline: fc.boolean(), collate: fc.noBias(fc.oneof({ arbitrary: fc.constant(null), weight: 40 }, { arbitrary: fc.constant('NOCASE'), weight: 1 })) }),
    { maxLength: 2 },
  ),
  checks: fc.array(checkArb, { maxLength: 2 }),
  fks: fc.array(fkArb, { maxLength: 2 }),
  strict: weighted(20),
  withoutRowid: weighted(20),
});

const indexArb = fc.record({
  name: fc.constantFrom(...INDEX_NAMES),
  table: small,
  unique: weighted(25),
  parts: fc.array(
    fc.record({ kind: fc.constantFrom('col', 'col', 'lower', 'plus'), col: small, collate: fc.constantFrom(null, null, 'NOCASE', 'RTRIM'), desc: weighted(25) }),
    { minLength: 1, maxLength: 2 },
  ),
  where: fc.option(fc.record({ tmpl: fc.nat({ max: INDEX_WHERE.length - 1 }), col: small }), { freq: 3 }),
});

const viewArb = fc.record({
  name: fc.constantFrom(...VIEW_NAMES),
  kind: fc.constantFrom('select', 'select', 'count', 'ofView', 'join', 'star'),
  comment: weighted(20),
  table: small,
  table2: small,
  cols: fc.array(small, { minLength: 1, maxLength: 3 }),
  where: fc.option(small, { freq: 2 }),
  view: small,
});

const triggerArb = fc.record({
  name: fc.constantFrom(...TRIGGER_NAMES),
  kind: fc.constantFrom('insert', 'insert', 'noDelete', 'case', 'insteadOf'),
  table: small,
  table2: small,
  col: small,
  col2: small,
  when: fc.boolean(),
});

const virtualArb = fc.record({ name: fc.constantFrom(...VTABLE_NAMES), cols: fc.subarray(VTABLE_COLUMNS, { minLength: 1 }) });

export const rawSchemaArb = fc.record({
  tables: fc.array(tableArb, { minLength: 1, maxLength: 4 }),
  indexes: fc.array(indexArb, { maxLength: 3 }),
  views: fc.array(viewArb, { maxLength: 2 }),
  triggers: fc.array(triggerArb, { maxLength: 2 }),
  virtuals: fc.oneof({ arbitrary: fc.constant([]), weight: 5 }, { arbitrary: fc.array(virtualArb, { minLength: 1, maxLength: 1 }), weight: 1 }),
  // References (FK targets, key lists, index/view/trigger/CHECK columns) spelled in upper case: SQLite folds ASCII case.
  variant: weighted(25),
  // How the script is written: identifier quoting, keyword case, comments between items. B keeps A's style.
  style: fc.record({
    quote: fc.constantFrom('double', 'double', 'bracket', 'backtick', 'bare'),
    lower: weighted(25),
    comments: weighted(15),
  }),
});

/** Mutation kinds and their weights (table-level changes are the interesting ones; whole-table drops are rarer). */
export const MUTATIONS = {
  addColumn: 4, dropColumn: 3, retype: 3, toggleNotNull: 3, setDefault: 3, setCollate: 2, toggleGenerated: 1, swapColumns: 1,
  addCheck: 2, dropCheck: 2, addUnique: 2, dropUnique: 2, addFk: 3, dropFk: 2, modifyFk: 1, changePk: 2, toggleStrict: 2,
  toggleWithoutRowid: 2, addIndex: 2, dropIndex: 1, modifyIndex: 1, moveIndex: 1, addView: 1, dropView: 1, modifyView: 1, addTrigger: 1,
  dropTrigger: 1, addTable: 1, dropTable: 1, addVirtual: 1, dropVirtual: 1, modifyVirtual: 1, replaceColumns: 1,
};

export const mutationArb = fc.record({
  op: fc.oneof(...Object.entries(MUTATIONS).map(([op, weight]) => ({ arbitrary: fc.constant(op), weight }))),
  t: small,
  c: small,
  k: small,
  column: columnArb,
  check: checkArb,
  fk: fkArb,
  pk: pkArb,
  index: indexArb,
  view: viewArb,
  trigger: triggerArb,
  table: tableArb,
  virtual: virtualArb,
});

/** One row: a value choice per column slot, and a pick of the parent row for each foreign key. */
const valueRawArb = fc.tuple(fc.nat({ max: 99 }), fc.integer({ min: -3, max: 40 }));
const rowRawArb = fc.record({ values: fc.array(valueRawArb, { minLength: 6, maxLength: 6 }), picks: fc.tuple(fc.nat(), fc.nat()) });

export const caseArb = fc.record({
  a: rawSchemaArb,
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 5 }),
  rows: fc.array(fc.array(rowRawArb, { maxLength: 20, size: 'max' }), { minLength: 4, maxLength: 4 }),
  /** Per table: rows deleted after inserting (gaps, and an AUTOINCREMENT high-water mark above max(id)). */
  deletes: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 4, maxLength: 4 }),
  virtualRows: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
  /** Rows inserted with FK enforcement off, some of them orphans (SQLite's default is off: real databases have these). */
  fkOff: weighted(15),
  /** The connection that migrates has FK enforcement off. */
  migrateFkOff: weighted(20),
});

// ---------------------------------------------------------------------------------------------
// Raw → spec.

function buildColumn(raw, table, index) {
  const col = { name: raw.name, type: raw.type, notNull: raw.notNull, default: raw.default, collate: raw.collate, gen: null };
  if (raw.gen) {
    const others = table.filter((_, i) => i !== index);
    const src = at(others, raw.gen.src);
    if (src) col.gen = { tmpl: raw.gen.tmpl, src: src.name, stored: raw.gen.stored, short: raw.gen.short };
  }
  return col;
}

function buildPk(raw, columns) {
  const plain = columns.filter((c) => !c.gen);
  switch (raw.kind) {
    case 'none':
      return null;
    case 'alias': {
      const col = at(plain, raw.col);
      if (!col) return null;
      col.type = 'INTEGER';
      return { cols: [col.name], desc: [false], autoinc: raw.autoinc, inline: raw.inline || raw.autoinc };
    }
    case 'single': {
      const col = at(plain, raw.col);
      return col ? { cols: [col.name], desc: [raw.desc], autoinc: false, inline: raw.inline } : null;
    }
    case 'composite': {
      const a = at(plain, raw.cols[0]);
      const b = at(plain, raw.cols[1]);
      if (!a) return null;
      return { cols: b ? [a.name, b.name] : [a.name], desc: [raw.desc[0], raw.desc[1]], autoinc: false, inline: false };
    }
  }
}

function buildTable(raw) {
  const columns = [];
  raw.columns.forEach((c, i) => columns.push(buildColumn(c, raw.columns, i)));
  const t = { name: raw.name, columns: uniqBy(columns, (c) => lc(c.name)), strict: raw.strict, withoutRowid: raw.withoutRowid, uniques: [], checks: [], fks: [] };
  const plain = () => t.columns.filter((c) => !c.gen);
  t.pk = buildPk(raw.pk, t.columns);
  t.uniques = raw.uniques.map((u) => ({ cols: u.cols.map((i) => at(plain(), i)?.name).filter(Boolean), inline: u.inline, collate: u.collate }));
  t.checks = raw.checks.map((ck) => buildCheck(ck, plain()));
  return t;
}

function buildCheck(raw, plain) {
  const cols = [at(plain, raw.cols[0])?.name, at(plain, raw.cols[1])?.name].filter(Boolean);
  return { tmpl: raw.tmpl, cols: cols.slice(0, CHECKS[raw.tmpl].cols), name: raw.name, inline: raw.inline };
}

/** The key a foreign key of `raw` refers to in `parent`: its primary key or one of its UNIQUE constraints. */
function buildFk(raw, child, parent) {
  if (!parent) return null;
  let refCols;
  if (raw.ref === 'unique') {
    const u = at(parent.uniques, raw.unique);
    if (!u) return null;
    refCols = u.cols;
  } else {
    if (!parent.pk) return null;
    refCols = parent.pk.cols;
  }
  const plain = child.columns.filter((c) => !c.gen);
  const cols = [at(plain, raw.cols[0])?.name, at(plain, raw.cols[1])?.name].filter(Boolean).slice(0, refCols.length);
  if (cols.length !== refCols.length) return null;
  return {
    cols, parent: parent.name, refCols: raw.ref === 'implicit' ? null : [...refCols],
    onDelete: raw.onDelete, onUpdate: raw.onUpdate, deferrable: raw.deferrable, inline: raw.inline,
  };
}

function buildIndex(raw, tables) {
  const t = at(tables, raw.table);
  if (!t) return null;
  return {
    name: raw.name, table: t.name, unique: raw.unique,
    parts: raw.parts.map((p) => ({ kind: p.kind, col: at(t.columns, p.col).name, collate: p.collate, desc: p.desc })),
    where: raw.where ? { tmpl: raw.where.tmpl, col: at(t.columns, raw.where.col).name } : null,
  };
}

function buildView(raw, tables, views) {
  const t = at(tables, raw.table);
  if (!t) return null;
  const t2 = at(tables, raw.table2);
  const v = { name: raw.name, kind: raw.kind, table: t.name, cols: raw.cols.map((i) => at(t.columns, i).name), where: raw.where === null ? null : at(t.columns, raw.where).name, comment: raw.comment };
  if (raw.kind === 'ofView') {
    const base = at(views, raw.view);
    if (!base) return { ...v, kind: 'select' };
    v.view = base.name;
  }
  if (raw.kind === 'join') {
    v.table2 = t2.name;
    v.col2 = at(t2.columns, raw.cols[0]).name;
  }
  return v;
}

function buildTrigger(raw, tables, views = []) {
  if (raw.kind === 'insteadOf') {
    // INSTEAD OF INSERT on a view, writing through to the view's table.
    const v = at(views.filter((x) => x.kind === 'select'), raw.table);
    if (!v) return null;
    const col = at(v.cols, raw.col);
    return { name: raw.name, kind: raw.kind, table: v.name, col, table2: v.table, col2: col, when: raw.when };
  }
  const t = at(tables, raw.table);
  if (!t) return null;
  const t2 = at(tables, raw.table2);
  const plain2 = t2.columns.filter((c) => !c.gen);
  return { name: raw.name, kind: raw.kind, table: t.name, col: at(t.columns, raw.col).name, table2: t2.name, col2: at(plain2, raw.col2)?.name ?? null, when: raw.when };
}

export function buildSpec(raw) {
  const tables = uniqBy(raw.tables.map(buildTable), (t) => lc(t.name));
  const spec = {
    tables, indexes: [], views: [], triggers: [], virtuals: uniqBy(raw.virtuals.map((v) => ({ name: v.name, cols: [...v.cols] })), (v) => lc(v.name)),
    variant: raw.variant, style: { ...raw.style },
  };
  repairSpec(spec, { ordered: true });
  // Foreign keys of A point at the same table or an earlier one, so rows can be inserted in order.
  raw.tables.forEach((rt) => {
    const t = spec.tables.find((x) => x.name === rt.name);
    const i = spec.tables.indexOf(t);
    if (!t || t.fks.length > 0) return;
    t.fks = rt.fks.map((f) => buildFk(f, t, at(spec.tables.slice(0, i + 1), f.parent))).filter(Boolean);
  });
  spec.indexes = raw.indexes.map((x) => buildIndex(x, spec.tables)).filter(Boolean);
  for (const rv of raw.views) {
    const v = buildView(rv, spec.tables, spec.views);
    if (v) spec.views.push(v);
  }
  spec.triggers = raw.triggers.map((x) => buildTrigger(x, spec.tables, spec.views)).filter(Boolean);
  return repairSpec(spec, { ordered: true });
}

// ---------------------------------------------------------------------------------------------
// Repair: whatever the generator or a mutation produced, make it a schema SQLite accepts, whose
// foreign keys refer to real keys, whose views and triggers name existing columns.

function defaultFits(table, col) {
  if (col.default === null) return true;
  if (!table.strict) return true;
  return strictAccepts[col.type]?.includes(DEFAULTS[col.default]) ?? true;
}

function repairTable(t) {
  t.columns = uniqBy(t.columns, (c) => lc(c.name));
  const names = new Map(t.columns.map((c) => [lc(c.name), c]));
  // Generated columns read one plain column of the same table.
  for (const c of t.columns) {
    if (c.gen) {
      const src = names.get(lc(c.gen.src));
      if (!src || src === c || src.gen) c.gen = null;
    }
  }
  t.columns = t.columns.filter((c) => !c.gen || names.get(lc(c.gen.src)));
  if (t.columns.every((c) => c.gen)) t.columns[0].gen = null;
  for (const c of t.columns) {
    if (c.gen) {
      c.default = null;
      c.notNull = false;
    }
    if (t.strict && !STRICT_TYPES.includes(c.type)) c.type = toStrictType[c.type] ?? 'ANY';
    if (t.strict && c.gen && c.type !== 'TEXT') c.type = 'ANY';
    if (!defaultFits(t, c)) c.default = null;
  }
  const plain = new Map(t.columns.filter((c) => !c.gen).map((c) => [lc(c.name), c]));
  const plainName = (n) => plain.get(lc(n))?.name;
  if (t.pk) {
    const cols = uniqBy(t.pk.cols.map(plainName).filter(Boolean), lc);
    if (cols.length === 0) t.pk = null;
    else {
      t.pk.desc = t.pk.cols.map((n, i) => t.pk.desc[i] ?? false).slice(0, cols.length);
      t.pk.cols = cols;
      if (cols.length > 1) t.pk.inline = false;
    }
  }
  if (!t.pk) t.withoutRowid = false;
  if (t.pk) {
    t.pk.autoinc = t.pk.autoinc && isAlias(t);
    if (t.pk.autoinc) t.pk.inline = true;
  }
  t.uniques = uniqBy(
    t.uniques.map((u) => ({ ...u, cols: uniqBy(u.cols.map(plainName).filter(Boolean), lc) })).filter((u) => u.cols.length > 0),
    (u) => u.cols.map(lc).join('\0'),
  );
  for (const u of t.uniques) {
    if (u.cols.length > 1 || u.collate) u.inline = false;
    u.collate ??= null;
  }
  t.checks = t.checks.filter((ck) => ck.cols.length === CHECKS[ck.tmpl].cols && ck.cols.every((n) => plainName(n)) && new Set(ck.cols.map(lc)).size === ck.cols.length);
  for (const ck of t.checks) ck.cols = ck.cols.map(plainName);
  t.checks = uniqBy(t.checks, (ck) => `${ck.tmpl}:${ck.cols.map(lc).join(',')}`);
  const usedNames = new Set();
  for (const ck of t.checks) {
    if (ck.name !== null && usedNames.has(lc(ck.name))) ck.name = null;
    if (ck.name !== null) usedNames.add(lc(ck.name));
  }
}

/** Whether `cols` of `parent` form its primary key or one of its UNIQUE constraints (as sets). */
function isParentKey(parent, cols) {
  const key = (list) => list.map(lc).sort().join('\0');
  const want = key(cols);
  if (parent.pk && key(parent.pk.cols) === want) return true;
  // A UNIQUE with its own collation is no parent key unless it matches the column's (SQLite: "foreign key mismatch").
  return parent.uniques.some((u) => !u.collate && key(u.cols) === want);
}

export function repairSpec(spec, { ordered = false } = {}) {
  spec.tables = uniqBy(spec.tables, (t) => lc(t.name));
  for (const t of spec.tables) repairTable(t);
  spec.virtuals = uniqBy(spec.virtuals ?? [], (v) => lc(v.name)).filter((v) => v.cols.length > 0);
  const tables = new Map(spec.tables.map((t) => [lc(t.name), t]));
  spec.tables.forEach((t, ti) => {
    const plain = new Map(t.columns.filter((c) => !c.gen).map((c) => [lc(c.name), c.name]));
    t.fks = t.fks.filter((fk) => {
      const parent = tables.get(lc(fk.parent));
      if (!parent) return false;
      if (ordered && spec.tables.indexOf(parent) > ti) return false;
      fk.parent = parent.name;
      const cols = fk.cols.map((n) => plain.get(lc(n)));
      if (cols.some((n) => !n) || new Set(cols.map(lc)).size !== cols.length) return false;
      fk.cols = cols;
      if (fk.refCols === null) {
        if (!parent.pk || parent.pk.cols.length !== cols.length) return false;
      } else {
        const parentCols = new Map(parent.columns.map((c) => [lc(c.name), c.name]));
        const refCols = fk.refCols.map((n) => parentCols.get(lc(n)));
        if (refCols.some((n) => !n) || refCols.length !== cols.length || !isParentKey(parent, refCols)) return false;
        fk.refCols = refCols;
      }
      if (cols.length > 1) fk.inline = false;
      return true;
    });
    t.fks = uniqBy(t.fks, (fk) => `${fk.cols.map(lc).join(',')}>${lc(fk.parent)}`);
  });
  const colOf = (tableName, colName, { plainOnly = false } = {}) => {
    const t = tables.get(lc(tableName));
    const c = t?.columns.find((x) => same(x.name, colName) && !(plainOnly && x.gen));
    return c?.name;
  };
  spec.indexes = uniqBy(spec.indexes, (x) => lc(x.name)).filter((ix) => {
    const t = tables.get(lc(ix.table));
    if (!t) return false;
    ix.table = t.name;
    ix.parts = ix.parts.filter((p) => colOf(t.name, p.col));
    for (const p of ix.parts) p.col = colOf(t.name, p.col);
    ix.parts = uniqBy(ix.parts, (p) => `${p.kind}:${lc(p.col)}`);
    if (ix.where && !colOf(t.name, ix.where.col)) ix.where = null;
    if (ix.where) ix.where.col = colOf(t.name, ix.where.col);
    return ix.parts.length > 0;
  });
  const views = [];
  for (const v of uniqBy(spec.views, (x) => lc(x.name))) {
    const t = tables.get(lc(v.table));
    if (!t) continue;
    v.table = t.name;
    v.cols = uniqBy(v.cols.filter((n) => colOf(t.name, n)).map((n) => colOf(t.name, n)), lc);
    if (v.where !== null && !colOf(t.name, v.where)) v.where = null;
    if (v.where !== null) v.where = colOf(t.name, v.where);
    if (v.kind === 'ofView' && !views.some((x) => same(x.name, v.view))) v.kind = 'select';
    if (v.kind === 'join') {
      if (!tables.has(lc(v.table2)) || same(v.table2, v.table) || !colOf(v.table2, v.col2)) v.kind = 'select';
      else {
        v.table2 = tables.get(lc(v.table2)).name;
        v.col2 = colOf(v.table2, v.col2);
      }
    }
    if ((v.kind === 'select' || v.kind === 'join') && v.cols.length === 0) continue;
    views.push(v);
  }
  spec.views = views;
  spec.triggers = uniqBy(spec.triggers, (x) => lc(x.name)).filter((tr) => {
    const t = tr.kind === 'insteadOf' ? spec.views.find((x) => same(x.name, tr.table)) : tables.get(lc(tr.table));
    if (!t) return false;
    tr.table = t.name;
    if (tr.kind === 'noDelete') return true;
    const t2 = tables.get(lc(tr.table2));
    if (tr.kind === 'insteadOf') {
      const v = spec.views.find((x) => same(x.name, tr.table));
      return v !== undefined && v.kind === 'select' && same(v.table, tr.table2) && t2 !== undefined
        && v.cols.some((n) => same(n, tr.col)) && colOf(t2.name, tr.col2, { plainOnly: true }) !== undefined;
    }
    if (!t2 || t2 === t || !colOf(t.name, tr.col) || !tr.col2 || !colOf(t2.name, tr.col2, { plainOnly: true })) return false;
    tr.table2 = t2.name;
    tr.col = colOf(t.name, tr.col);
    tr.col2 = colOf(t2.name, tr.col2, { plainOnly: true });
    return true;
  });
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Mutations: A's spec → B's spec.

function applyMutation(spec, m) {
  const t = at(spec.tables, m.t);
  const col = t ? at(t.columns, m.c) : undefined;
  switch (m.op) {
    case 'addColumn': {
      if (!t) return;
      const c = buildColumn(m.column, t.columns.map((x) => ({ ...x, name: x.name })), -1);
      // Mostly appended (in place); sometimes inserted (a rebuild).
      if (m.k % 4 === 0) t.columns.splice(m.c % (t.columns.length + 1), 0, c);
      else t.columns.push(c);
      return;
    }
    case 'dropColumn':
      if (t && t.columns.length > 1) t.columns = t.columns.filter((c) => c !== col);
      return;
    case 'replaceColumns': {
      // Every column goes and a new one comes: a rebuild that shares no column (issue 12 point 19),
      // sometimes with the new column as the key so that a WITHOUT ROWID table stays one.
      if (!t) return;
      const name = at(COLUMN_NAMES.filter((n) => !t.columns.some((c) => same(c.name, n))), m.k);
      if (name === undefined) return;
      const c = buildColumn({ ...m.column, name, gen: null }, [], -1);
      t.columns = [c];
      if (m.c % 2 === 0) t.pk = { cols: [c.name], desc: [m.k % 3 === 0], autoinc: false, inline: m.c % 4 === 0 };
      return;
    }
    case 'retype':
      if (col) col.type = at(t.strict ? STRICT_TYPES : TYPES, m.k);
      return;
    case 'toggleNotNull':
      if (col) {
        col.notNull = !col.notNull;
        // Mostly with a default, so NULLs are backfilled rather than failing.
        if (col.notNull && col.default === null && m.k % 3 !== 0) col.default = at(['0', "'x'", '-1', '1.5'], m.k);
      }
      return;
    case 'setDefault':
      if (col) col.default = m.k % 5 === 0 ? null : at(Object.keys(DEFAULTS), m.k);
      return;
    case 'setCollate':
      if (col) col.collate = at([null, 'NOCASE', 'RTRIM'], m.k);
      return;
    case 'toggleGenerated':
      if (!col) return;
      if (col.gen) col.gen = null;
      else {
        const src = at(t.columns.filter((x) => x !== col && !x.gen), m.k);
        if (src) col.gen = { tmpl: m.k % GENERATED.length, src: src.name, stored: m.k % 2 === 0, short: false };
      }
      return;
    case 'swapColumns': {
      if (!t || t.columns.length < 2) return;
      const i = m.c % t.columns.length;
      const j = (i + 1 + (m.k % (t.columns.length - 1))) % t.columns.length;
      [t.columns[i], t.columns[j]] = [t.columns[j], t.columns[i]];
      return;
    }
    case 'addCheck': {
      if (!t) return;
      const raw = m.k % 4 === 0 ? m.check : { ...m.check, tmpl: SAFE_CHECKS[m.k % SAFE_CHECKS.length] };
      t.checks.push(buildCheck(raw, t.columns.filter((c) => !c.gen)));
      return;
    }
    case 'dropCheck':
      if (t && t.checks.length > 0) t.checks.splice(m.k % t.checks.length, 1);
      return;
    case 'addUnique':
      if (col && !col.gen) t.uniques.push({ cols: [col.name], inline: m.k % 2 === 0 });
      return;
    case 'dropUnique':
      if (t && t.uniques.length > 0) t.uniques.splice(m.k % t.uniques.length, 1);
      return;
    case 'addFk': {
      if (!t) return;
      const fk = buildFk(m.fk, t, at(spec.tables, m.fk.parent));
      if (fk) t.fks.push(fk);
      return;
    }
    case 'dropFk':
      if (t && t.fks.length > 0) t.fks.splice(m.k % t.fks.length, 1);
      return;
    case 'modifyFk': {
      const fk = t ? at(t.fks, m.k) : undefined;
      if (fk) {
        fk.onDelete = m.fk.onDelete;
        fk.deferrable = m.fk.deferrable;
        // `REFERENCES parent` (implicit: the parent's primary key) and the same key spelled out are two schemas.
        const parent = spec.tables.find((x) => same(x.name, fk.parent));
        if (m.k % 3 === 0 && parent?.pk) {
          const pkCols = parent.pk.cols;
          if (fk.refCols === null) fk.refCols = [...pkCols];
          else if (fk.refCols.length === pkCols.length && fk.refCols.every((c, i) => same(c, pkCols[i]))) fk.refCols = null;
        }
      }
      return;
    }
    case 'changePk':
      if (t) t.pk = buildPk(m.pk, t.columns);
      return;
    case 'toggleStrict':
      if (t) t.strict = !t.strict;
      return;
    case 'toggleWithoutRowid':
      if (t) t.withoutRowid = !t.withoutRowid;
      return;
    case 'addIndex': {
      const ix = buildIndex(m.index, spec.tables);
      if (ix) spec.indexes.push(ix);
      return;
    }
    case 'dropIndex':
      if (spec.indexes.length > 0) spec.indexes.splice(m.k % spec.indexes.length, 1);
      return;
    case 'modifyIndex': {
      const ix = at(spec.indexes, m.k);
      if (!ix) return;
      if (m.c % 3 === 0) ix.unique = !ix.unique;
      else if (m.c % 3 === 1) ix.where = ix.where ? null : { tmpl: 0, col: ix.parts[0].col };
      else ix.parts[0].desc = !ix.parts[0].desc;
      return;
    }
    case 'moveIndex': {
      // The same index name on another table (SQLite's index namespace is per schema, not per table).
      const ix = at(spec.indexes, m.k);
      const to = t && ix && !same(t.name, ix.table) ? t : undefined;
      if (!to) return;
      ix.table = to.name;
      ix.parts = ix.parts.map((p, i) => ({ ...p, col: at(to.columns, m.c + i).name }));
      ix.where = null;
      return;
    }
    case 'addView': {
      const v = buildView(m.view, spec.tables, spec.views);
      if (v) spec.views.push(v);
      return;
    }
    case 'dropView':
      if (spec.views.length > 0) spec.views.splice(m.k % spec.views.length, 1);
      return;
    case 'modifyView': {
      const v = at(spec.views, m.k);
      if (v) v.where = v.where === null && t ? at(t.columns, m.c)?.name ?? null : null;
      return;
    }
    case 'addTrigger': {
      const tr = buildTrigger(m.trigger, spec.tables, spec.views);
      if (tr) spec.triggers.push(tr);
      return;
    }
    case 'dropTrigger':
      if (spec.triggers.length > 0) spec.triggers.splice(m.k % spec.triggers.length, 1);
      return;
    case 'addTable': {
      const nt = buildTable(m.table);
      spec.tables.push(nt);
      repairTable(nt);
      nt.fks = m.table.fks.map((f) => buildFk(f, nt, at(spec.tables, f.parent))).filter(Boolean);
      return;
    }
    case 'dropTable':
      if (t) spec.tables = spec.tables.filter((x) => x !== t);
      return;
    case 'addVirtual':
      spec.virtuals.push({ name: m.virtual.name, cols: [...m.virtual.cols] });
      return;
    case 'dropVirtual':
      if (spec.virtuals.length > 0) spec.virtuals.splice(m.k % spec.virtuals.length, 1);
      return;
    case 'modifyVirtual': {
      const v = at(spec.virtuals, m.k);
      if (!v) return;
      const missing = VTABLE_COLUMNS.filter((c) => !v.cols.includes(c));
      if (missing.length > 0 && m.c % 2 === 0) v.cols.push(at(missing, m.c));
      else if (v.cols.length > 1) v.cols.splice(m.c % v.cols.length, 1);
      return;
    }
  }
}

export function mutateSpec(a, mutations) {
  const b = clone(a);
  for (const m of mutations) {
    applyMutation(b, m);
    repairSpec(b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Rendering. `r` quotes a *reference* to a name (the definition itself always uses `q`).

function renderFk(fk, r) {
  let s = `REFERENCES ${r(fk.parent)}`;
  if (fk.refCols !== null) s += ` (${fk.refCols.map(r).join(', ')})`;
  if (fk.onDelete !== 'NO ACTION') s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== 'NO ACTION') s += ` ON UPDATE ${fk.onUpdate}`;
  if (fk.deferrable) s += ` ${fk.deferrable}`;
  return s;
}

function renderCheck(ck, r) {
  const expr = CHECKS[ck.tmpl].sql(...ck.cols.map(r));
  return `${ck.name === null ? '' : `CONSTRAINT ${dq(ck.name)} `}CHECK (${expr})`;
}

function renderColumn(t, c, r) {
  const parts = [dq(c.name)];
  if (c.type) parts.push(c.type);
  const pk = t.pk;
  if (pk && pk.inline && pk.cols.length === 1 && same(pk.cols[0], c.name)) {
    parts.push(`PRIMARY KEY${pk.desc[0] ? ' DESC' : ''}${pk.autoinc ? ' AUTOINCREMENT' : ''}`);
  }
  if (c.notNull) parts.push('NOT NULL');
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (c.collate) parts.push(`COLLATE ${c.collate}`);
  if (t.uniques.some((u) => u.inline && same(u.cols[0], c.name))) parts.push('UNIQUE');
  for (const ck of t.checks) if (ck.inline && same(ck.cols[0], c.name)) parts.push(renderCheck(ck, r));
  for (const fk of t.fks) if (fk.inline && same(fk.cols[0], c.name)) parts.push(renderFk(fk, r));
  if (c.gen) {
    const expr = GENERATED[c.gen.tmpl](r(c.gen.src));
    parts.push(`${c.gen.short ? '' : 'GENERATED ALWAYS '}AS (${expr}) ${c.gen.stored ? 'STORED' : 'VIRTUAL'}`);
  }
  return parts.join(' ');
}

export function renderTable(t, r = q) {
  const lines = t.columns.map((c) => renderColumn(t, c, r));
  if (t.pk && !t.pk.inline) lines.push(`PRIMARY KEY (${t.pk.cols.map((n, i) => `${r(n)}${t.pk.desc[i] ? ' DESC' : ''}`).join(', ')})`);
  // A collation inside the key (`UNIQUE (b COLLATE NOCASE)`) applies to the first column.
  for (const u of t.uniques) if (!u.inline) lines.push(`UNIQUE (${u.cols.map((n, i) => `${r(n)}${i === 0 && u.collate ? ` COLLATE ${u.collate}` : ''}`).join(', ')})`);
  for (const ck of t.checks) if (!ck.inline) lines.push(renderCheck(ck, r));
  for (const fk of t.fks) if (!fk.inline) lines.push(`FOREIGN KEY (${fk.cols.map(r).join(', ')}) ${renderFk(fk, r)}`);
  const options = [t.strict ? 'STRICT' : '', t.withoutRowid ? 'WITHOUT ROWID' : ''].filter(Boolean).join(', ');
  return `CREATE TABLE ${dq(t.name)} (\n  ${lines.join(',\n  ')}\n)${options ? ` ${options}` : ''}`;
}

function renderIndex(ix, r) {
  const part = (p) => {
    const head = p.kind === 'col' ? r(p.col) : p.kind === 'lower' ? `lower(${r(p.col)})` : `(${r(p.col)} + 1)`;
    return `${head}${p.collate ? ` COLLATE ${p.collate}` : ''}${p.desc ? ' DESC' : ''}`;
  };
  const where = ix.where ? ` WHERE ${INDEX_WHERE[ix.where.tmpl](r(ix.where.col))}` : '';
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${dq(ix.name)} ON ${r(ix.table)} (${ix.parts.map(part).join(', ')})${where}`;
}

function renderView(v, r) {
  const where = v.where !== null ? ` WHERE ${r(v.where)} IS NOT NULL` : '';
  switch (v.kind) {
    case 'select':
      return `CREATE VIEW ${dq(v.name)} AS SELECT ${v.comment ? '/* shared; columns */ ' : ''}${v.cols.map(r).join(', ')} FROM ${r(v.table)}${where}`;
    case 'count':
      return `CREATE VIEW ${dq(v.name)} AS SELECT count(*) AS "n" FROM ${r(v.table)}${where}`;
    case 'ofView':
      return `CREATE VIEW ${dq(v.name)} AS SELECT * FROM ${r(v.view)}`;
    case 'star':
      return `CREATE VIEW ${dq(v.name)} AS SELECT * FROM ${r(v.table)}${where}`;
    case 'join':
      return `CREATE VIEW ${dq(v.name)} AS SELECT a.${r(v.cols[0])} AS "left", b.${r(v.col2)} AS "right" FROM ${r(v.table)} AS a JOIN ${r(v.table2)} AS b ON a.${r(v.cols[0])} = b.${r(v.col2)}`;
  }
}

function renderTrigger(tr, r) {
  if (tr.kind === 'noDelete') {
    return `CREATE TRIGGER ${dq(tr.name)} BEFORE DELETE ON ${r(tr.table)} BEGIN SELECT RAISE(ABORT, 'rows of ${tr.table.replace(/'/g, "''")} are never deleted'); END`;
  }
  if (tr.kind === 'insteadOf') {
    return `CREATE TRIGGER ${dq(tr.name)} INSTEAD OF INSERT ON ${r(tr.table)} BEGIN\n  INSERT INTO ${r(tr.table2)} (${r(tr.col2)}) VALUES (NEW.${r(tr.col)});\nEND`;
  }
  const when = tr.when ? ` WHEN NEW.${r(tr.col)} IS NOT NULL` : '';
  if (tr.kind === 'case') {
    return `CREATE TRIGGER ${dq(tr.name)} AFTER INSERT ON ${r(tr.table)}${when} BEGIN\n  INSERT INTO ${r(tr.table2)} (${r(tr.col2)}) VALUES (CASE WHEN NEW.${r(tr.col)} IS NULL THEN 'none; really' ELSE NEW.${r(tr.col)} END);\n  SELECT 1;\nEND`;
  }
  return `CREATE TRIGGER ${dq(tr.name)} AFTER INSERT ON ${r(tr.table)}${when} BEGIN\n  INSERT INTO ${r(tr.table2)} (${r(tr.col2)}) VALUES (NEW.${r(tr.col)});\nEND`;
}

function renderVirtual(v) {
  return `CREATE VIRTUAL TABLE ${dq(v.name)} USING fts5(${v.cols.map(dq).join(', ')})`;
}

export function renderSpec(spec) {
  const style = spec.style ?? { quote: 'double', lower: false, comments: false };
  const quote = quoters[style.quote];
  dq = quote;
  const r = spec.variant ? (name) => quote(asciiUpper(name)) : quote;
  try {
    const statements = [
      ...spec.tables.map((t) => renderTable(t, r)),
      ...spec.indexes.map((ix) => renderIndex(ix, r)),
      ...(spec.virtuals ?? []).map(renderVirtual),
      ...spec.views.map((v) => renderView(v, r)),
      ...spec.triggers.map((tr) => renderTrigger(tr, r)),
    ];
    let sql = statements.map((st) => `${st};\n`).join('');
    if (style.comments) sql = `-- generated schema; "quotes" and ;semicolons; in comments are not code\n${sql.replace(/,\n {2}/g, ', -- next item;\n  ')}`;
    return style.lower ? lowerKeywords(sql) : sql;
  } finally {
    dq = q;
  }
}

const KEYWORDS = new Set(`ABORT ACTION AFTER ALWAYS AND ANY AS BEFORE BEGIN BLOB CASCADE CASE CHECK COLLATE CONSTRAINT CREATE
  CURRENT_TIMESTAMP DEFAULT DEFERRABLE DEFERRED DELETE DESC ELSE END EXISTS FOREIGN FROM GENERATED IMMEDIATE INDEX INITIALLY
  INSERT INSTEAD INT INTEGER INTO IS JOIN KEY NOCASE NO NOT NULL NUMERIC OF ON OR PRIMARY RAISE REAL REFERENCES RESTRICT
  ROWID RTRIM SELECT SET STORED STRICT TABLE TEXT THEN TRIGGER TRUE UNIQUE UPDATE USING VALUES VARCHAR VIEW VIRTUAL WHEN
  WHERE WITHOUT AUTOINCREMENT`.split(/\s+/));

/** Lower-cases SQL keywords outside quotes, strings and comments (SQLite keywords are case-insensitive). */
function lowerKeywords(sql) {
  return sql.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|--[^\n]*|\/\*[\s\S]*?\*\/)|([A-Za-z_]+)/g, (m, quoted, word) =>
    quoted !== undefined ? m : KEYWORDS.has(word) ? word.toLowerCase() : word,
  );
}

const bareKeywords = new Set(['order', 'select', 'group', 'check', 'as', 'primary', 'table', 'index', 'key', 'default', 'values', 'from', 'where']);
const bareOk = (name) => /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(name) && !bareKeywords.has(lc(name));
const quoters = {
  double: q,
  bracket: (name) => (name.includes(']') ? q(name) : `[${name}]`),
  backtick: (name) => `\`${name.replace(/`/g, '``')}\``,
  bare: (name) => (bareOk(name) ? name : q(name)),
};
/** The identifier quoting of the schema being rendered (renderSpec sets it). */
let dq = q;

// ---------------------------------------------------------------------------------------------
// Rows.

const TEXTS = ['a', 'abc', 'ABC', 'abc ', "it's", 'Ünï', '', '12', ' 7 ', '1e2', '3.0', 'x"y', 'forbidden?', 'zz'];
const BLOBS = ["X'00'", "X'deadbeef'", "X''"];
const WILD = (n) => [String(n), `${n}.25`, `'${TEXTS[Math.abs(n) % TEXTS.length].replace(/'/g, "''")}'`, BLOBS[Math.abs(n) % BLOBS.length], `'${n}'`, '-0.5'][Math.abs(n) % 6];

function textLiteral(n) {
  return `'${TEXTS[Math.abs(n) % TEXTS.length].replace(/'/g, "''")}'`;
}

/** A SQL literal for column `c` from a raw choice, or undefined to leave the column to its default. */
// A row never takes a default that reads the clock: the rows script is run again for every check and
// every shrink, and a second later it would hold other values (a child row's copy of its parent's
// CURRENT_TIMESTAMP key became an orphan; two rows in one second collide on a UNIQUE one).
const CLOCK_VALUE = "'2026-01-01 00:00:00'";
const readsClock = (expr) => typeof expr === 'string' && /\bcurrent_(timestamp|date|time)\b/i.test(expr);

function valueFor(c, [cat, n]) {
  if (cat < 8) return readsClock(c.default) ? CLOCK_VALUE : undefined;
  if (cat < 18 && !c.notNull) return 'NULL';
  if (cat < 28) return WILD(n);
  const type = c.type;
  if (type === 'INTEGER' || type === 'INT') return String(n);
  if (type === 'REAL') return cat % 2 === 0 ? `${n}.5` : `${n}.0`;
  if (type === 'TEXT' || type === 'VARCHAR(20)') return textLiteral(n);
  if (type === 'BLOB') return BLOBS[Math.abs(n) % BLOBS.length];
  return cat % 3 === 0 ? textLiteral(n) : String(n);
}

/**
 * Inserts generated rows into `db` (which holds schema A), table by table in A's order; foreign-key
 * columns take the key of an existing parent row (or NULL; with `fkOff`, sometimes an orphan value).
 * Rows A rejects are skipped. Then some rows are deleted. Returns the statements that succeeded, as a
 * script that replays them.
 */
export function insertRows(db, spec, rowsRaw, { deletes = [], virtualRows = [], fkOff = false } = {}) {
  const done = [];
  const run = (sql) => {
    try {
      db.exec(sql);
      done.push(sql);
    } catch {
      // A statement A's constraints reject: skipped.
    }
  };
  if (fkOff) run('PRAGMA foreign_keys = OFF');
  spec.tables.forEach((t, ti) => {
    const raws = rowsRaw[ti] ?? [];
    for (const raw of raws) {
      const values = new Map();
      t.columns.forEach((c, ci) => {
        if (c.gen) return;
        const v = valueFor(c, raw.values[ci % raw.values.length]);
        if (v !== undefined) values.set(c.name, v);
      });
      t.fks.forEach((fk, fi) => {
        const pick = raw.picks[fi % raw.picks.length];
        const parent = spec.tables.find((x) => same(x.name, fk.parent));
        const refCols = fk.refCols ?? parent.pk.cols;
        if (pick % 6 === 0) {
          for (const c of fk.cols) values.set(c, 'NULL');
          return;
        }
        if (fkOff && pick % 6 === 1) {
          for (const c of fk.cols) values.set(c, String(900 + (pick % 50)));
          return;
        }
        const rows = db.prepare(`SELECT ${refCols.map((c) => `quote(${q(c)})`).join(', ')} FROM ${q(parent.name)} ORDER BY 1`).raw().all();
        if (rows.length === 0) return;
        const row = rows[pick % rows.length];
        fk.cols.forEach((c, i) => values.set(c, row[i]));
      });
      const cols = [...values.keys()];
      run(cols.length === 0
        ? `INSERT INTO ${q(t.name)} DEFAULT VALUES`
        : `INSERT INTO ${q(t.name)} (${cols.map(q).join(', ')}) VALUES (${cols.map((c) => values.get(c)).join(', ')})`);
    }
  });
  for (const v of spec.virtuals ?? []) {
    for (const [a, b] of virtualRows) {
      const vals = v.cols.map((_, i) => textLiteral(a + i * b));
      run(`INSERT INTO ${q(v.name)} (${v.cols.map(q).join(', ')}) VALUES (${vals.join(', ')})`);
    }
  }
  spec.tables.forEach((t, ti) => {
    if (t.withoutRowid) return;
    for (const k of deletes[ti] ?? []) {
      const ids = db.prepare(`SELECT rowid FROM ${q(t.name)} ORDER BY rowid`).pluck().all();
      if (ids.length === 0) break;
      // Half of the deletes take the last row: an AUTOINCREMENT counter then stays above max(id).
      const id = k % 2 === 0 ? ids[ids.length - 1] : ids[k % ids.length];
      run(`DELETE FROM ${q(t.name)} WHERE rowid = ${id}`);
    }
  });
  if (fkOff) run('PRAGMA foreign_keys = ON');
  return done.map((s) => `${s};\n`).join('');
}
