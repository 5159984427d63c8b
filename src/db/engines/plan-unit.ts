/**
 * A Plan as ONE atomic unit of statements for an engine, the procedure chosen from its capabilities (never
 * from its kind). Pure: statements from the Plan's steps and Change data; no database access, and no
 * generated SQL is parsed back.
 *
 * - FK enforcement can be turned off around the unit (file, libSQL `client.migrate()`): the plan's own
 *   statements (the 12-step rebuild), run with `foreignKeysOff`, framed by the row-count / foreign_key_check guard
 *   (nothing else notices a lost or orphaned row before COMMIT with enforcement off).
 * - It cannot (D1): every rebuild block is replaced by the FK-safe rebuild (safe-rebuild.ts) of that table,
 *   with `defer_foreign_keys=ON` and the same guard, so no ON DELETE action fires on a child.
 *
 * Every unit starts with a schema check (optimistic concurrency: no lock spans round trips on these
 * engines): it aborts unless the schema's fingerprint still equals the one read with the introspection,
 * and ends with the history row.
 */
import type { Change } from '../../diff/change.js';
import type { SchemaModel, Table } from '../../model/schema-model.js';
import { foldName } from '../../model/normalize.js';
import { quoteIdent as q, quoteString as lit } from '../../model/quote.js';
import { renderCreateIndex, renderCreateTable } from '../../render/create-sql.js';
import type { Plan, Step } from '../../plan/plan.js';
import { freeName, rebuildSteps } from '../../plan/rebuild.js';
import { historyTable } from '../../model/internal-names.js';
import { historyTableSql, type HistoryRow } from '../history.js';
import type { Capabilities } from './engine.js';
import { guardClose, guardOpen, reachableTables, rowidNameOf, safeRebuildCore, type ParentRebuild } from './safe-rebuild.js';
import { LiteformError } from '../../errors.js';
import { isLegacyAlterPragma } from '../../plan/legacy-alter.js';
import { rebuildTempPrefix } from '../../model/internal-names.js';

type ModifyTable = Extract<Change, { kind: 'ModifyTable' }>;

export interface EngineUnit {
  readonly statements: readonly string[];
  /** Pass to runUnit: the unit relies on FK enforcement being off around it. */
  readonly foreignKeysOff: boolean;
}

/** The plan's own statements for this engine (no schema check, no history row). */
export function planUnitStatements(plan: Plan, from: SchemaModel, to: SchemaModel, caps: Capabilities): EngineUnit {
  const guarded = plan.foreignKeysOff;
  if (!guarded) return { statements: plainStatements(plan.steps, plan, from, to, caps.legacyAlterTable), foreignKeysOff: false };
  const counted = countedTables(plan, from, to);
  if (caps.foreignKeysOffAroundUnit) {
    return { statements: [...guardOpen(counted), ...plainStatements(plan.steps, plan, from, to, caps.legacyAlterTable), ...guardClose(counted)], foreignKeysOff: true };
  }
  return { statements: ['PRAGMA defer_foreign_keys = ON', ...guardOpen(counted), ...fkSafeStatements(plan, from, to), ...guardClose(counted)], foreignKeysOff: false };
}

/** Tables that exist before and after under the same name: their row counts must not change. */
function countedTables(plan: Plan, from: SchemaModel, to: SchemaModel): string[] {
  const gone = new Set<string>();
  for (const c of plan.changes) {
    if (c.kind === 'DropTable') gone.add(foldName(c.table.name));
    if (c.kind === 'RenameTable') gone.add(foldName(c.from));
  }
  const after = new Set(to.tables.map((t) => foldName(t.name)));
  return from.tables.filter((t) => !gone.has(foldName(t.name)) && after.has(foldName(t.name))).map((t) => t.name);
}

/** Step SQL as single statements; the FK check step is left to the guard. */
function plainStatements(steps: readonly Step[], plan: Plan, from: SchemaModel, to: SchemaModel, legacyAlter: boolean): string[] {
  const out: string[] = [];
  const autoincSteps = autoincrementSteps(plan, from, to);
  steps.forEach((step, i) => {
    switch (step.kind) {
      case 'sql':
      case 'copy': {
        if (!legacyAlter && isLegacyAlterPragma(step.sql)) return;
        const seq = autoincSteps.get(i);
        if (seq) out.push(...seq);
        else out.push(step.sql);
        return;
      }
      case 'foreign-key-check':
        return;
      case 'schema-edit':
        // Planned only when the caller asks for it (PlanContext.schemaEdits), which engine plans never do.
        throw new Error('liteform bug: an in-place schema edit was planned for a remote engine');
    }
  });
  return out;
}

/**
 * The rebuild's "keep the AUTOINCREMENT high-water mark" step holds two statements (engines run one per
 * call): rebuilt here from the data (the temporary name is the copy step's target).
 */
