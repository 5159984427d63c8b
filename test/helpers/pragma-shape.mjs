// What PRAGMA reports about every user table: the comparison "the schema equals the desired state"
// uses in the scenario test and the real-histories harness.
import { defaultWithoutDoubleQuotes } from '../../dist/model/double-quoted-strings.js';

const lc = (s) => String(s).toLowerCase();

/**
 * Columns (type, NOT NULL, default, key position, hidden), foreign keys with their `to` column (NULL
 * for an implicit parent key), and every index (autoindexes included) with each key column's collation
 * and order. A `"x"` default is read as the string a default SQLite build stores it as ('x').
 */
export function pragmaShape(db) {
  const tables = db.prepare(`SELECT name FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_liteform_%' ORDER BY lower(name)`).pluck().all();
  return Object.fromEntries(tables.map((t) => [lc(t), {
    columns: db.prepare('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid').all(t)
      .map((c) => ({ ...c, name: lc(c.name), dflt_value: defaultWithoutDoubleQuotes(c.dflt_value) })),
    foreignKeys: db.prepare('SELECT "table", "from", "to", on_update, on_delete, seq FROM pragma_foreign_key_list(?)').all(t)
      .map((f) => `${lc(f.from)}>${lc(f.table)}(${f.to === null ? 'NULL' : lc(f.to)}) ${f.on_update}/${f.on_delete} #${f.seq}`).sort(),
    indexes: db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?)').all(t)
      .map((i) => `${i.origin === 'c' ? lc(i.name) : i.origin}:${i.unique}:${i.partial} ${db.prepare('SELECT name, "desc", coll, key FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno').all(i.name).map((k) => `${k.name === null ? '<expr>' : lc(k.name)} ${k.coll} ${k.desc}`).join(', ')}`).sort(),
  }]));
}
