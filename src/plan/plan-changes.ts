/**
 * planChanges(changes, from, to) → Plan. Chooses per table between in-place ALTER and one full
 * rebuild, and orders the steps: drop dependents, drop, rename, create, alter/rebuild, recreate
 * indexes, views and triggers, then (when FK enforcement was turned off) check foreign keys. Pure.
 */
import type { Change } from '../diff/change.js';
import { assertNever } from '../diff/change.js';
import type { SchemaModel, Trigger, View } from '../model/schema-model.js';
import { mentionsIdentifier, foldName as lc } from '../model/normalize.js';
import { quoteIdent } from '../model/quote.js';
import { renderColumnDef, renderCreateIndex, renderCreateTable } from '../render/create-sql.js';
import type { Plan, Rebuild, Step } from './plan.js';
import { chooseStrategy, schemaEditReasons } from './table-strategy.js';
import { schemaEditStep } from './schema-edit.js';
import { freeName, namesInUse, rebuildSteps } from './rebuild.js';
import { orderByDependencies } from './order.js';
import { planWarnings } from './warnings.js';
import { rebuildTempPrefix } from '../model/internal-names.js';

type ModifyTable = Extract<Change, { kind: 'ModifyTable' }>;

export interface PlanContext {
  /**
   * Every object name in the database the plan will run on (sqlite_schema), when planning against
   * one: it holds names no SchemaModel shows (`_liteform_*` tables, virtual-table shadow tables), and
   * a rebuild's temporary table must not take any of them.
   */
  readonly namesInDatabase?: Iterable<string>;
  /**
   * The engine allows `PRAGMA writable_schema` (Capabilities.writableSchema) and the plan is run
   * directly, not written to a migration file: tables whose changes SQLite documents as safe to make
   * by editing the stored CREATE TABLE text get that edit instead of a rebuild. Migration files always
   * get the rebuild: it runs on every engine (D1 and libSQL refuse writable_schema) and in the sealed
   * scratch databases that replay and lint files, and reads as plain SQL in review.
   */
  readonly schemaEdits?: boolean;
}

