/**
 * A migration file: `NNNN_<slug>.sql`, a header of `-- liteform:` comments (version, name, schema
 * hashes, directives the executor obeys), then statements each preceded by a comment naming the
 * change it came from. Hand edits before apply are allowed and are what gets applied.
 */
import { createHash } from 'node:crypto';

export const fileNamePattern = /^(\d{4,})_([A-Za-z0-9][A-Za-z0-9_-]*)\.sql$/;

export interface MigrationHeader {
  readonly foreignKeysOff: boolean;
  readonly schemaBefore: string | null;
  readonly schemaAfter: string | null;
  /**
   * The hash of the schema as SQLite stores it after the file (src/db/introspect.ts schemaTextHash), as
   * the directory's replay produced it when the file was generated. A database that ends with the same
   * stored schema is verified without introspecting it; null (files from before this line existed, or
   * a hash that does not match) means the full comparison.
   */
  readonly schemaTextAfter: string | null;
  /**
   * The same hash of the schema the directory's replay held before the file: the schema the file was
   * written for. A database holding exactly that is not drifted; null (older files) or another hash
   * means the tables the file changes are compared with the replayed directory before it runs.
   */
  readonly schemaTextBefore: string | null;
  /** Table renames this file performs (old → new), so `down` can reverse them without losing data. */
  readonly renamedTables: readonly (readonly [string, string])[];
  /** Column renames (table, old → new). */
  readonly renamedColumns: readonly (readonly [string, string, string])[];
  /** The rebuild copies liteform wrote into the file, which apply may run in chunks with progress (CopyDirective). */
  readonly copies: readonly CopyDirective[];
}

/**
 * `-- liteform:copy ["<table>", <key>, "sha256:<hash>"]`, the key being the rowid's name (`"rowid"`) or,
 * for a WITHOUT ROWID table, its PRIMARY KEY columns (`["a", "b"]`): the file's statement whose text, with
 * that table and key, hashes to `statement` (copyHash) is liteform's own copy of a rebuild (`INSERT INTO
 * … SELECT … FROM "<table>"`), so apply can run it in key-ordered chunks and report rows copied
 * (src/db/chunked-copy.ts). A statement, table or key edited by hand no longer matches the hash, and the
 * statement runs as written, in one piece.
 */
export interface CopyDirective {
  readonly source: string;
  readonly key: string | readonly string[];
  readonly statement: string;
}

