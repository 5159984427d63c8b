/**
 * Which changes destroy data (need --allow-destructive) and which may fail on existing rows.
 * Codes are stable: lint and `--json` consumers key on them.
 */
import type { Change, TableChange } from '../diff/change.js';
import { assertNever } from '../diff/change.js';
import type { Column } from '../model/schema-model.js';
import { normalizeType, sameType } from '../model/normalize.js';
import type { PlanWarning } from './plan.js';
import { keyNames } from './describe.js';

const strictRank: Record<string, number> = { INT: 1, INTEGER: 1, REAL: 2, TEXT: 3, BLOB: 3, ANY: 4 };

/** On a STRICT table, a type change that some stored values may not survive. */
export function isNarrowing(from: Column, to: Column): boolean {
  if (sameType(from.type, to.type)) return false;
  const a = strictRank[normalizeType(from.type)];
  const b = strictRank[normalizeType(to.type)];
  if (a === undefined || b === undefined) return true;
  if (a === 1 && b === 1) return false;
  if (a === 1 && b === 2) return false; // INTEGER → REAL converts losslessly for stored integers
  return !(b === 4);
}

export function planWarnings(changes: readonly Change[]): PlanWarning[] {
  const out: PlanWarning[] = [];
  changes.forEach((c, i) => {
    switch (c.kind) {
      case 'DropTable':
        out.push({ level: 'destructive', code: 'LF101', table: c.table.name, message: `drops table ${c.table.name} and all its rows`, change: i });
        return;
      case 'DropVirtualTable':
        out.push({ level: 'destructive', code: 'LF101', table: c.table.name, message: `drops virtual table ${c.table.name} and its contents`, change: i });
        return;
      case 'ModifyTable':
        for (const tc of c.changes) tableWarnings(c.name, c.to.strict, tc, i, out);
        return;
      case 'ModifyVirtualTable':
        out.push({ level: 'destructive', code: 'LF105', table: c.to.name, message: `recreates virtual table ${c.to.name}: its contents are dropped (rebuild it from its source afterwards)`, change: i });
        return;
      case 'AddTable':
      case 'RenameTable':
      case 'AddView':
      case 'DropView':
      case 'ModifyView':
      case 'AddTrigger':
      case 'DropTrigger':
      case 'ModifyTrigger':
      case 'AddVirtualTable':
        return;
      default:
        assertNever(c);
    }
  });
  return out;
}

function tableWarnings(table: string, strict: boolean, c: TableChange, change: number, out: PlanWarning[]): void {
  switch (c.kind) {
    case 'DropColumn':
      if (c.column.generated === null) {
        out.push({ level: 'destructive', code: 'LF102', table, column: c.column.name, message: `drops column ${table}.${c.column.name} and its values`, change });
      }
      return;
    case 'ModifyColumn':
      if (c.what.includes('generated') && c.from.generated === null) {
        out.push({ level: 'destructive', code: 'LF103', table, column: c.to.name, message: `${table}.${c.to.name} becomes a generated column: its stored values are replaced`, change });
      }
      if (strict && c.what.includes('type') && isNarrowing(c.from, c.to)) {
        out.push({ level: 'destructive', code: 'LF104', table, column: c.to.name, message: `narrows ${table}.${c.to.name} from ${c.from.type} to ${c.to.type} on a STRICT table`, change });
      }
      if (c.what.includes('notNull') && c.to.notNull && c.to.default === null && c.to.generated === null) {
        out.push({ level: 'data-dependent', code: 'LF201', table, column: c.to.name, message: `${table}.${c.to.name} becomes NOT NULL without a default: fails if any row holds NULL`, change });
      }
      return;
    case 'AddColumn':
      if (c.column.notNull && c.column.default === null && c.column.generated === null) {
        const why = c.backfill === undefined ? 'fails unless the table is empty' : `existing rows get its backfill (${c.backfill}): fails where that is NULL`;
        out.push({ level: 'data-dependent', code: 'LF201', table, column: c.column.name, message: `new column ${table}.${c.column.name} is NOT NULL without a default: ${why}`, change });
      }
      return;
    case 'AddUnique':
      out.push({ level: 'data-dependent', code: 'LF202', table, column: c.unique.columns.map((k) => k.name).join(', '), message: `adds UNIQUE (${keyNames(c.unique.columns)}) on ${table}: fails on duplicate rows`, change });
      return;
    case 'AddIndex':
      if (c.index.unique) out.push({ level: 'data-dependent', code: 'LF202', table, message: `adds unique index ${c.index.name} on ${table}: fails on duplicate rows`, change });
      return;
    case 'AddCheck':
      out.push({ level: 'data-dependent', code: 'LF203', table, message: `adds CHECK (${c.check.expr}) on ${table}: fails if an existing row breaks it`, change });
      return;
    case 'AddForeignKey':
      out.push({ level: 'data-dependent', code: 'LF204', table, column: c.foreignKey.columns.join(', '), message: `adds a foreign key ${table}(${c.foreignKey.columns.join(', ')}) → ${c.foreignKey.refTable}: fails if a row has no parent`, change });
      return;
    case 'ModifyPrimaryKey':
      out.push({ level: 'data-dependent', code: 'LF202', table, message: `changes the primary key of ${table}: fails on duplicate keys`, change });
      return;
    case 'ModifyStrict':
      if (c.to) out.push({ level: 'data-dependent', code: 'LF205', table, message: `${table} becomes STRICT: fails if a stored value does not fit its column type`, change });
      return;
    case 'RenameColumn':
    case 'ReorderColumns':
    case 'DropUnique':
    case 'DropCheck':
    case 'DropForeignKey':
    case 'DropIndex':
    case 'ModifyWithoutRowid':
      return;
    default:
      assertNever(c);
  }
}
