/**
 * A backup of an engine's database as SQL text (schema and rows), read through the engine's query interface,
 * and its restore as ONE atomic unit. Remote engines have no backup API and no file to copy, so this is how a
 * remote apply keeps something `liteform restore` can put back. Works on every engine (a local file backup can
 * be dumped through the file engine and restored to a remote database the same way).
 *
 * The text is written in restore order: tables (and virtual tables), their rows (rowids included; generated and
 * hidden columns left out; values as SQLite's quote() writes them, which is exact for REAL and BLOB), the
 * AUTOINCREMENT counters, then indexes, views and triggers (after the rows, so no trigger fires). Statements are
 * at most 90,000 bytes (several rows per INSERT below that), under D1's 100,000-byte limit. Shadow tables of
 * virtual tables are not dumped (CREATE VIRTUAL TABLE makes them; defensive mode forbids writing them); a
 * virtual table's rows are put back through its own columns, which rebuilds an FTS5 table that keeps its
 * content (an external-content or contentless FTS5 index needs its 'rebuild' command afterwards).
 */
import type { Engine } from './engine.js';
import { quoteIdent as q, quoteString as lit } from '../../model/quote.js';
import { splitStatements } from '../../model/split-statements.js';
import { foldName } from '../../model/normalize.js';
import type { SchemaModel } from '../../model/schema-model.js';
import { introspectEngine } from './introspect-query.js';

const maxInsertBytes = 90_000;

interface DumpObject {
  readonly type: string;
  readonly name: string;
  readonly sql: string;
  /** pragma_table_list type: 'table', 'virtual', 'shadow', 'view'; null for indexes and triggers. */
  readonly kind: string | null;
  readonly withoutRowid: boolean;
  readonly columns: readonly string[];
}

/** Objects liteform dumps: everything but SQLite's own, the platform's and liteform's scratch tables. */
function userObjectsSql(reservedPrefix: string | null): string {
  const reserved = reservedPrefix === null ? '' : ` AND substr(lower(name), 1, ${reservedPrefix.length}) <> ${lit(reservedPrefix.toLowerCase())}`;
  return `SELECT rowid AS r, type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_liteform\\_rb\\_%' ESCAPE '\\'${reserved}`;
}

async function readObjects(engine: Engine): Promise<{ objects: DumpObject[]; sequence: boolean }> {
  const rows = await engine.query(`SELECT s.type, s.name, s.sql,
    (SELECT l.type FROM pragma_table_list l WHERE l.schema = 'main' AND l.name = s.name) AS kind,
    (SELECT l.wr FROM pragma_table_list l WHERE l.schema = 'main' AND l.name = s.name) AS wr,
    CASE WHEN s.type = 'table' THEN (SELECT json_group_array(x.name) FROM pragma_table_xinfo(s.name) x WHERE x.hidden = 0) END AS cols,
    (SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence') AS seq
    FROM (${userObjectsSql(engine.capabilities.reservedPrefix)}) s ORDER BY s.r`);
  return {
    objects: rows.map((r) => ({
      type: String(r.type), name: String(r.name), sql: String(r.sql), kind: r.kind === null ? null : String(r.kind),
      withoutRowid: Number(r.wr) === 1, columns: r.cols === null ? [] : (JSON.parse(String(r.cols)) as string[]),
    })),
    sequence: rows.length > 0 && Number(rows[0]!.seq) > 0,
  };
}

/** A name that reads the rowid of a rowid table (rowid, _rowid_ or oid, whichever no column shadows). */
function rowidName(o: DumpObject): string | null {
  if (o.withoutRowid || o.kind === 'virtual') return o.kind === 'virtual' ? 'rowid' : null;
  const taken = new Set(o.columns.map((c) => c.toLowerCase()));
  return ['rowid', '_rowid_', 'oid'].find((n) => !taken.has(n)) ?? null;
}