/** The hash that ties a copy directive to its statement (the text without its `;`), table and key. */
export function copyHash(sql: string, source: string, key: string | readonly string[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify([source, key, sql])).digest('hex')}`;
}

const isKey = (k: unknown): k is string | string[] =>
  typeof k === 'string' || (Array.isArray(k) && k.length > 0 && k.every((c) => typeof c === 'string'));

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly file: string;
  readonly path: string;
  readonly content: string;
  /** sha256 of the file's bytes, as recorded in `_liteform_migrations`. */
  readonly checksum: string;
  readonly header: MigrationHeader;
}

export function checksumOf(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function slugify(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  return s === '' ? 'migration' : s;
}

export function formatVersion(n: number): string {
  return String(n).padStart(4, '0');
}

/**
 * Every `-- liteform:<key> <value>` line (on one line), by lower-case key. A file may be large (an
 * initial migration of thousands of tables): only the lines holding `liteform:` are matched.
 */
function directives(content: string): (key: string) => string[] {
  const byKey = new Map<string, string[]>();
  const folded = content.toLowerCase();
  let lineStart = -1;
  for (let at = folded.indexOf('liteform:'); at >= 0; at = folded.indexOf('liteform:', at + 9)) {
    const start = content.lastIndexOf('\n', at) + 1;
    if (start === lineStart) continue;
    lineStart = start;
    const end = content.indexOf('\n', at);
    for (const m of content.slice(start, end < 0 ? content.length : end).matchAll(/^--[ \t]*liteform:([a-z][a-z-]*)[ \t]+(.*)$/gim)) {
      const key = m[1]!.toLowerCase();
      const list = byKey.get(key);
      if (list) list.push(m[2]!.trim());
      else byKey.set(key, [m[2]!.trim()]);
    }
  }
  return (key) => byKey.get(key) ?? [];
}

/** Renames are written as JSON arrays so any name (quotes, spaces) survives. */
function parseJsonList(values: string[]): unknown[][] {
  return values.flatMap((v) => {
    try {
      const x = JSON.parse(v) as unknown;
      return Array.isArray(x) ? [x as unknown[]] : [];
    } catch {
      return [];
    }
  });
}

export function parseHeader(content: string): MigrationHeader {
  const directive = directives(content);
  return {
    foreignKeysOff: directive('foreign-keys').some((v) => v.toLowerCase() === 'off'),
    schemaBefore: directive('schema-before')[0] ?? null,
    schemaAfter: directive('schema-after')[0] ?? null,
    schemaTextAfter: directive('schema-text-after')[0] ?? null,
    schemaTextBefore: directive('schema-text-before')[0] ?? null,
    renamedTables: parseJsonList(directive('rename-table')).filter((x): x is [string, string] => x.length === 2 && x.every((s: unknown) => typeof s === 'string')),
    renamedColumns: parseJsonList(directive('rename-column')).filter((x): x is [string, string, string] => x.length === 3 && x.every((s: unknown) => typeof s === 'string')),
    copies: parseJsonList(directive('copy'))
      .filter((x): x is [string, string | string[], string] => x.length === 3 && typeof x[0] === 'string' && isKey(x[1]) && typeof x[2] === 'string')
      .map(([source, key, statement]) => ({ source, key, statement })),
  };
}

export interface NewMigration {
  readonly version: string;
  readonly name: string;
  readonly toolVersion: string;
  readonly schemaBefore: string;
  readonly schemaAfter: string;
  /** Omitted: no `schema-text-after` line (the full comparison at apply). */
  readonly schemaTextAfter?: string;
  /** Omitted: no `schema-text-before` line. */
  readonly schemaTextBefore?: string;
  readonly foreignKeysOff: boolean;
  readonly renamedTables: readonly (readonly [string, string])[];
  readonly renamedColumns: readonly (readonly [string, string, string])[];
  /** Omitted or empty: no `copy` lines. */
  readonly copies?: readonly CopyDirective[];
  /** Statements with their comments (render/sql.ts renderStatements). */
  readonly body: string;
  readonly summary: readonly string[];
}

export function formatMigration(m: NewMigration): string {
  const lines = [
    `-- liteform migration ${m.version}: ${m.name}`,
    `-- liteform:version ${m.version}`,
    `-- liteform:name ${m.name}`,
    `-- liteform:generator liteform ${m.toolVersion}`,
    `-- liteform:schema-before ${m.schemaBefore}`,
    `-- liteform:schema-after ${m.schemaAfter}`,
  ];
  if (m.schemaTextBefore !== undefined) lines.push(`-- liteform:schema-text-before ${m.schemaTextBefore}`);
  if (m.schemaTextAfter !== undefined) lines.push(`-- liteform:schema-text-after ${m.schemaTextAfter}`);
  if (m.foreignKeysOff) lines.push('-- liteform:foreign-keys off');
  for (const r of m.renamedTables) lines.push(`-- liteform:rename-table ${JSON.stringify(r)}`);
  for (const r of m.renamedColumns) lines.push(`-- liteform:rename-column ${JSON.stringify(r)}`);
  for (const c of m.copies ?? []) lines.push(`-- liteform:copy ${JSON.stringify([c.source, c.key, c.statement])}`);
  lines.push('--');
  for (const s of m.summary) lines.push(`--   ${s}`);
  lines.push(
    '--',
    '-- Review this file in the pull request. Edits are allowed until it is applied; after that its',
    '-- checksum is recorded and liteform refuses a changed file. Run `liteform hash` after an edit.',
    '-- No BEGIN/COMMIT here: liteform runs each file in its own transaction.',
    '',
    m.body,
    '',
  );
  return lines.join('\n');
}
