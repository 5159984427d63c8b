/**
 * Views, triggers and virtual tables are written as SQL, either as the value itself or under `sql`
 * (a view: `select`). The checks and the renderer read them, and where they stand, through here.
 */
import type { Path } from './yaml-source.js';
import type { YamlView } from './yaml-schema.js';

export interface WrittenSql {
  readonly sql: string;
  readonly path: Path;
}

/** A trigger's or virtual table's statement: the value itself, or its `sql`. */
export function statementSql(base: Path, value: string | { readonly sql: string }): WrittenSql {
  return typeof value === 'string' ? { sql: value, path: base } : { sql: value.sql, path: [...base, 'sql'] };
}

/** A view is a whole CREATE VIEW statement (`sql`) or only its SELECT (the value itself, or `select`). */
export function viewSql(name: string, v: YamlView): WrittenSql & { readonly whole: boolean } {
  const base = ['views', name];
  if (typeof v === 'string') return { sql: v, path: base, whole: false };
  return 'sql' in v ? { sql: v.sql, path: [...base, 'sql'], whole: true } : { sql: v.select, path: [...base, 'select'], whole: false };
}
