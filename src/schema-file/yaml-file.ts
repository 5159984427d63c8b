/**
 * A desired state written as YAML (format: schema/liteform.schema.json).
 *
 * The file is checked in passes, each reporting every problem it finds as `file:line:col: message`
 * (one line per problem, in file order): YAML syntax, then the JSON Schema (the same file editors use
 * for completion, so the two never disagree), then rules a JSON Schema cannot express (columns that
 * exist, keys a foreign key may refer to, names SQLite would reject). The result is rendered as CREATE
 * statements and run by SQLite in a scratch database — exactly what happens to a `.sql` desired state —
 * so both formats share one parser and one normalisation. An error SQLite still finds is traced back to
 * the YAML node that produced the offending clause.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Scalar, type YAMLError } from 'yaml';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { DesiredState, RenameHints, SchemaModel } from '../model/schema-model.js';
import { quoteIdent, quoteString } from '../model/quote.js';
import { renderDefault } from '../render/create-sql.js';
import { modelFromStatements, StatementError } from '../db/scratch.js';
import { tokenize, isKeyword, identifierOf, type Token } from '../model/sql-tokens.js';
import { splitStatements } from '../model/split-statements.js';
import { isUserTableName } from '../model/internal-names.js';
import { LiteformError } from '../errors.js';

// ---------------------------------------------------------------------------------------------
// The document, as the JSON Schema guarantees it after validation.

type FkAction = 'NO ACTION' | 'RESTRICT' | 'SET NULL' | 'SET DEFAULT' | 'CASCADE';
type YamlDeferrable = false | 'initially-deferred' | 'initially-immediate';
type YamlCheck = string | { readonly name?: string; readonly expr: string };
type YamlKeyColumn = string | { readonly column: string; readonly desc?: boolean };
type YamlIndexPart =
  | string
  | { readonly column: string; readonly desc?: boolean; readonly collate?: string }
  | { readonly expr: string; readonly desc?: boolean; readonly collate?: string };

interface YamlColumn {
  readonly type?: string;
  readonly primaryKey?: boolean;
  readonly autoincrement?: boolean;
  readonly notNull?: boolean;
  readonly unique?: boolean;
  readonly default?: string | number | boolean | null;
  readonly defaultExpr?: string;
  readonly collate?: string;
  readonly generated?: { readonly expr: string; readonly stored?: boolean };
  readonly references?: {
    readonly table: string;
    readonly column?: string;
    readonly onDelete?: FkAction;
    readonly onUpdate?: FkAction;
    readonly deferrable?: YamlDeferrable;
  };
  readonly check?: YamlCheck;
  readonly renamedFrom?: string;
}

interface YamlForeignKey {
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns?: readonly string[] };
  readonly onDelete?: FkAction;
  readonly onUpdate?: FkAction;
  readonly deferrable?: YamlDeferrable;
}

interface YamlIndex {
  readonly columns: readonly YamlIndexPart[];
  readonly unique?: boolean;
  readonly where?: string;
}

type YamlPrimaryKey = readonly YamlKeyColumn[] | { readonly columns: readonly YamlKeyColumn[]; readonly autoincrement?: boolean };

interface YamlTable {
  readonly renamedFrom?: string;
  readonly strict?: boolean;
  readonly withoutRowid?: boolean;
  readonly columns: Readonly<Record<string, string | YamlColumn>>;
  readonly primaryKey?: YamlPrimaryKey;
  readonly unique?: readonly (readonly string[])[];
  readonly checks?: readonly YamlCheck[];
  readonly foreignKeys?: readonly YamlForeignKey[];
  readonly indexes?: Readonly<Record<string, YamlIndex>>;
}

type YamlView = string | { readonly sql: string } | { readonly select: string };
type YamlTrigger = string | { readonly table?: string; readonly sql: string };
type YamlVirtualTable = string | { readonly sql: string };

interface YamlSchema {
  readonly version?: 1;
  readonly tables?: Readonly<Record<string, YamlTable>>;
  readonly views?: Readonly<Record<string, YamlView>>;
  readonly triggers?: Readonly<Record<string, YamlTrigger>>;
  readonly virtualTables?: Readonly<Record<string, YamlVirtualTable>>;
}

// ---------------------------------------------------------------------------------------------
// Problems: every check names a path into the document; positions are looked up once, at the end.

type Path = readonly (string | number)[];

/** A node of the document: its value, or (`onKey`) the key naming it, which is where a name-level problem is. */
interface Location {
  readonly path: Path;
  readonly onKey?: boolean;
}

interface Finding extends Location {
  readonly text: string;
}

interface Problem {
  readonly offset: number;
  readonly text: string;
}

interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

const simpleName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `tables.users.columns.id`, `tables.users.checks[1]`, `tables."order items"`: how a problem names its node. */
function displayPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += `${out === '' ? '' : '.'}${simpleName.test(seg) ? seg : JSON.stringify(seg)}`;
  }
  return out === '' ? 'document' : out;
}

function finding(path: Path, message: string, onKey = false): Finding {
  return { path, onKey, text: `${displayPath(path)}: ${message}` };
}

/** The key and value nodes at `path`, as far as the path leads (a missing step stops at its parent). */
function nodesAt(doc: Document, path: Path): { key: unknown; value: unknown } {
  let key: unknown = null;
  let value: unknown = doc.contents;
  for (const seg of path) {
    if (isAlias(value)) value = value.resolve(doc);
    if (isMap(value)) {
      const pair = value.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      key = pair.key;
      value = pair.value;
    } else if (isSeq(value) && typeof seg === 'number' && value.items[seg] !== undefined) {
      key = null;
      value = value.items[seg];
    } else {
      break;
    }
  }
  return { key, value };
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0];
}

