/**
 * Backward compatibility of a plan for code that still runs against the old version: while a fleet is
 * mid-way, the application serves tenants at both versions. A change old code cannot live with is reported
 * with a stable code, so the team can split it into an expand step (add, backfill) and a contract step
 * (drop, tighten) applied once no old code is left.
 */
import { assertNever, type Change, type TableChange } from '../diff/change.js';

export const compatCodes = {
  LF501: 'table dropped',
  LF502: 'column dropped',
  LF503: 'table renamed',
  LF504: 'column renamed',
  LF505: 'new NOT NULL column without a default',
  LF506: 'column becomes NOT NULL',
  LF507: 'view dropped or renamed',
} as const;

export type CompatCode = keyof typeof compatCodes;

export interface CompatFinding {
  readonly code: CompatCode;
  readonly message: string;
  readonly table: string;
  readonly column?: string;
  readonly hint: string;
}

const expand = 'expand/contract: ship code that no longer uses it, finish the fleet, then drop it in a later migration';

function tableFindings(table: string, c: TableChange): CompatFinding[] {
  switch (c.kind) {
    case 'DropColumn':
      return [{ code: 'LF502', table, column: c.column.name, message: `drops column ${table}.${c.column.name}: old code that reads or writes it fails on migrated tenants`, hint: expand }];
    case 'RenameColumn':
      return [{ code: 'LF504', table, column: c.to, message: `renames column ${table}.${c.from} to ${c.to}: old code naming ${c.from} fails on migrated tenants, new code naming ${c.to} on the rest`, hint: 'expand/contract: add the new column and write both, backfill, move readers, then drop the old one' }];
    case 'AddColumn':
      return c.column.notNull && c.column.default === null && c.column.generated === null
        ? [{ code: 'LF505', table, column: c.column.name, message: `adds ${table}.${c.column.name} NOT NULL without a default: old code's INSERTs fail on migrated tenants`, hint: 'expand/contract: add it with a DEFAULT (or nullable), backfill, then tighten once every writer sets it' }]
        : [];
    case 'ModifyColumn':
      return c.to.notNull && !c.from.notNull && c.to.default === null
        ? [{ code: 'LF506', table, column: c.to.name, message: `makes ${table}.${c.to.name} NOT NULL without a default: old code that leaves it out fails on migrated tenants`, hint: 'expand/contract: make every writer set it first, then add NOT NULL in a later migration' }]
        : [];
    case 'ReorderColumns': case 'ModifyPrimaryKey': case 'AddUnique': case 'DropUnique': case 'AddCheck': case 'DropCheck':
    case 'AddForeignKey': case 'DropForeignKey': case 'AddIndex': case 'DropIndex': case 'ModifyStrict': case 'ModifyWithoutRowid':
      return [];
    default:
      return assertNever(c);
  }
}

/** Findings for a plan's changes, in plan order. */
export function compatFindings(changes: readonly Change[]): CompatFinding[] {
  return changes.flatMap((c): CompatFinding[] => {
    switch (c.kind) {
      case 'DropTable':
        return [{ code: 'LF501', table: c.table.name, message: `drops table ${c.table.name}: old code that uses it fails on migrated tenants`, hint: expand }];
      case 'RenameTable':
        return [{ code: 'LF503', table: c.to, message: `renames table ${c.from} to ${c.to}: old code naming ${c.from} fails on migrated tenants, new code naming ${c.to} on the rest`, hint: 'expand/contract: create the new table (or a view under the old name), move readers and writers, then drop the old one' }];
      case 'ModifyTable':
        return c.changes.flatMap((t) => tableFindings(c.name, t));
      case 'DropView':
        return [{ code: 'LF507', table: c.view.name, message: `drops view ${c.view.name}: old code that reads it fails on migrated tenants`, hint: expand }];
      case 'AddTable': case 'AddView': case 'ModifyView': case 'AddTrigger': case 'DropTrigger': case 'ModifyTrigger':
      case 'AddVirtualTable': case 'DropVirtualTable': case 'ModifyVirtualTable':
        return [];
      default:
        return assertNever(c);
    }
  });
}