/** Rows of one table as INSERT statements of at most maxInsertBytes (one round trip per table). */
async function tableRows(engine: Engine, o: DumpObject): Promise<string[]> {
  const rowid = rowidName(o);
  const targets = [...(rowid ? [rowid] : []), ...o.columns.map(q)];
  if (targets.length === 0) return [];
  const values = await engine.query(`SELECT '(' || ${targets.map((t) => `quote(${t})`).join(` || ',' || `)} || ')' AS v FROM ${q(o.name)}${rowid ? ` ORDER BY ${rowid}` : ''}`);
  const head = `INSERT INTO ${q(o.name)}(${targets.join(', ')}) VALUES `;
  const out: string[] = [];
  let batch: string[] = [];
  let size = head.length;
  for (const r of values) {
    const v = String(r.v);
    if (batch.length > 0 && size + v.length + 2 > maxInsertBytes) {
      out.push(head + batch.join(',\n'));
      batch = [];
      size = head.length;
    }
    batch.push(v);
    size += Buffer.byteLength(v, 'utf8') + 2;
  }
  if (batch.length > 0) out.push(head + batch.join(',\n'));
  return out;
}

/** The database as SQL text in restore order (see the file comment). Round trips: one per table, plus two. */
export async function dumpEngine(engine: Engine, header: readonly string[] = []): Promise<string> {
  const { objects, sequence } = await readObjects(engine);
  const tables = objects.filter((o) => o.type === 'table' && o.kind !== 'shadow');
  const rest = objects.filter((o) => o.type !== 'table');
  const out: string[] = [];
  for (const t of tables) out.push(t.sql);
  for (const t of tables) out.push(...await tableRows(engine, t));
  if (sequence) {
    const seq = await engine.query(`SELECT name, seq FROM sqlite_sequence`);
    const kept = seq.filter((s) => tables.some((t) => t.name === String(s.name)));
    if (kept.length > 0) {
      out.push('DELETE FROM sqlite_sequence');
      out.push(`INSERT INTO sqlite_sequence(name, seq) VALUES ${kept.map((s) => `(${lit(String(s.name))}, ${Number(s.seq)})`).join(', ')}`);
    }
  }
  for (const o of rest) out.push(o.sql);
  return `${[...header.map((h) => `-- ${h}`), ''].join('\n')}${out.map((s) => `${s};\n`).join('')}`;
}

/**
 * Table names ordered so that a table comes before every table it references: with enforcement on, dropping a
 * parent whose children still hold rows would count deferred violations that no later drop takes back.
 */
function childrenFirst(names: readonly string[], model: SchemaModel): string[] {
  const refs = new Map(model.tables.map((t) => [foldName(t.name), t.foreignKeys.map((f) => foldName(f.refTable))]));
  const depth = new Map<string, number>();
  const depthOf = (n: string, seen: Set<string>): number => {
    const known = depth.get(n);
    if (known !== undefined) return known;
    if (seen.has(n)) return 0;
    seen.add(n);
    const d = Math.max(0, ...(refs.get(n) ?? []).filter((r) => r !== n && refs.has(r)).map((r) => depthOf(r, seen) + 1));
    depth.set(n, d);
    return d;
  };
  return names.map((n, i) => ({ n, i, d: depthOf(foldName(n), new Set()) })).sort((a, b) => b.d - a.d || b.i - a.i).map((x) => x.n);
}

/**
 * The unit that replaces everything in the engine's database with the dump: every user object dropped (views,
 * triggers, then tables with their indexes, children before parents where the schema says so), the dump's
 * statements run. `defer_foreign_keys` lets tables and rows come back in any order; foreign keys are checked
 * at the end of the unit, which fails as a whole if the dump itself broke one.
 */
export async function restoreUnit(engine: Engine, dumpText: string): Promise<string[]> {
  const { objects } = await readObjects(engine);
  const tables = objects.filter((o) => o.type === 'table' && o.kind !== 'shadow');
  const drops = [
    ...objects.filter((o) => o.type === 'view').map((o) => `DROP VIEW IF EXISTS ${q(o.name)}`),
    ...objects.filter((o) => o.type === 'trigger').map((o) => `DROP TRIGGER IF EXISTS ${q(o.name)}`),
    ...childrenFirst(tables.map((o) => o.name), await introspectEngine(engine)).map((n) => `DROP TABLE IF EXISTS ${q(n)}`),
  ];
  return ['PRAGMA defer_foreign_keys = ON', ...drops, ...splitStatements(dumpText).map((s) => s.sql)];
}