/** An empty value (`users:` with nothing after it) has no useful position of its own: the key is where to look. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && !node.source;
}

function offsetOf(doc: Document, loc: Location): number {
  const { key, value } = nodesAt(doc, loc.path);
  const preferKey = loc.onKey === true || value === null || isEmptyScalar(value);
  return (preferKey ? startOf(key) ?? startOf(value) : startOf(value) ?? startOf(key)) ?? 0;
}

function problemOf(source: YamlSource, f: Finding): Problem {
  return { offset: offsetOf(source.doc, f), text: f.text };
}

/** Throws one error listing every problem, one per line, in file order. */
function fail(source: YamlSource, problems: readonly Problem[], hint: string): never {
  const lines = [...problems]
    .sort((a, b) => a.offset - b.offset)
    .map((p) => {
      const { line, col } = source.lines.linePos(p.offset);
      return `${source.file}:${line}:${col}: ${p.text}`;
    });
  throw new LiteformError('LITEFORM_SCHEMA_INVALID', [...new Set(lines)].join('\n'), hint);
}

function throwIfAny(source: YamlSource, problems: readonly Problem[], hint: string): void {
  if (problems.length > 0) fail(source, problems, hint);
}

// ---------------------------------------------------------------------------------------------
// Pass 1: YAML syntax.

/** The scalar starting or ending at `offset`, if any. */
function scalarAt(doc: Document, offset: number, end: boolean): Scalar | undefined {
  let found: Scalar | undefined;
  visit(doc, {
    Scalar(_, node) {
      if (node.range?.[end ? 1 : 0] === offset) found = node;
    },
  });
  return found;
}

function yamlErrorText(e: YAMLError, doc: Document): string {
  switch (e.code) {
    case 'DUPLICATE_KEY':
      return `YAML: duplicate key '${String(scalarAt(doc, e.pos[0], false)?.value ?? '')}' (keys of a mapping must be unique)`;
    case 'MULTIPLE_DOCS':
      return `YAML: a schema file holds one document; remove the '---' separator`;
    default:
      return `YAML: ${e.message}`;
  }
}

/** An unclosed quote is only noticed at the end of the file; the opening quote is where to look. */
function syntaxErrorOffset(e: YAMLError, doc: Document): number {
  if (e.code !== 'MISSING_CHAR') return e.pos[0];
  const quoted = scalarAt(doc, e.pos[0], true);
  return quoted !== undefined && (quoted.type === 'QUOTE_DOUBLE' || quoted.type === 'QUOTE_SINGLE') ? startOf(quoted) ?? e.pos[0] : e.pos[0];
}

/** Names are map keys; `true:`, `1.0:` or `null:` would silently become the strings "true", "1", "". */
function nonStringKeys(doc: Document): Problem[] {
  const out: Problem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const k = pair.key;
      if (isScalar(k) && typeof k.value === 'string') return;
      const offset = startOf(k) ?? startOf(pair.value) ?? 0;
      const written = isScalar(k) ? k.source ?? String(k.value) : '';
      out.push({
        offset,
        text: isScalar(k) && k.value !== null
          ? `YAML: key ${written} is read as a ${typeof k.value}, not a name; quote it ("${written}")`
          : 'YAML: a key must be a plain name',
      });
    },
  });
  return out;
}

function parseYaml(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source = { file, doc, lines };
  const syntax = doc.errors.map((e) => ({ offset: syntaxErrorOffset(e, doc), text: yamlErrorText(e, doc) }));
  throwIfAny(source, [...syntax, ...nonStringKeys(doc)], 'fix the YAML syntax');
  return source;
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the JSON Schema.

let validator: ValidateFunction | undefined;

/** Compiled once; the schema file ships in the package next to dist/, so it is found relative to this module. */
function schemaValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(new URL('../../schema/liteform.schema.json', import.meta.url), 'utf8')) as object;
    validator = new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true }).compile(schema);
  }
  return validator;
}

