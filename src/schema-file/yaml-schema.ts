/**
 * The YAML document as schema/liteform.schema.json guarantees it after validation: the checks and the
 * renderer read these types and never re-check what the JSON Schema already did.
 */

export type FkAction = 'NO ACTION' | 'RESTRICT' | 'SET NULL' | 'SET DEFAULT' | 'CASCADE';
export type YamlDeferrable = false | 'initially-deferred' | 'initially-immediate';
export type YamlCheck = string | { readonly name?: string; readonly expr: string };
export type YamlConflict = 'ROLLBACK' | 'ABORT' | 'FAIL' | 'IGNORE' | 'REPLACE';
export type YamlKeyColumn = string | { readonly column: string; readonly desc?: boolean; readonly collate?: string };
export type YamlUnique = readonly YamlKeyColumn[] | { readonly columns: readonly YamlKeyColumn[]; readonly onConflict?: YamlConflict };
export type YamlIndexPart =
  | string
  | { readonly column: string; readonly desc?: boolean; readonly collate?: string }
  | { readonly expr: string; readonly desc?: boolean; readonly collate?: string };

export interface YamlReferenceActions {
  readonly onDelete?: FkAction;
  readonly onUpdate?: FkAction;
  readonly deferrable?: YamlDeferrable;
}

export interface YamlColumn {
  readonly type?: string;
  readonly primaryKey?: boolean;
  readonly autoincrement?: boolean;
  readonly notNull?: boolean;
  readonly unique?: boolean;
  readonly default?: string | number | boolean | null;
  readonly defaultExpr?: string;
  readonly collate?: string;
  readonly generated?: { readonly expr: string; readonly stored?: boolean };
  readonly references?: YamlReferenceActions & { readonly table: string; readonly column?: string; readonly missing?: true };
  readonly check?: YamlCheck;
  readonly renamedFrom?: string;
  readonly backfill?: string;
  readonly onConflict?: YamlConflict;
}

export interface YamlForeignKey extends YamlReferenceActions {
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns?: readonly string[]; readonly missing?: true };
}

export interface YamlIndex {
  readonly columns: readonly YamlIndexPart[];
  readonly unique?: boolean;
  readonly where?: string;
}

export type YamlPrimaryKey = readonly YamlKeyColumn[] | { readonly columns: readonly YamlKeyColumn[]; readonly autoincrement?: boolean; readonly onConflict?: YamlConflict };

export interface YamlTable {
  readonly renamedFrom?: string;
  readonly strict?: boolean;
  readonly withoutRowid?: boolean;
  readonly columns: Readonly<Record<string, string | YamlColumn>>;
  readonly primaryKey?: YamlPrimaryKey;
  readonly unique?: readonly YamlUnique[];
  readonly checks?: readonly YamlCheck[];
  readonly foreignKeys?: readonly YamlForeignKey[];
  readonly indexes?: Readonly<Record<string, YamlIndex>>;
}

export type YamlView = string | { readonly sql: string } | { readonly select: string };
export type YamlTrigger = string | { readonly table?: string; readonly sql: string };
export type YamlVirtualTable = string | { readonly sql: string };

export interface YamlSchema {
  readonly version?: 1;
  readonly tables?: Readonly<Record<string, YamlTable>>;
  readonly views?: Readonly<Record<string, YamlView>>;
  readonly triggers?: Readonly<Record<string, YamlTrigger>>;
  readonly virtualTables?: Readonly<Record<string, YamlVirtualTable>>;
}
