/**
 * The one schema model shared by every source: a desired-state YAML file, a `.sql` file,
 * a live database and a replayed migrations directory all become a `SchemaModel`.
 *
 * Everything is readonly plain data. Names keep the spelling of their source; comparison
 * is case-insensitive (as in SQLite) and goes through `src/model/normalize.ts`.
 */

export interface SchemaModel {
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly triggers: readonly Trigger[];
  /** Virtual tables (FTS5, R*Tree, ...) are recognised and created/dropped whole; their shadow tables are never listed. */
  readonly virtualTables: readonly VirtualTable[];
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  /** `null`: no declared primary key (a rowid table with an implicit rowid). */
  readonly primaryKey: PrimaryKey | null;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly indexes: readonly Index[];
  readonly strict: boolean;
  readonly withoutRowid: boolean;
}

export interface Column {
  readonly name: string;
  /** Declared type, normalised (upper case, single spaces); '' when none was declared. */
  readonly type: string;
  readonly notNull: boolean;
  /** DEFAULT as SQL expression text (a literal like `'open'` or `3`, or an expression); null when none. */
  readonly default: string | null;
  /** Explicit COLLATE name, upper case; null when the column uses the default (BINARY). */
  readonly collate: string | null;
  readonly generated: GeneratedColumn | null;
  /** `NOT NULL ON CONFLICT …`; null for the default (ABORT). */
  readonly onConflict: ConflictAction | null;
}

/** The conflict-resolution algorithm of a PRIMARY KEY, UNIQUE or NOT NULL constraint (ABORT, the default, is null). */
export type ConflictAction = 'ROLLBACK' | 'FAIL' | 'IGNORE' | 'REPLACE';

export interface GeneratedColumn {
  readonly expr: string;
  readonly stored: boolean;
}

export interface PrimaryKey {
  readonly columns: readonly KeyColumn[];
  readonly autoincrement: boolean;
  readonly onConflict: ConflictAction | null;
}

export interface KeyColumn {
  readonly name: string;
  readonly desc: boolean;
  /** A collation for the key that differs from the column's own; null when the key uses the column's. */
  readonly collate: string | null;
}

export interface UniqueConstraint {
  readonly columns: readonly KeyColumn[];
  readonly onConflict: ConflictAction | null;
}

export interface CheckConstraint {
  /** CONSTRAINT name, or null when unnamed. */
  readonly name: string | null;
  readonly expr: string;
}

export type ForeignKeyAction = 'NO ACTION' | 'RESTRICT' | 'SET NULL' | 'SET DEFAULT' | 'CASCADE';
/**
 * When SQLite checks a foreign key: at COMMIT (`DEFERRABLE INITIALLY DEFERRED`) or at each statement.
 * SQLite keeps only that flag, so `DEFERRABLE`, `DEFERRABLE INITIALLY IMMEDIATE` and `NOT DEFERRABLE`
 * (with any INITIALLY) are all read as 'NOT DEFERRABLE', like no clause at all.
 */
export type Deferrable = 'NOT DEFERRABLE' | 'DEFERRABLE INITIALLY DEFERRED';

export interface ForeignKey {
  readonly columns: readonly string[];
  readonly refTable: string;
  /** Resolved to the parent's primary key when the source omitted them (and the parent is known). */
  readonly refColumns: readonly string[];
  /**
   * The source wrote no parent column list (`REFERENCES parents`): PRAGMA foreign_key_list reports `to = NULL`,
   * and the key follows whatever the parent's primary key is. Rendered as written; a different schema from
   * the same key with its columns named.
   */
  readonly refColumnsImplicit: boolean;
  readonly onDelete: ForeignKeyAction;
  readonly onUpdate: ForeignKeyAction;
  readonly deferrable: Deferrable;
}

export type IndexPart =
  | { readonly kind: 'column'; readonly name: string; readonly collate: string | null; readonly desc: boolean }
  | { readonly kind: 'expr'; readonly expr: string; readonly collate: string | null; readonly desc: boolean };

export interface Index {
  readonly name: string;
  readonly table: string;
  readonly unique: boolean;
  readonly parts: readonly IndexPart[];
  /** Partial-index WHERE expression, or null. */
  readonly where: string | null;
}

export interface View {
  readonly name: string;
  /** The complete CREATE VIEW statement as its source wrote it. */
  readonly sql: string;
}

export interface Trigger {
  readonly name: string;
  readonly table: string;
  /** The complete CREATE TRIGGER statement as its source wrote it. */
  readonly sql: string;
}

export interface VirtualTable {
  readonly name: string;
  readonly sql: string;
}

/** Renames the user stated (a declarative diff cannot tell a rename from drop + create). Keys are new names. */
export interface RenameHints {
  /** new table name (lower case) → old table name */
  readonly tables: ReadonlyMap<string, string>;
  /** `newtable.newcolumn` (lower case) → old column name */
  readonly columns: ReadonlyMap<string, string>;
  /**
   * `table.column` (lower case, new names) → an SQL expression giving the rows that exist when the column
   * appears their value (YAML `backfill:`, SQL `-- @backfill <expr>`). Read over the table as it was before
   * the migration; ignored once the column exists.
   */
  readonly backfills?: ReadonlyMap<string, string>;
}

export const noRenames: RenameHints = Object.freeze({ tables: new Map(), columns: new Map() });

/** A desired state: the model plus the rename hints that came with it, and where it came from. */
export interface DesiredState {
  readonly model: SchemaModel;
  readonly hints: RenameHints;
  readonly source: string;
  /** What the source holds that SQLite accepted but that cannot work as written (a `.sql` file only). */
  readonly warnings?: readonly SchemaWarning[];
}

/** A problem in a desired-state file that is reported, never refused. Codes are stable (LF4xx). */
export interface SchemaWarning {
  readonly code: string;
  /** The table or view the statement creates. */
  readonly table: string;
  readonly column?: string;
  /** Starts with `file:line:col: `. */
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export const emptySchema: SchemaModel = Object.freeze({ tables: [], views: [], triggers: [], virtualTables: [] });
