/**
 * Decides, per modified table, between in-place ALTER statements and one full rebuild, and says why.
 * The rules are SQLite's (lang_altertable.html): what ADD COLUMN and DROP COLUMN accept.
 */
import type { Change, ColumnAspect, TableChange } from '../diff/change.js';
import { assertNever } from '../diff/change.js';
import type { Column, SchemaModel, Table } from '../model/schema-model.js';
import { mentionsIdentifier, foldName as lc } from '../model/normalize.js';
import { isConstantDefault, isNullDefault } from '../render/create-sql.js';
import { hasRowidAlias } from './rebuild.js';
import { describeColumnChange, describeIndex, describeKey, keyNames } from './describe.js';

type ModifyTable = Extract<Change, { kind: 'ModifyTable' }>;

export interface TableStrategy {
  /** Empty when the table is altered in place. */
  readonly rebuildReasons: readonly string[];
}


export function chooseStrategy(mt: ModifyTable, from: SchemaModel): TableStrategy {
  const reasons: string[] = [];
  const droppedIndexes = new Set(mt.changes.flatMap((c) => (c.kind === 'DropIndex' ? [lc(c.index.name)] : [])));
  for (const c of mt.changes) {
    const reason = rebuildReason(c, mt, from, droppedIndexes);
    if (reason !== null) reasons.push(reason);
  }
  return { rebuildReasons: reasons };
}

function rebuildReason(c: TableChange, mt: ModifyTable, from: SchemaModel, droppedIndexes: ReadonlySet<string>): string | null {
  switch (c.kind) {
    case 'AddIndex':
    case 'DropIndex':
    case 'RenameColumn':
      return null;
    case 'AddColumn': {
      // The copy of a rebuild computes it per existing row, as no ALTER TABLE can (and fires no trigger).
      if (c.backfill !== undefined) return `add column ${c.column.name} (existing rows get its backfill)`;
      const added = new Set(mt.changes.flatMap((x) => (x.kind === 'AddColumn' ? [lc(x.column.name)] : [])));
      const why = cannotAddInPlace(c.column, mt.to, added);
      return why === null ? null : `add column ${c.column.name} (${why})`;
    }
    case 'DropColumn': {
      const why = cannotDropInPlace(c.column, mt.from, from, droppedIndexes);
      return why === null ? null : `drop column ${c.column.name} (SQLite cannot drop a column that ${why})`;
    }
    case 'ModifyColumn':
      return `change column ${describeColumnChange(c.from, c.to, c.what)}`;
    case 'ReorderColumns':
      return 'column order changes';
    case 'ModifyPrimaryKey':
      return `primary key ${describeKey(c.from)} → ${describeKey(c.to)}`;
    case 'AddUnique':
      return `add UNIQUE (${keyNames(c.unique.columns)})`;
    case 'DropUnique':
      return `drop UNIQUE (${keyNames(c.unique.columns)})`;
    case 'AddCheck':
      return `add CHECK (${c.check.expr})`;
    case 'DropCheck':
      return `drop CHECK (${c.check.expr})`;
    case 'AddForeignKey':
      return `add foreign key (${c.foreignKey.columns.join(', ')}) → ${c.foreignKey.refTable}`;
    case 'DropForeignKey':
      return `drop foreign key (${c.foreignKey.columns.join(', ')}) → ${c.foreignKey.refTable}`;
    case 'ModifyStrict':
      return c.to ? 'becomes STRICT' : 'stops being STRICT';
    case 'ModifyWithoutRowid':
      return c.to ? 'becomes WITHOUT ROWID' : 'stops being WITHOUT ROWID';
    default:
      return assertNever(c);
  }
}

/** Why ALTER TABLE ADD COLUMN cannot add this column, or null when it can. */
export function cannotAddInPlace(col: Column, to: Table, added: ReadonlySet<string>): string | null {
  const idx = to.columns.findIndex((c) => lc(c.name) === lc(col.name));
  if (to.columns.slice(idx + 1).some((c) => !added.has(lc(c.name)))) return 'it is not the last column';
  if (to.primaryKey?.columns.some((k) => lc(k.name) === lc(col.name))) return 'it is part of the primary key';
  if (to.uniques.some((u) => u.columns.some((k) => lc(k.name) === lc(col.name)))) return 'it is UNIQUE';
  if (col.generated?.stored) return 'it is a STORED generated column';
  if (col.default !== null && !col.generated && !isConstantDefault(col.default)) return 'its default is not a constant';
  if (col.notNull && !col.generated && isNullDefault(col.default)) return 'it is NOT NULL without a default';
  return null;
}