/** ajv's JSON pointer as a path; array steps become numbers so messages read `checks[1]`. */
function pathOf(pointer: string, data: unknown): Path {
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

const typeWords: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false',
  object: 'a mapping', array: 'a list', null: 'null',
};

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${quoteString(v)}`;
  return `${typeof v} ${String(v)}`;
}

function showValue(v: unknown): string {
  return typeof v === 'string' ? quoteString(v) : String(v);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The candidate a typo most likely meant, if one is close enough to be worth suggesting. */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= 2 && bestDistance * 2 < word.length ? best : undefined;
}

function unknownPropertyText(prop: string, parentSchema: unknown): string {
  const known = Object.keys((parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const guess = closest(prop, known);
  if (guess !== undefined) return `unknown property '${prop}' (did you mean '${guess}'?)`;
  return `unknown property '${prop}' (expected one of: ${known.join(', ')})`;
}

function shapeFinding(e: ErrorObject, data: unknown): Finding {
  const path = pathOf(e.instancePath, data);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      // Named after the mapping that has the property, located at the property itself.
      return { path: [...path, prop], onKey: true, text: `${displayPath(path)}: ${unknownPropertyText(prop, e.parentSchema)}` };
    }
    case 'required':
      return finding(path, `missing required property '${String(params.missingProperty)}'`);
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      return finding(path, `must be ${types.map((t) => typeWords[t] ?? t).join(' or ')}, not ${describeValue(e.data)}`);
    }
    case 'enum':
      return finding(path, `must be one of ${(params.allowedValues as unknown[]).map(showValue).join(', ')}, not ${showValue(e.data)}`);
    case 'const':
      return finding(path, `must be ${showValue(params.allowedValue)}`);
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return finding(path, 'must not be empty');
    case 'pattern':
      if (e.schemaPath.endsWith('/typeName/pattern')) {
        return finding(path, `${showValue(e.data)} is not an SQL type name (words and an optional size, e.g. TEXT, VARCHAR(255), DECIMAL(10, 2))`);
      }
      return finding(path, e.message ?? 'is invalid');
    default:
      return finding(path, e.message ?? 'is invalid');
  }
}

/** One message per problem: `if` only says a branch failed (the branch's own errors say why), and a value of the wrong type gets one complaint, the outermost. */
function shapeFindings(errors: readonly ErrorObject[], data: unknown): Finding[] {
  const typed = new Set<string>();
  const out: Finding[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword === 'type') {
      if (typed.has(e.instancePath)) continue;
      typed.add(e.instancePath);
    }
    out.push(shapeFinding(e, data));
  }
  return out;
}

function validateShape(source: YamlSource): YamlSchema {
  const data: unknown = source.doc.toJS();
  const validate = schemaValidator();
  if (!validate(data)) {
    const problems = shapeFindings(validate.errors ?? [], data).map((f) => problemOf(source, f));
    fail(source, problems, 'see schema/liteform.schema.json; with yaml-language-server your editor shows these as you type');
  }
  return data as YamlSchema;
}

// ---------------------------------------------------------------------------------------------
// Reading a table: shorthands expanded, every part with its path.

interface ColumnEntry {
  readonly name: string;
  readonly def: YamlColumn;
  readonly path: Path;
  /** `name: TEXT`: the type is the value itself. */
  readonly shorthand: boolean;
}

interface KeyPart {
  readonly name: string;
  readonly desc: boolean;
  readonly path: Path;
}

interface ForeignKeyEntry {
  readonly columns: readonly string[];
  readonly refTable: string;
  /** null: the parent's primary key. */
  readonly refColumns: readonly string[] | null;
  readonly refTablePath: Path;
  /** Where the parent columns are named (the parent table's node when they are not). */
  readonly refColumnsPath: Path;
}

const lc = (s: string): string => s.toLowerCase();

function tablePath(name: string): Path {
  return ['tables', name];
}

function columnsOf(tableName: string, table: YamlTable): ColumnEntry[] {
  return Object.entries(table.columns).map(([name, value]) => ({
    name,
    def: typeof value === 'string' ? { type: value } : value,
    path: [...tablePath(tableName), 'columns', name],
    shorthand: typeof value === 'string',
  }));
}

/** `primaryKey: [a, b]` rather than `primaryKey: { columns: [a, b] }` (Array.isArray does not narrow readonly arrays). */
function isKeyList(pk: YamlPrimaryKey): pk is readonly YamlKeyColumn[] {
  return Array.isArray(pk);
}

function keyPartsOf(tableName: string, table: YamlTable): KeyPart[] {
  const pk = table.primaryKey;
  if (pk === undefined) return [];
  const list = isKeyList(pk) ? pk : pk.columns;
  const base: Path = isKeyList(pk) ? [...tablePath(tableName), 'primaryKey'] : [...tablePath(tableName), 'primaryKey', 'columns'];
  return list.map((k, i) => ({
    name: typeof k === 'string' ? k : k.column,
    desc: typeof k === 'string' ? false : k.desc === true,
    path: [...base, i],
  }));
}

function tableAutoincrement(table: YamlTable): boolean {
  const pk = table.primaryKey;
  return pk !== undefined && !isKeyList(pk) && pk.autoincrement === true;
}

/** The primary-key column names, declared on a column or on the table. */
function primaryKeyNames(tableName: string, table: YamlTable): string[] {
  const inline = columnsOf(tableName, table).filter((c) => c.def.primaryKey === true).map((c) => c.name);
  return inline.length > 0 ? inline : keyPartsOf(tableName, table).map((k) => k.name);
}

/** Column sets a foreign key may refer to: the primary key, UNIQUE constraints, and full unique indexes on plain columns. */
function parentKeys(tableName: string, table: YamlTable): string[][] {
  const keys = [primaryKeyNames(tableName, table)];
  for (const c of columnsOf(tableName, table)) if (c.def.unique === true) keys.push([c.name]);
  for (const u of table.unique ?? []) keys.push([...u]);
  for (const idx of Object.values(table.indexes ?? {})) {
    if (idx.unique !== true || idx.where !== undefined) continue;
    const names = idx.columns.map((p) => (typeof p === 'string' ? p : 'column' in p ? p.column : null));
    if (names.every((n): n is string => n !== null)) keys.push(names);
  }
  return keys.filter((k) => k.length > 0);
}

function foreignKeysOf(tableName: string, table: YamlTable): ForeignKeyEntry[] {
  const out: ForeignKeyEntry[] = [];
  for (const c of columnsOf(tableName, table)) {
    const ref = c.def.references;
    if (ref === undefined) continue;
    const refTablePath = [...c.path, 'references', 'table'];
    out.push({
      columns: [c.name],
      refTable: ref.table,
      refColumns: ref.column === undefined ? null : [ref.column],
      refTablePath,
      refColumnsPath: ref.column === undefined ? refTablePath : [...c.path, 'references', 'column'],
    });
  }
  (table.foreignKeys ?? []).forEach((fk, i) => {
    const refPath = [...tablePath(tableName), 'foreignKeys', i, 'references'];
    out.push({
      columns: fk.columns,
      refTable: fk.references.table,
      refColumns: fk.references.columns ?? null,
      refTablePath: [...refPath, 'table'],
      refColumnsPath: fk.references.columns === undefined ? [...refPath, 'table'] : [...refPath, 'columns'],
    });
  });
  return out;
}

function checkText(c: YamlCheck): string {
  return typeof c === 'string' ? c : c.expr;
}

// ---------------------------------------------------------------------------------------------
// Pass 3: rules the JSON Schema cannot express.

const namespaceNote = '(SQLite names are case-insensitive; tables, views, virtual tables and indexes share one namespace)';

interface NamedNode {
  readonly kind: string;
  readonly name: string;
  readonly path: Path;
}

/** Objects in SQLite's shared namespace, in document order of kinds. */
function namespaceEntries(doc: YamlSchema): NamedNode[] {
  const out: NamedNode[] = [];
  for (const [name, table] of Object.entries(doc.tables ?? {})) {
    out.push({ kind: 'table', name, path: tablePath(name) });
    for (const idx of Object.keys(table.indexes ?? {})) out.push({ kind: 'index', name: idx, path: [...tablePath(name), 'indexes', idx] });
  }
  for (const name of Object.keys(doc.views ?? {})) out.push({ kind: 'view', name, path: ['views', name] });
  for (const name of Object.keys(doc.virtualTables ?? {})) out.push({ kind: 'virtual table', name, path: ['virtualTables', name] });
  return out;
}

function duplicateNames(entries: readonly NamedNode[], note: string): Finding[] {
  const seen = new Map<string, NamedNode>();
  const out: Finding[] = [];
  for (const e of entries) {
    const first = seen.get(lc(e.name));
    if (first) out.push(finding(e.path, `${e.kind} name '${e.name}' is already used by ${first.kind} '${first.name}' ${note}`, true));
    else seen.set(lc(e.name), e);
  }
  return out;
}

function triggerEntries(doc: YamlSchema): NamedNode[] {
  return Object.keys(doc.triggers ?? {}).map((name) => ({ kind: 'trigger', name, path: ['triggers', name] }));
}

function reservedNames(doc: YamlSchema): Finding[] {
  return [...namespaceEntries(doc), ...triggerEntries(doc)]
    .filter((e) => !isUserTableName(e.name))
    .map((e) => finding(e.path, `${e.kind} name '${e.name}' is reserved (names starting with sqlite_ belong to SQLite, _liteform_ to liteform)`, true));
}

function checkNames(doc: YamlSchema): Finding[] {
  const columnDuplicates = Object.entries(doc.tables ?? {}).flatMap(([t, table]) =>
    duplicateNames(columnsOf(t, table).map((c) => ({ kind: 'column', name: c.name, path: c.path })), `in table '${t}' (SQLite names are case-insensitive)`),
  );
  return [
    ...duplicateNames(namespaceEntries(doc), namespaceNote),
    ...duplicateNames(triggerEntries(doc), '(SQLite names are case-insensitive)'),
    ...columnDuplicates,
    ...reservedNames(doc),
  ];
}

/** A rename hint must name something that no longer exists here, and only one object can come from it. */
function checkRenameHints(items: readonly { name: string; from: string | undefined; path: Path }[], kind: string): Finding[] {
  const declared = new Set(items.map((i) => lc(i.name)));
  const claimed = new Map<string, string>();
  const out: Finding[] = [];
  for (const item of items) {
    if (item.from === undefined) continue;
    const path = [...item.path, 'renamedFrom'];
    const other = claimed.get(lc(item.from));
    if (declared.has(lc(item.from)) && lc(item.from) !== lc(item.name)) {
      out.push(finding(path, `${kind} '${item.from}' is still declared; a renamed ${kind} must not keep its old name`));
    } else if (other !== undefined) {
      out.push(finding(path, `${kind} '${other}' is already renamed from '${item.from}'`));
    }
    claimed.set(lc(item.from), item.name);
  }
  return out;
}

function checkRenames(doc: YamlSchema): Finding[] {
  const tables = Object.entries(doc.tables ?? {});
  return [
    ...checkRenameHints(tables.map(([name, t]) => ({ name, from: t.renamedFrom, path: tablePath(name) })), 'table'),
    ...tables.flatMap(([t, table]) =>
      checkRenameHints(columnsOf(t, table).map((c) => ({ name: c.name, from: c.def.renamedFrom, path: c.path })), 'column'),
    ),
  ];
}

/** Why an expression cannot be pasted into a statement safely, or null. Parentheses and `;` decide where the expression ends. */
function expressionProblem(expr: string, emptyText = 'must not be empty'): string | null {
  const tokens = tokenize(expr);
  if (tokens.length === 0) return emptyText;
  if (tokens.some((t) => t.kind === ';')) return "must be a single expression (remove the ';')";
  let depth = 0;
  for (const t of tokens) {
    depth += t.kind === '(' ? 1 : t.kind === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  return depth === 0 ? null : 'has unbalanced parentheses';
}

function expressionFinding(path: Path, expr: string, emptyText?: string): Finding[] {
  const problem = expressionProblem(expr, emptyText);
  return problem === null ? [] : [finding(path, problem)];
}

/** Every expression of a table that is pasted into its CREATE statements. */
function checkTableExpressions(tableName: string, table: YamlTable): Finding[] {
  const base = tablePath(tableName);
  const out: Finding[] = [];
  for (const c of columnsOf(tableName, table)) {
    if (c.def.defaultExpr !== undefined) out.push(...expressionFinding([...c.path, 'defaultExpr'], c.def.defaultExpr));
    if (c.def.generated) out.push(...expressionFinding([...c.path, 'generated', 'expr'], c.def.generated.expr, 'a generated column needs an expression'));
    if (c.def.check !== undefined) out.push(...expressionFinding([...c.path, 'check'], checkText(c.def.check)));
  }
  (table.checks ?? []).forEach((c, i) => out.push(...expressionFinding([...base, 'checks', i], checkText(c))));
  for (const [name, idx] of Object.entries(table.indexes ?? {})) {
    const ip = [...base, 'indexes', name];
    idx.columns.forEach((p, i) => {
      if (typeof p !== 'string' && 'expr' in p) out.push(...expressionFinding([...ip, 'columns', i, 'expr'], p.expr));
    });
    if (idx.where !== undefined) out.push(...expressionFinding([...ip, 'where'], idx.where));
  }
  return out;
}

/** Words that start a column constraint: in a type they would silently become one (`type: TEXT NOT NULL`). */
const constraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const strictTypes = new Set(['INT', 'INTEGER', 'REAL', 'TEXT', 'BLOB', 'ANY']);

function typePath(c: ColumnEntry): Path {
  return c.shorthand ? c.path : [...c.path, 'type'];
}

function checkColumnType(c: ColumnEntry, strict: boolean): Finding[] {
  const type = c.def.type;
  if (type === undefined) {
    return strict ? [finding(c.path, 'a STRICT table needs a type on every column (INT, INTEGER, REAL, TEXT, BLOB or ANY)', true)] : [];
  }
  const keyword = type.toUpperCase().split(/[\s(]+/).find((w) => constraintWords.has(w));
  if (keyword !== undefined) {
    return [finding(typePath(c), `type '${type}' contains the keyword ${keyword}; write constraints as column properties (notNull, unique, default, ...)`)];
  }
  if (strict && !strictTypes.has(type.toUpperCase())) {
    return [finding(typePath(c), `type '${type}' is not allowed in a STRICT table (INT, INTEGER, REAL, TEXT, BLOB or ANY)`)];
  }
  return [];
}

function checkColumn(c: ColumnEntry, table: YamlTable): Finding[] {
  const d = c.def;
  const out = checkColumnType(c, table.strict === true);
  if (d.default !== undefined && d.defaultExpr !== undefined) out.push(finding([...c.path, 'defaultExpr'], 'use either default or defaultExpr, not both'));
  if (d.generated && (d.default !== undefined || d.defaultExpr !== undefined)) {
    out.push(finding([...c.path, 'generated'], 'a generated column cannot have a default'));
  }
  if (d.autoincrement === true) {
    const at = [...c.path, 'autoincrement'];
    if (d.primaryKey !== true) out.push(finding(at, 'AUTOINCREMENT needs primaryKey: true on this column'));
    else if (d.type?.toUpperCase() !== 'INTEGER') out.push(finding(at, `AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY (this column's type is '${d.type ?? ''}')`));
    else if (table.withoutRowid === true) out.push(finding(at, 'AUTOINCREMENT is not allowed on a WITHOUT ROWID table'));
  }
  return out;
}