export function planChanges(changes: readonly Change[], from: SchemaModel, to: SchemaModel, context: PlanContext = {}): Plan {
  const steps: Step[] = [];
  const rebuilds: Rebuild[] = [];
  const rebuildSet = new Set<number>();
  const edits: Rebuild[] = [];
  changes.forEach((c, i) => {
    if (c.kind !== 'ModifyTable') return;
    const s = chooseStrategy(c, from);
    const editReasons = context.schemaEdits === true && s.rebuildReasons.length > 0 ? schemaEditReasons(c) : null;
    if (editReasons !== null) {
      edits.push({ table: c.name, reasons: editReasons, change: i });
    } else if (s.rebuildReasons.length > 0) {
      rebuilds.push({ table: c.name, reasons: s.rebuildReasons, change: i });
      rebuildSet.add(i);
    }
  });

  // Tables whose views and triggers must be dropped first and recreated last: SQLite re-checks the
  // whole schema on RENAME and DROP COLUMN, and a view that reads a missing table or column fails it.
  const touched = new Set<string>();
  changes.forEach((c, i) => {
    if (c.kind === 'RenameTable') { touched.add(lc(c.from)); touched.add(lc(c.to)); }
    if (c.kind === 'DropTable') touched.add(lc(c.table.name));
    if (c.kind === 'ModifyTable' && (rebuildSet.has(i) || c.changes.some((t) => t.kind === 'DropColumn' || t.kind === 'RenameColumn'))) {
      touched.add(lc(c.name));
      touched.add(lc(c.from.name));
    }
  });
  const mentionsAny = (sql: string, names: Iterable<string>): boolean => [...names].some((n) => mentionsIdentifier(sql, n));
  const droppedViews = new Map<string, View>();
  const dropView = (v: View): void => { droppedViews.set(lc(v.name), v); };
  for (const c of changes) {
    if (c.kind === 'DropView') dropView(c.view);
    if (c.kind === 'ModifyView') dropView(c.from);
  }
  for (const v of from.views) if (mentionsAny(v.sql, touched)) dropView(v);
  // Views reading a dropped view go too (transitively).
  for (let grew = true; grew; ) {
    grew = false;
    for (const v of from.views) {
      if (!droppedViews.has(lc(v.name)) && mentionsAny(v.sql, droppedViews.keys())) { dropView(v); grew = true; }
    }
  }
  const droppedTriggers = new Map<string, Trigger>();
  for (const c of changes) {
    if (c.kind === 'DropTrigger') droppedTriggers.set(lc(c.trigger.name), c.trigger);
    if (c.kind === 'ModifyTrigger') droppedTriggers.set(lc(c.from.name), c.from);
  }
  for (const t of from.triggers) {
    if (touched.has(lc(t.table)) || mentionsAny(t.sql, touched) || mentionsAny(t.sql, droppedViews.keys())) droppedTriggers.set(lc(t.name), t);
  }
  const changeOfView = (name: string): number | null => {
    const i = changes.findIndex((c) => (c.kind === 'DropView' && lc(c.view.name) === lc(name)) || (c.kind === 'ModifyView' && lc(c.from.name) === lc(name)) || (c.kind === 'AddView' && lc(c.view.name) === lc(name)));
    return i < 0 ? null : i;
  };
  const changeOfTrigger = (name: string): number | null => {
    const i = changes.findIndex((c) => (c.kind === 'DropTrigger' && lc(c.trigger.name) === lc(name)) || (c.kind === 'ModifyTrigger' && lc(c.from.name) === lc(name)) || (c.kind === 'AddTrigger' && lc(c.trigger.name) === lc(name)));
    return i < 0 ? null : i;
  };

  // 1. Drop triggers and views that go away, change, or depend on a table that is rebuilt or renamed.
  for (const t of droppedTriggers.values()) {
    steps.push({ kind: 'sql', sql: `DROP TRIGGER ${quoteIdent(t.name)}`, comment: changeOfTrigger(t.name) === null ? `drop trigger ${t.name} while ${t.table} changes (recreated below)` : `drop trigger ${t.name}`, change: changeOfTrigger(t.name), table: t.table });
  }
  for (const v of droppedViews.values()) {
    steps.push({ kind: 'sql', sql: `DROP VIEW ${quoteIdent(v.name)}`, comment: changeOfView(v.name) === null ? `drop view ${v.name} while the tables it reads change (recreated below)` : `drop view ${v.name}`, change: changeOfView(v.name) });
  }
  changes.forEach((c, i) => {
    if (c.kind === 'DropVirtualTable' || c.kind === 'ModifyVirtualTable') {
      const t = c.kind === 'DropVirtualTable' ? c.table : c.from;
      steps.push({ kind: 'sql', sql: `DROP TABLE ${quoteIdent(t.name)}`, comment: `drop virtual table ${t.name}`, change: i, table: t.name });
    }
  });
  // 2. Drop removed indexes first, rebuilt tables included: the name may move to another table
  //    that is created or rebuilt before this table's DROP TABLE would remove it.
  changes.forEach((c, i) => {
    if (c.kind !== 'ModifyTable') return;
    for (const tc of c.changes) {
      if (tc.kind === 'DropIndex') steps.push({ kind: 'sql', sql: `DROP INDEX ${quoteIdent(tc.index.name)}`, comment: `drop index ${tc.index.name}`, change: i, table: c.name });
    }
  });
  // 3. Drop tables (FK enforcement is off: a dropped parent must not cascade into its children).
  changes.forEach((c, i) => {
    if (c.kind === 'DropTable') steps.push({ kind: 'sql', sql: `DROP TABLE ${quoteIdent(c.table.name)}`, comment: `drop table ${c.table.name}`, change: i, table: c.table.name });
  });
  // 4. Renames, from hints only.
  changes.forEach((c, i) => {
    if (c.kind === 'RenameTable') steps.push({ kind: 'sql', sql: `ALTER TABLE ${quoteIdent(c.from)} RENAME TO ${quoteIdent(c.to)}`, comment: `rename table ${c.from} → ${c.to}`, change: i, table: c.to });
  });
  changes.forEach((c, i) => {
    if (c.kind !== 'ModifyTable' || rebuildSet.has(i)) return;
    for (const tc of c.changes) {
      if (tc.kind === 'RenameColumn') {
        steps.push({ kind: 'sql', sql: `ALTER TABLE ${quoteIdent(c.name)} RENAME COLUMN ${quoteIdent(tc.from)} TO ${quoteIdent(tc.to)}`, comment: `rename column ${c.name}.${tc.from} → ${tc.to}`, change: i, table: c.name });
      }
    }
  });
  // 5. New tables, parents first.
  const added = changes.flatMap((c, i) => (c.kind === 'AddTable' ? [{ t: c.table, i }] : []));
  for (const { t, i } of orderByDependencies(added, (x) => x.t.name, (x) => x.t.foreignKeys.map((f) => f.refTable))) {
    steps.push({ kind: 'sql', sql: renderCreateTable(t), comment: `create table ${t.name}`, change: i, table: t.name });
    for (const index of t.indexes) steps.push({ kind: 'sql', sql: renderCreateIndex(index), comment: `create index ${index.name}`, change: i, table: t.name });
  }
  // 6. In-place alters.
  changes.forEach((c, i) => {
    if (c.kind !== 'ModifyTable' || rebuildSet.has(i)) return;
    // Add before drop: SQLite refuses to drop a table's last column.
    for (const tc of c.changes) {
      if (tc.kind === 'AddColumn') steps.push({ kind: 'sql', sql: `ALTER TABLE ${quoteIdent(c.name)} ADD COLUMN ${renderColumnDef(tc.column, null)}`, comment: `add column ${c.name}.${tc.column.name}`, change: i, table: c.name });
    }
    for (const tc of c.changes) {
      if (tc.kind === 'DropColumn') steps.push({ kind: 'sql', sql: `ALTER TABLE ${quoteIdent(c.name)} DROP COLUMN ${quoteIdent(tc.column.name)}`, comment: `drop column ${c.name}.${tc.column.name}`, change: i, table: c.name });
    }
  });
  // 7. Rebuilds, parents first.
  const taken = namesInUse(from, to, context.namesInDatabase);
  const rebuilt = rebuilds.map((r) => ({ r, mt: changes[r.change] as ModifyTable }));
  for (const { r, mt } of orderByDependencies(rebuilt, (x) => x.r.table, (x) => x.mt.to.foreignKeys.map((f) => f.refTable))) {
    const temp = freeName(`${rebuildTempPrefix}${mt.name}`, taken);
    taken.add(lc(temp));
    steps.push(...rebuildSteps(mt, r.change, temp));
  }
  // 7b. In-place schema edits: the table keeps its rows, name, columns and indexes.
  for (const e of edits) steps.push(schemaEditStep(changes[e.change] as ModifyTable, e.change, e.reasons));
  // 8. New indexes on tables altered in place.
  changes.forEach((c, i) => {
    if (c.kind !== 'ModifyTable' || rebuildSet.has(i)) return;
    for (const tc of c.changes) {
      if (tc.kind === 'AddIndex') steps.push({ kind: 'sql', sql: renderCreateIndex(tc.index, c.name), comment: `create index ${tc.index.name}`, change: i, table: c.name });
    }
  });
  // 9. Virtual tables, views (after the views they read), triggers.
  changes.forEach((c, i) => {
    if (c.kind === 'AddVirtualTable' || c.kind === 'ModifyVirtualTable') {
      const t = c.kind === 'AddVirtualTable' ? c.table : c.to;
      steps.push({ kind: 'sql', sql: t.sql, comment: `create virtual table ${t.name}`, change: i, table: t.name });
    }
  });
  const toViews = new Map(to.views.map((v) => [lc(v.name), v]));
  const viewsToCreate = to.views.filter((v) => droppedViews.has(lc(v.name)) || changes.some((c) => c.kind === 'AddView' && lc(c.view.name) === lc(v.name)));
  for (const v of orderByDependencies(viewsToCreate, (x) => x.name, (x) => [...toViews.keys()].filter((n) => n !== lc(x.name) && mentionsIdentifier(x.sql, n)))) {
    const ci = changeOfView(v.name);
    steps.push({ kind: 'sql', sql: v.sql, comment: ci === null ? `recreate view ${v.name}` : `create view ${v.name}`, change: ci });
  }
  const rebuiltTables = new Set(rebuilds.map((r) => lc(r.table)));
  const triggersToCreate = to.triggers.filter(
    (t) => droppedTriggers.has(lc(t.name)) || rebuiltTables.has(lc(t.table)) || changes.some((c) => c.kind === 'AddTrigger' && lc(c.trigger.name) === lc(t.name)),
  );
  for (const t of triggersToCreate) {
    const ci = changeOfTrigger(t.name);
    steps.push({ kind: 'sql', sql: t.sql, comment: ci === null ? `recreate trigger ${t.name}` : `create trigger ${t.name}`, change: ci, table: t.table });
  }

  const foreignKeysOff = rebuilds.length > 0 || changes.some((c) => c.kind === 'DropTable');
  if (foreignKeysOff) {
    steps.push({ kind: 'foreign-key-check', sql: 'PRAGMA foreign_key_check', comment: 'every foreign key still holds (enforcement was off during the rebuild)', change: null });
  }
  for (const c of changes) exhaustive(c);
  return { changes, steps, rebuilds, ...(edits.length > 0 ? { schemaEdits: edits } : {}), foreignKeysOff, warnings: planWarnings(changes) };
}

/** Compile-time guard: every change kind is handled by a phase above. */
function exhaustive(c: Change): void {
  switch (c.kind) {
    case 'AddTable': case 'DropTable': case 'RenameTable': case 'ModifyTable':
    case 'AddView': case 'DropView': case 'ModifyView':
    case 'AddTrigger': case 'DropTrigger': case 'ModifyTrigger':
    case 'AddVirtualTable': case 'DropVirtualTable': case 'ModifyVirtualTable':
      return;
    default:
      assertNever(c);
  }
}