function autoincrementSteps(plan: Plan, from: SchemaModel, to: SchemaModel): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const blocks = rebuildBlocks(plan);
  const temps = tempNames(blocks, from, to);
  blocks.forEach((b, i) => {
    if (!b.mt.to.primaryKey?.autoincrement) return;
    const t = lit(temps[i]!);
    // The step follows the copy, or the CREATE when nothing is copied.
    const copyAt = b.steps.findIndex((s) => s.kind === 'copy');
    out.set(b.start + (copyAt >= 0 ? copyAt : 0) + 1, [
      `INSERT INTO sqlite_sequence (name, seq) SELECT ${t}, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${t})`,
      `UPDATE sqlite_sequence SET seq = max(seq, IFNULL((SELECT seq FROM sqlite_sequence WHERE name = ${lit(b.mt.name)}), 0)) WHERE name = ${t}`,
    ]);
  });
  return out;
}

/**
 * The temporary name of each rebuild, chosen as planChanges chooses it (freeName over every table name of both
 * schemas, in the order the rebuilds run); the copy step's target says the same where there is one.
 */
function tempNames(blocks: readonly RebuildBlock[], from: SchemaModel, to: SchemaModel): string[] {
  const taken = new Set([...from.tables, ...to.tables, ...from.virtualTables, ...to.virtualTables].map((t) => foldName(t.name)));
  return blocks.map((b) => {
    const name = b.steps.find((s) => s.kind === 'copy')?.copy?.target ?? freeName(`${rebuildTempPrefix}${b.mt.name}`, taken);
    taken.add(foldName(name));
    return name;
  });
}

interface RebuildBlock {
  readonly mt: ModifyTable;
  readonly change: number;
  /** Index of the block's first step in plan.steps. */
  readonly start: number;
  readonly steps: readonly Step[];
}

/**
 * Where each rebuild's steps are in the plan: rebuildSteps() emits them as one contiguous run, the last run of
 * steps caused by that change (a DROP INDEX of the same change may come earlier); its length is what
 * rebuildSteps() gives for that change.
 */
function rebuildBlocks(plan: Plan): RebuildBlock[] {
  return plan.rebuilds.map((r) => {
    const mt = plan.changes[r.change] as ModifyTable;
    const length = rebuildSteps(mt, r.change, '_').length;
    let end = -1;
    plan.steps.forEach((s, i) => { if (s.change === r.change) end = i; });
    const start = end - length + 1;
    if (end < 0 || start < 0 || plan.steps.slice(start, end + 1).some((s) => s.change !== r.change)) {
      throw new LiteformError('LITEFORM_INTERNAL', `cannot find the rebuild of ${r.table} in the plan`, 'this is a liteform bug: please report it with the plan (--json)');
    }
    return { mt, change: r.change, start, steps: plan.steps.slice(start, end + 1) };
  }).sort((a, b) => a.start - b.start);
}

/** The plan with every rebuild block replaced by the FK-safe rebuild of its table. */
function fkSafeStatements(plan: Plan, from: SchemaModel, to: SchemaModel): string[] {
  const blocks = rebuildBlocks(plan);
  const byStart = new Map(blocks.map((b, i) => [b.start, { b, i }]));
  const liveTriggers = from.triggers.filter((t) => !plan.steps.some((s) => s.kind === 'sql' && s.sql === `DROP TRIGGER ${q(t.name)}`));
  // With enforcement on, dropping a table that a table rebuilt later still references makes every write to
  // that child fail ("no such table") and would fire its ON DELETE actions: such drops wait until the
  // rebuilds have removed the references.
  const rebuiltChildren = new Set(blocks.map((b) => foldName(b.mt.name)));
  const stillReferenced = new Set(from.tables.filter((t) => rebuiltChildren.has(foldName(t.name))).flatMap((t) => t.foreignKeys.map((fk) => foldName(fk.refTable))));
  const deferred: string[] = [];
  const out: string[] = [];
  for (let i = 0; i < plan.steps.length; i++) {
    const hit = byStart.get(i);
    if (hit === undefined) {
      const step = plan.steps[i]!;
      const change = step.change === null ? undefined : plan.changes[step.change];
      const target = change?.kind === 'DropTable' && stillReferenced.has(foldName(change.table.name)) ? deferred : out;
      target.push(...plainStatements([step], { ...plan, rebuilds: [] }, from, to, false));
      continue;
    }
    const { b, i: position } = hit;
    const model = schemaAt(blocks, position, to, liveTriggers);
    // The same row carry as the file's rebuild (src/plan/rebuild.ts copyColumns): carried columns, the
    // rowid between rowid tables, or one filled column, so every row is kept whatever columns remain.
    const map = b.steps.find((s) => s.kind === 'copy')?.copy;
    const copy = map ? [...map.columns, ...(map.fill ? [map.fill] : [])] : [];
    const parent: ParentRebuild = {
      table: b.mt.name,
      oldColumns: b.mt.from.columns.filter((c) => c.generated === null).map((c) => c.name),
      oldRowidName: map?.rowid ? map.rowid.from : rowidNameOf(b.mt.from),
      newRowidName: map?.rowid ? map.rowid.to : null,
      createSql: renderCreateTable(b.mt.to, b.mt.name),
      copy,
      oldAutoincrement: b.mt.from.primaryKey?.autoincrement ?? false,
      newAutoincrement: b.mt.to.primaryKey?.autoincrement ?? false,
      before: [],
      after: b.mt.to.indexes.map((ix) => renderCreateIndex(ix, b.mt.name)),
    };
    out.push(...safeRebuildCore({ parent, reachable: reachableTables(model, b.mt.name) }, `seq:${position}`));
    i += b.steps.length - 1;
  }
  return [...out, ...deferred];
}