function missingColumnText(tableName: string, column: string, columns: readonly string[]): string {
  const guess = closest(column, columns);
  return `table '${tableName}' has no column '${column}'${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`;
}

function checkPrimaryKey(tableName: string, table: YamlTable, columns: readonly ColumnEntry[]): Finding[] {
  const base = tablePath(tableName);
  const inline = columns.filter((c) => c.def.primaryKey === true);
  const parts = keyPartsOf(tableName, table);
  const out = inline.slice(1).map((c) =>
    finding([...c.path, 'primaryKey'], `only one column can have primaryKey: true ('${inline[0]!.name}' has it too); use the table's primaryKey for a composite key`),
  );
  if (inline.length > 0 && table.primaryKey !== undefined) {
    out.push(finding([...base, 'primaryKey'], `primary key declared twice: column '${inline[0]!.name}' has primaryKey: true and the table has primaryKey`));
  }
  if (tableAutoincrement(table)) {
    const at = [...base, 'primaryKey', 'autoincrement'];
    const only = parts.length === 1 ? columns.find((c) => lc(c.name) === lc(parts[0]!.name)) : undefined;
    if (parts.length !== 1) out.push(finding(at, 'AUTOINCREMENT needs a primary key of exactly one column'));
    else if (only !== undefined && only.def.type?.toUpperCase() !== 'INTEGER') out.push(finding(at, `AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY (column '${only.name}' has type '${only.def.type ?? ''}')`));
    else if (table.withoutRowid === true) out.push(finding(at, 'AUTOINCREMENT is not allowed on a WITHOUT ROWID table'));
  }
  if (table.withoutRowid === true && inline.length === 0 && parts.length === 0) {
    out.push(finding([...base, 'withoutRowid'], 'a WITHOUT ROWID table needs a primary key'));
  }
  return out;
}