/** Why ALTER TABLE DROP COLUMN cannot drop this column, or null when it can. */
export function cannotDropInPlace(col: Column, table: Table, schema: SchemaModel, droppedIndexes: ReadonlySet<string>): string | null {
  const name = lc(col.name);
  if (table.primaryKey?.columns.some((k) => lc(k.name) === name)) return 'is part of the primary key';
  if (table.uniques.some((u) => u.columns.some((k) => lc(k.name) === name))) return 'has a UNIQUE constraint';
  const usingIndex = table.indexes.find(
    (i) =>
      !droppedIndexes.has(lc(i.name)) &&
      (i.parts.some((p) => (p.kind === 'column' ? lc(p.name) === name : mentionsIdentifier(p.expr, col.name))) ||
        (i.where !== null && mentionsIdentifier(i.where, col.name))),
  );
  if (usingIndex) return `an index uses (${describeIndex(usingIndex)})`;
  if (table.foreignKeys.some((fk) => fk.columns.some((n) => lc(n) === name))) return 'is part of a foreign key';
  const referencing = schema.tables.find((t) => t.foreignKeys.some((fk) => lc(fk.refTable) === lc(table.name) && fk.refColumns.some((n) => lc(n) === name)));
  if (referencing) return `a foreign key of ${referencing.name} references`;
  if (table.checks.some((c) => mentionsIdentifier(c.expr, col.name))) return 'a CHECK constraint uses';
  if (table.columns.some((c) => c.generated !== null && lc(c.name) !== name && mentionsIdentifier(c.generated.expr, col.name))) return 'a generated column uses';
  return null;
}

/**
 * The changes sqlite.org/lang_altertable.html lists as safe to make by editing the stored CREATE TABLE
 * text (writable_schema), because they change neither how rows are stored nor what any index holds:
 * removing CHECK, FOREIGN KEY and NOT NULL constraints, and adding, removing or changing a DEFAULT.
 * Returns why each change qualifies when every change of the table does (index changes run in place
 * beside the edit), else null: the table is altered in place or rebuilt as before.
 *
 * Also refused: a table with more than one automatic index (UNIQUE / non-rowid PRIMARY KEY). SQLite
 * numbers them `sqlite_autoindex_<t>_N` in the order the CREATE TABLE text declares them, and the text
 * written here may order them differently from the stored one, which would pair an index with the
 * wrong columns. And a DEFAULT whose old value is not a constant: rows that predate the column read
 * that default, and the edit stores it in them first (SchemaEdit.fills), which needs a constant.
 */
export function schemaEditReasons(mt: ModifyTable): string[] | null {
  const reasons: string[] = [];
  for (const c of mt.changes) {
    switch (c.kind) {
      case 'AddIndex':
      case 'DropIndex':
        continue;
      case 'DropCheck':
        reasons.push(`drop CHECK (${c.check.expr})`);
        continue;
      case 'DropForeignKey':
        reasons.push(`drop foreign key (${c.foreignKey.columns.join(', ')}) → ${c.foreignKey.refTable}`);
        continue;
      case 'ModifyColumn': {
        const why = editableColumnChange(c.from, c.to, c.what);
        if (why === null) return null;
        reasons.push(`${c.to.name}: ${why}`);
        continue;
      }
      default:
        return null;
    }
  }
  if (reasons.length === 0 || lc(mt.from.name) !== lc(mt.to.name)) return null;
  for (const t of [mt.from, mt.to]) if (automaticIndexes(t) > 1) return null;
  return reasons;
}

function editableColumnChange(from: Column, to: Column, what: readonly ColumnAspect[]): string | null {
  const out: string[] = [];
  for (const aspect of what) {
    switch (aspect) {
      case 'notNull':
        // Only dropping NOT NULL (with its conflict clause); adding one, or changing the clause, can fail on rows.
        if (!from.notNull || to.notNull) return null;
        out.push('drop NOT NULL');
        break;
      case 'default':
        if (from.default !== null && !isConstantDefault(from.default)) return null;
        out.push(to.default === null ? 'drop DEFAULT' : from.default === null ? `add DEFAULT ${to.default}` : `DEFAULT ${from.default} → ${to.default}`);
        break;
      case 'type':
      case 'collate':
      case 'generated':
        return null;
      default:
        return assertNever(aspect);
    }
  }
  return out.length === 0 ? null : [...new Set(out)].join(', ');
}

/** How many `sqlite_autoindex_*` indexes SQLite creates for the table: one per UNIQUE, one for a PRIMARY KEY that is not the rowid or the table itself. */
function automaticIndexes(t: Table): number {
  const pkIndex = t.primaryKey !== null && !t.withoutRowid && !hasRowidAlias(t) ? 1 : 0;
  return t.uniques.length + pkIndex;
}
