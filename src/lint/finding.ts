/** Lint findings: stable codes, a level, and (where the database is at hand) how many rows break. */
export type FindingLevel = 'error' | 'warning';

export interface Finding {
  readonly code: string;
  readonly level: FindingLevel;
  readonly file: string;
  /** Where in the file: the statement the change produced (1-based), when it is there. */
  readonly line?: number;
  readonly col?: number;
  readonly message: string;
  readonly table?: string;
  readonly column?: string;
  /** Rows of the live database the change would break, when measured. */
  readonly breakingRows?: number;
  readonly example?: string;
}

/** Queries that measure a data-dependent change on the live database. */
export interface RowProbe {
  readonly table: string;
  /** SELECT returning one row with column `n`. */
  readonly countSql: string;
  /** SELECT returning one offending row. */
  readonly sampleSql: string;
}

export const codes = {
  LF101: 'drop table',
  LF102: 'drop column',
  LF103: 'column becomes generated',
  LF104: 'type narrowing on a STRICT table',
  LF105: 'virtual table recreated',
  LF201: 'NOT NULL without default',
  LF202: 'new UNIQUE / unique index / primary key',
  LF203: 'new CHECK',
  LF204: 'new foreign key',
  LF205: 'table becomes STRICT',
  LF301: 'DELETE in a hand-edited file',
  LF302: 'DROP in a hand-edited file',
  LF303: 'drops a table that foreign keys reference, without the foreign-keys directive',
} as const;