/** Every place a table names one of its own columns. */
function columnMentions(tableName: string, table: YamlTable): { name: string; path: Path }[] {
  const base = tablePath(tableName);
  const out = keyPartsOf(tableName, table).map((k) => ({ name: k.name, path: k.path }));
  (table.unique ?? []).forEach((u, i) => u.forEach((name, j) => out.push({ name, path: [...base, 'unique', i, j] })));
  (table.foreignKeys ?? []).forEach((fk, i) => fk.columns.forEach((name, j) => out.push({ name, path: [...base, 'foreignKeys', i, 'columns', j] })));
  for (const [idxName, idx] of Object.entries(table.indexes ?? {})) {
    idx.columns.forEach((p, i) => {
      const path = [...base, 'indexes', idxName, 'columns', i];
      if (typeof p === 'string') out.push({ name: p, path });
      else if ('column' in p) out.push({ name: p.column, path: [...path, 'column'] });
    });
  }
  return out;
}

function checkColumnMentions(tableName: string, table: YamlTable, columns: readonly ColumnEntry[]): Finding[] {
  const names = columns.map((c) => c.name);
  const known = new Set(names.map(lc));
  return columnMentions(tableName, table)
    .filter((m) => !known.has(lc(m.name)))
    .map((m) => finding(m.path, missingColumnText(tableName, m.name, names)));
}

function sameColumnSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map(lc));
  return a.length === b.length && set.size === new Set(b.map(lc)).size && b.every((x) => set.has(lc(x)));
}