/**
 * The schema as it stands when the rebuild at `position` runs: tables rebuilt later still in their old
 * shape (under their final name: renames ran before), every other table in its new shape (drops, renames,
 * creates and in-place alters ran before the rebuilds); the triggers the plan did not drop first.
 */
function schemaAt(blocks: readonly RebuildBlock[], position: number, to: SchemaModel, liveTriggers: SchemaModel['triggers']): SchemaModel {
  const later = new Map(blocks.slice(position).map((b) => [foldName(b.mt.name), b.mt]));
  const tables: Table[] = to.tables.map((t) => {
    const mt = later.get(foldName(t.name));
    return mt ? { ...mt.from, name: mt.name } : t;
  });
  return { ...to, tables, triggers: liveTriggers };
}

/** Scratch table of the schema check; `_liteform_rb_` names are never introspected nor fingerprinted. */
const schemaCheck = q('_liteform_rb_schema');
export const schemaChangedMessage = 'liteform: the schema changed while planning';

/**
 * One SQL expression whose value identifies the schema: per object its type, names, SQL length and the
 * counts of a few letters (SQLite has no hash function; this catches any added, dropped or renamed object and
 * any edit that changes a definition's length or letters). Platform tables and liteform's scratch tables
 * are left out. Small (tens of bytes per object), so it fits D1's statement limit for thousands of objects.
 */
export function schemaFingerprintSql(reservedPrefix: string | null): string {
  const letters = ['e', 't', 'a', 'i', 'n', 'r', 'o', 'l'];
  const counts = letters.map((c) => `length(replace(lower(ifnull(sql, '')), '${c}', ''))`).join(` || '.' || `);
  const reserved = reservedPrefix === null ? '' : ` AND substr(lower(name), 1, ${reservedPrefix.length}) <> ${lit(reservedPrefix.toLowerCase())}`;
  return `(SELECT count(*) || ':' || ifnull(group_concat(x, ','), '') FROM (SELECT type || ' ' || name || ' ' || tbl_name || ' ' || ifnull(length(sql), -1) || '.' || ${counts} AS x FROM sqlite_schema WHERE name NOT LIKE '\\_liteform\\_rb\\_%' ESCAPE '\\'${reserved} ORDER BY type, name))`;
}

/** First statements of a unit: abort it unless the schema still has the fingerprint read when planning. */
export function schemaCheckStatements(fingerprint: string, reservedPrefix: string | null): string[] {
  return [
    `CREATE TABLE ${schemaCheck}(ok INTEGER CONSTRAINT ${q(schemaChangedMessage)} CHECK (ok))`,
    `INSERT INTO ${schemaCheck}(ok) SELECT ${schemaFingerprintSql(reservedPrefix)} = ${lit(fingerprint)}`,
    `DROP TABLE ${schemaCheck}`,
  ];
}

/** Scratch table of the history check. */
const historyCheck = q('_liteform_rb_history');
export const historyChangedMessage = 'liteform: the history changed while planning';

/**
 * Statements of a unit that abort it unless `newestSql` (the newest history entry, read in SQL) still equals
 * `expected` (null: no entry, or no history table): two processes that read the same history never both act on it.
 */
export function historyCheckStatements(newestSql: string, expected: string | null): string[] {
  return [
    `CREATE TABLE ${historyCheck}(ok INTEGER CONSTRAINT ${q(historyChangedMessage)} CHECK (ok))`,
    `INSERT INTO ${historyCheck}(ok) SELECT ${newestSql} IS ${expected === null ? 'NULL' : lit(expected)}`,
    `DROP TABLE ${historyCheck}`,
  ];
}

/** Last statements of a unit: the history table when missing, and this migration's row. */
export function historyStatements(row: HistoryRow): string[] {
  return [
    historyTableSql,
    `INSERT INTO ${q(historyTable)} (version, name, checksum, applied_at, applied_by, duration_ms, statements) VALUES (${[row.version, row.name, row.checksum, row.applied_at, row.applied_by].map(lit).join(', ')}, ${Math.round(row.duration_ms)}, ${Math.round(row.statements)})`,
  ];
}

/** A statement over the engine's limit is an error before anything runs. */
export function checkStatementSizes(statements: readonly string[], caps: Capabilities, target: string): void {
  const max = caps.maxStatementBytes;
  if (max === null) return;
  statements.forEach((s, i) => {
    const bytes = Buffer.byteLength(s, 'utf8');
    if (bytes > max) {
      throw new LiteformError('LITEFORM_ENGINE_UNSUPPORTED',
        `${target}: statement ${i + 1} of the unit is ${bytes} bytes; this engine accepts at most ${max} (${s.trim().split('\n')[0]!.slice(0, 100)})`,
        'nothing was run; split the object (a long view or trigger) or apply it to a local file first');
    }
  });
}
