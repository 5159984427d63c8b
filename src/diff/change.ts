/**
 * Changes are plain data (Atlas-style). They are the single source for the SQL plan, the human
 * plan, `--json` output and lint: nothing downstream re-parses generated SQL.
 */
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Table, Trigger, UniqueConstraint, View, VirtualTable } from '../model/schema-model.js';

export type Change =
  | { readonly kind: 'AddTable'; readonly table: Table }
  | { readonly kind: 'DropTable'; readonly table: Table }
  | { readonly kind: 'RenameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'ModifyTable'; readonly name: string; readonly from: Table; readonly to: Table; readonly changes: readonly TableChange[] }
  | { readonly kind: 'AddView'; readonly view: View }
  | { readonly kind: 'DropView'; readonly view: View }
  | { readonly kind: 'ModifyView'; readonly from: View; readonly to: View }
  | { readonly kind: 'AddTrigger'; readonly trigger: Trigger }
  | { readonly kind: 'DropTrigger'; readonly trigger: Trigger }
  | { readonly kind: 'ModifyTrigger'; readonly from: Trigger; readonly to: Trigger }
  | { readonly kind: 'AddVirtualTable'; readonly table: VirtualTable }
  | { readonly kind: 'DropVirtualTable'; readonly table: VirtualTable }
  | { readonly kind: 'ModifyVirtualTable'; readonly from: VirtualTable; readonly to: VirtualTable };

export type ColumnAspect = 'type' | 'notNull' | 'default' | 'collate' | 'generated';

export type TableChange =
  /** `backfill`: the user's expression for the rows that exist when the column appears (see RenameHints). */
  | { readonly kind: 'AddColumn'; readonly column: Column; readonly backfill?: string }
  | { readonly kind: 'DropColumn'; readonly column: Column }
  | { readonly kind: 'RenameColumn'; readonly from: string; readonly to: string }
  | { readonly kind: 'ModifyColumn'; readonly from: Column; readonly to: Column; readonly what: readonly ColumnAspect[] }
  | { readonly kind: 'ReorderColumns'; readonly from: readonly string[]; readonly to: readonly string[] }
  | { readonly kind: 'ModifyPrimaryKey'; readonly from: PrimaryKey | null; readonly to: PrimaryKey | null }
  | { readonly kind: 'AddUnique'; readonly unique: UniqueConstraint }
  | { readonly kind: 'DropUnique'; readonly unique: UniqueConstraint }
  | { readonly kind: 'AddCheck'; readonly check: CheckConstraint }
  | { readonly kind: 'DropCheck'; readonly check: CheckConstraint }
  | { readonly kind: 'AddForeignKey'; readonly foreignKey: ForeignKey }
  | { readonly kind: 'DropForeignKey'; readonly foreignKey: ForeignKey }
  | { readonly kind: 'AddIndex'; readonly index: Index }
  | { readonly kind: 'DropIndex'; readonly index: Index }
  | { readonly kind: 'ModifyStrict'; readonly to: boolean }
  | { readonly kind: 'ModifyWithoutRowid'; readonly to: boolean };

export type ChangeKind = Change['kind'];
export type TableChangeKind = TableChange['kind'];

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