function checkForeignKey(fk: ForeignKeyEntry, doc: YamlSchema): Finding[] {
  const parentEntry = Object.entries(doc.tables ?? {}).find(([name]) => lc(name) === lc(fk.refTable));
  if (parentEntry === undefined) {
    const isView = [...Object.keys(doc.views ?? {}), ...Object.keys(doc.virtualTables ?? {})].some((n) => lc(n) === lc(fk.refTable));
    if (isView) return [finding(fk.refTablePath, `'${fk.refTable}' is a view or virtual table; a foreign key must refer to an ordinary table`)];
    const guess = closest(fk.refTable, Object.keys(doc.tables ?? {}));
    return [finding(fk.refTablePath, `table '${fk.refTable}' does not exist${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`)];
  }
  const [parentName, parent] = parentEntry;
  const parentColumns = columnsOf(parentName, parent).map((c) => c.name);
  const refColumns = fk.refColumns ?? primaryKeyNames(parentName, parent);
  if (refColumns.length === 0) return [finding(fk.refTablePath, `table '${parentName}' has no primary key, so the parent column(s) must be named`)];
  // A missing column of the parent's own primary key is reported at the parent.
  const missing = fk.refColumns === null ? [] : refColumns.filter((c) => !parentColumns.some((p) => lc(p) === lc(c)));
  if (missing.length > 0) return missing.map((c) => finding(fk.refColumnsPath, missingColumnText(parentName, c, parentColumns)));
  if (refColumns.length !== fk.columns.length) {
    return [finding(fk.refColumnsPath, `the foreign key has ${fk.columns.length} column(s) but refers to ${refColumns.length} in '${parentName}'`)];
  }
  if (!parentKeys(parentName, parent).some((k) => sameColumnSet(k, refColumns))) {
    return [finding(fk.refColumnsPath, `${refColumns.map((c) => `'${c}'`).join(', ')} of table '${parentName}' is neither its primary key nor UNIQUE; a foreign key must refer to one (add unique: true or a unique index)`)];
  }
  return [];
}

function checkTable(tableName: string, table: YamlTable, doc: YamlSchema): Finding[] {
  const columns = columnsOf(tableName, table);
  return [
    ...columns.flatMap((c) => checkColumn(c, table)),
    ...checkPrimaryKey(tableName, table, columns),
    ...checkColumnMentions(tableName, table, columns),
    ...foreignKeysOf(tableName, table).flatMap((fk) => checkForeignKey(fk, doc)),
    ...checkTableExpressions(tableName, table),
  ];
}

const createWords = { view: ['VIEW'], trigger: ['TRIGGER'], 'virtual table': ['VIRTUAL', 'TABLE'] } as const;
type StatementKind = keyof typeof createWords;

/** The name a `CREATE <kind> [IF NOT EXISTS] [schema.]name` statement creates, and the index of the token after it; null when it is not one. */
function createdName(tokens: readonly Token[], kind: StatementKind): { name: string; next: number } | null {
  let i = 0;
  for (const w of ['CREATE', ...createWords[kind]]) if (!isKeyword(tokens[i++], w)) return null;
  if (isKeyword(tokens[i], 'IF') && isKeyword(tokens[i + 1], 'NOT') && isKeyword(tokens[i + 2], 'EXISTS')) i += 3;
  if (tokens[i + 1]?.kind === 'op' && tokens[i + 1]!.text === '.') i += 2;
  const t = tokens[i];
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted') ? { name: identifierOf(t), next: i + 1 } : null;
}

/** The table a CREATE TRIGGER statement is ON (the first ON keyword after the name: column lists cannot contain it unquoted). */
function triggerTable(tokens: readonly Token[], from: number): string | null {
  const on = tokens.findIndex((t, i) => i >= from && isKeyword(t, 'ON'));
  if (on < 0) return null;
  const qualified = tokens[on + 2]?.kind === 'op' && tokens[on + 2]!.text === '.';
  const t = tokens[qualified ? on + 3 : on + 1];
  return t === undefined ? null : identifierOf(t);
}

function checkStatement(kind: StatementKind, name: string, sql: string, path: Path, table?: string): Finding[] {
  const head = `CREATE ${createWords[kind].join(' ')}`;
  if (splitStatements(sql).length !== 1) return [finding(path, `must be one ${head} statement`)];
  const tokens = tokenize(sql);
  const created = createdName(tokens, kind);
  if (created === null) return [finding(path, `must be a ${head} statement`)];
  if (lc(created.name) !== lc(name)) return [finding(path, `creates '${created.name}', but its key says '${name}'`)];
  const on = kind === 'trigger' && table !== undefined ? triggerTable(tokens, created.next) : null;
  if (on !== null && lc(on) !== lc(table!)) return [finding(path, `the statement creates the trigger ON '${on}', but table says '${table!}'`)];
  return [];
}

/** Where a view's, trigger's or virtual table's SQL is written: the value itself, or its `sql`/`select`. */
function sqlPath(base: Path, value: string | object, prop: string): Path {
  return typeof value === 'string' ? base : [...base, prop];
}

function checkStandaloneStatements(doc: YamlSchema): Finding[] {
  const out: Finding[] = [];
  for (const [name, v] of Object.entries(doc.views ?? {})) {
    if (typeof v === 'object' && 'sql' in v) out.push(...checkStatement('view', name, v.sql, ['views', name, 'sql']));
    else out.push(...expressionFinding(sqlPath(['views', name], v, 'select'), typeof v === 'string' ? v : v.select));
  }
  for (const [name, t] of Object.entries(doc.triggers ?? {})) {
    const sql = typeof t === 'string' ? t : t.sql;
    out.push(...checkStatement('trigger', name, sql, sqlPath(['triggers', name], t, 'sql'), typeof t === 'string' ? undefined : t.table));
  }
  for (const [name, v] of Object.entries(doc.virtualTables ?? {})) {
    out.push(...checkStatement('virtual table', name, typeof v === 'string' ? v : v.sql, sqlPath(['virtualTables', name], v, 'sql')));
  }
  return out;
}

function checkSemantics(doc: YamlSchema): Finding[] {
  return [
    ...checkNames(doc),
    ...checkRenames(doc),
    ...Object.entries(doc.tables ?? {}).flatMap(([name, table]) => checkTable(name, table, doc)),
    ...checkStandaloneStatements(doc),
  ];
}

// ---------------------------------------------------------------------------------------------
// Rendering. A statement is built from fragments, each remembering its YAML node, so that an error
// SQLite reports can be traced to the clause that causes it (see `blame`).

interface Fragment {
  readonly sql: string;
  readonly at: Location;
}

interface PlannedStatement {
  /** How messages name it: `table users`, `index users_email`. */
  readonly label: string;
  readonly at: Location;
  readonly sql: string;
  readonly fragments: readonly Fragment[];
  /** The statement built from its first `keep` fragments (all of them: `sql`). */
  readonly build: (keep: number) => string;
  /** Statements that must run first for `build` to run on its own. */
  readonly requires: readonly string[];
}

/** A number as the file wrote it, so `1.0` stays `1.0` (SQLite reports a default as written) — when that is SQL too. */
const sqlNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^0[xX][0-9a-fA-F]+$/;

/** The SQL literal for a `default:` value; the rule is documented on `default` in the JSON Schema. */
function sqlLiteral(value: string | number | boolean | null, written: string | undefined): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return quoteString(value);
  return written !== undefined && sqlNumber.test(written) ? written : String(value);
}

type NumberSource = (path: Path) => string | undefined;

function checkSql(c: YamlCheck): string {
  return typeof c === 'string' || c.name === undefined ? `CHECK (${checkText(c)})` : `CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expr})`;
}

const deferrableSql: Record<'initially-deferred' | 'initially-immediate', string> = {
  'initially-deferred': 'DEFERRABLE INITIALLY DEFERRED',
  'initially-immediate': 'DEFERRABLE INITIALLY IMMEDIATE',
};

function referenceActionsSql(r: { onDelete?: FkAction; onUpdate?: FkAction; deferrable?: YamlDeferrable }): string {
  return [
    r.onDelete === undefined ? '' : ` ON DELETE ${r.onDelete}`,
    r.onUpdate === undefined ? '' : ` ON UPDATE ${r.onUpdate}`,
    r.deferrable === undefined || r.deferrable === false ? '' : ` ${deferrableSql[r.deferrable]}`,
  ].join('');
}

function columnFragments(c: ColumnEntry, numberSource: NumberSource): Fragment[] {
  const d = c.def;
  const at = (prop: string): Location => ({ path: [...c.path, prop] });
  const out: Fragment[] = [{
    sql: d.type === undefined ? quoteIdent(c.name) : `${quoteIdent(c.name)} ${d.type}`,
    at: d.type === undefined ? { path: c.path, onKey: true } : { path: typePath(c) },
  }];
  if (d.primaryKey === true) out.push({ sql: 'PRIMARY KEY', at: at('primaryKey') });
  if (d.autoincrement === true) out.push({ sql: 'AUTOINCREMENT', at: at('autoincrement') });
  if (d.notNull === true) out.push({ sql: 'NOT NULL', at: at('notNull') });
  if (d.unique === true) out.push({ sql: 'UNIQUE', at: at('unique') });
  if (d.default !== undefined) out.push({ sql: `DEFAULT ${sqlLiteral(d.default, numberSource([...c.path, 'default']))}`, at: at('default') });
  if (d.defaultExpr !== undefined) out.push({ sql: `DEFAULT ${renderDefault(d.defaultExpr)}`, at: at('defaultExpr') });
  if (d.collate !== undefined) out.push({ sql: `COLLATE ${quoteIdent(d.collate)}`, at: at('collate') });
  if (d.generated) out.push({ sql: `GENERATED ALWAYS AS (${d.generated.expr}) ${d.generated.stored === true ? 'STORED' : 'VIRTUAL'}`, at: at('generated') });
  if (d.check !== undefined) out.push({ sql: checkSql(d.check), at: at('check') });
  if (d.references) {
    const r = d.references;
    const column = r.column === undefined ? '' : ` (${quoteIdent(r.column)})`;
    out.push({ sql: `REFERENCES ${quoteIdent(r.table)}${column}${referenceActionsSql(r)}`, at: at('references') });
  }
  return out;
}

function tableConstraintFragments(tableName: string, table: YamlTable): Fragment[] {
  const base = tablePath(tableName);
  const out: Fragment[] = [];
  const parts = keyPartsOf(tableName, table);
  if (parts.length > 0) {
    const cols = parts.map((k) => `${quoteIdent(k.name)}${k.desc ? ' DESC' : ''}`).join(', ');
    out.push({ sql: `PRIMARY KEY (${cols}${tableAutoincrement(table) ? ' AUTOINCREMENT' : ''})`, at: { path: [...base, 'primaryKey'] } });
  }
  (table.unique ?? []).forEach((u, i) => out.push({ sql: `UNIQUE (${u.map(quoteIdent).join(', ')})`, at: { path: [...base, 'unique', i] } }));
  (table.checks ?? []).forEach((c, i) => out.push({ sql: checkSql(c), at: { path: [...base, 'checks', i] } }));
  (table.foreignKeys ?? []).forEach((fk, i) => {
    const ref = fk.references.columns === undefined ? '' : ` (${fk.references.columns.map(quoteIdent).join(', ')})`;
    out.push({
      sql: `FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(fk.references.table)}${ref}${referenceActionsSql(fk)}`,
      at: { path: [...base, 'foreignKeys', i] },
    });
  });
  return out;
}

function tableOptions(tableName: string, table: YamlTable): Fragment | null {
  const options = [table.strict === true ? 'STRICT' : '', table.withoutRowid === true ? 'WITHOUT ROWID' : ''].filter((o) => o !== '');
  if (options.length === 0) return null;
  return { sql: options.join(', '), at: { path: [...tablePath(tableName), table.strict === true ? 'strict' : 'withoutRowid'] } };
}

function planTable(tableName: string, table: YamlTable, numberSource: NumberSource): PlannedStatement {
  // Each item is one comma-separated entry of the table body: a column (several fragments) or a table constraint.
  const items: Fragment[][] = [
    ...columnsOf(tableName, table).map((c) => columnFragments(c, numberSource)),
    ...tableConstraintFragments(tableName, table).map((f) => [f]),
  ];
  const options = tableOptions(tableName, table);
  const bodyCount = items.reduce((n, item) => n + item.length, 0);
  const build = (keep: number): string => {
    const body: string[] = [];
    let left = keep;
    for (const item of items) {
      if (left <= 0) break;
      body.push(item.slice(0, left).map((f) => f.sql).join(' '));
      left -= item.length;
    }
    const suffix = options !== null && keep > bodyCount ? ` ${options.sql}` : '';
    return `CREATE TABLE ${quoteIdent(tableName)} (\n  ${body.join(',\n  ')}\n)${suffix}`;
  };
  const fragments = [...items.flat(), ...(options === null ? [] : [options])];
  return { label: `table ${tableName}`, at: { path: tablePath(tableName), onKey: true }, sql: build(fragments.length), fragments, build, requires: [] };
}

function indexPartSql(p: YamlIndexPart): string {
  if (typeof p === 'string') return quoteIdent(p);
  const head = 'expr' in p ? p.expr : quoteIdent(p.column);
  return `${head}${p.collate === undefined ? '' : ` COLLATE ${quoteIdent(p.collate)}`}${p.desc === true ? ' DESC' : ''}`;
}

function planIndex(tableName: string, indexName: string, idx: YamlIndex, tableSql: string): PlannedStatement {
  const base = [...tablePath(tableName), 'indexes', indexName];
  const parts: Fragment[] = idx.columns.map((p, i) => ({ sql: indexPartSql(p), at: { path: [...base, 'columns', i] } }));
  const where: Fragment | null = idx.where === undefined ? null : { sql: `WHERE ${idx.where}`, at: { path: [...base, 'where'] } };
  const head = `CREATE ${idx.unique === true ? 'UNIQUE ' : ''}INDEX ${quoteIdent(indexName)} ON ${quoteIdent(tableName)}`;
  const build = (keep: number): string =>
    `${head} (${parts.slice(0, keep).map((f) => f.sql).join(', ')})${where !== null && keep > parts.length ? ` ${where.sql}` : ''}`;
  const fragments = where === null ? parts : [...parts, where];
  return { label: `index ${indexName}`, at: { path: base, onKey: true }, sql: build(fragments.length), fragments, build, requires: [tableSql] };
}

/** A statement written whole in the file: an error in it can only be blamed on the whole. */
function planVerbatim(label: string, sql: string, path: Path): PlannedStatement {
  return { label, at: { path }, sql, fragments: [], build: () => sql, requires: [] };
}

function planView(name: string, v: YamlView): PlannedStatement {
  if (typeof v === 'object' && 'sql' in v) return planVerbatim(`view ${name}`, v.sql, ['views', name, 'sql']);
  const select = typeof v === 'string' ? v : v.select;
  return planVerbatim(`view ${name}`, `CREATE VIEW ${quoteIdent(name)} AS ${select}`, sqlPath(['views', name], v, 'select'));
}

/** Tables, then virtual tables, indexes, views and triggers: each kind can only depend on the kinds before it. */
function planStatements(doc: YamlSchema, numberSource: NumberSource): PlannedStatement[] {
  const tables = Object.entries(doc.tables ?? {}).map(([name, t]) => ({ name, t, plan: planTable(name, t, numberSource) }));
  return [
    ...tables.map((x) => x.plan),
    ...Object.entries(doc.virtualTables ?? {}).map(([name, v]) =>
      planVerbatim(`virtual table ${name}`, typeof v === 'string' ? v : v.sql, sqlPath(['virtualTables', name], v, 'sql'))),
    ...tables.flatMap((x) => Object.entries(x.t.indexes ?? {}).map(([idx, def]) => planIndex(x.name, idx, def, x.plan.sql))),
    ...Object.entries(doc.views ?? {}).map(([name, v]) => planView(name, v)),
    ...Object.entries(doc.triggers ?? {}).map(([name, t]) =>
      planVerbatim(`trigger ${name}`, typeof t === 'string' ? t : t.sql, sqlPath(['triggers', name], t, 'sql'))),
  ];
}

/**
 * The fragment an SQLite error belongs to: the first one whose prefix of the statement already fails
 * with the same message. SQLite does not say where in a statement an error is; this asks it again.
 */
function blame(st: PlannedStatement, message: string): Location {
  for (let keep = 1; keep <= st.fragments.length; keep++) {
    try {
      modelFromStatements([...st.requires, st.build(keep)]);
    } catch (e) {
      if (e instanceof StatementError && e.index === st.requires.length && e.sqliteMessage === message) return st.fragments[keep - 1]!.at;
    }
  }
  return st.at;
}

function buildModel(source: YamlSource, statements: readonly PlannedStatement[]): SchemaModel {
  try {
    return modelFromStatements(statements.map((s) => s.sql));
  } catch (e) {
    if (!(e instanceof StatementError)) throw e;
    const st = statements[e.index]!;
    const problem = problemOf(source, { ...blame(st, e.sqliteMessage), text: `${st.label}: ${e.sqliteMessage}` });
    return fail(source, [problem], `SQLite rejected the statement liteform generated from it:\n${st.sql}`);
  }
}

// ---------------------------------------------------------------------------------------------

function renameHintsOf(doc: YamlSchema): RenameHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  for (const [name, table] of Object.entries(doc.tables ?? {})) {
    if (table.renamedFrom !== undefined) tables.set(lc(name), table.renamedFrom);
    for (const c of columnsOf(name, table)) {
      if (c.def.renamedFrom !== undefined) columns.set(lc(`${name}.${c.name}`), c.def.renamedFrom);
    }
  }
  return { tables, columns };
}

export function loadYamlSchemaText(text: string, file: string): DesiredState {
  const source = parseYaml(text, file);
  const doc = validateShape(source);
  throwIfAny(source, checkSemantics(doc).map((f) => problemOf(source, f)), `fix the listed problems in ${file}`);
  const numberSource: NumberSource = (path) => {
    const { value } = nodesAt(source.doc, path);
    return isScalar(value) ? value.source : undefined;
  };
  const model = buildModel(source, planStatements(doc, numberSource));
  return { model, hints: renameHintsOf(doc), source: file };
}

export function loadYamlSchemaFile(file: string): DesiredState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${file}: cannot read schema file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check the --schema path');
  }
  return loadYamlSchemaText(text, file);
}
