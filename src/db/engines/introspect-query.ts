/**
 * The whole schema in ONE round trip: the six reads of src/db/introspect.ts sent as one SELECT with six
 * scalar subqueries, each aggregated with json_group_array, so a remote engine answers once whatever the
 * number of tables. The model is then built by the same code as for a local file (schemaFromRawRows).
 * Every pragma table-valued function used here is allowed on sqld and on D1 (measured; docs/engines.md).
 */
import type { SchemaModel } from '../../model/schema-model.js';
import { rawSchemaFromTuples, rawSchemaQueries, schemaFromRawRows, type RawSchemaRows, type RawSchemaTuples } from '../introspect.js';
import type { Engine } from './engine.js';
import { wranglerHistoryTable } from './wrangler-d1.js';

const keys = Object.keys(rawSchemaQueries) as (keyof RawSchemaRows)[];

/**
 * The one statement. Column i of its single row is the JSON array of tuples for keys[i]. With a reserved
 * prefix, `pragma_table_list` is filtered before any pragma function is called on a table name: D1 refuses
 * the whole statement when pragma_table_xinfo('_cf_METADATA') is evaluated.
 */
export function introspectionQuery(reservedPrefix: string | null = null): string {
  const tableList = reservedPrefix === null ? 'pragma_table_list'
    : `(SELECT * FROM pragma_table_list WHERE substr(lower(name), 1, ${reservedPrefix.length}) <> ${sqlText(reservedPrefix.toLowerCase())})`;
  return `SELECT ${keys
    .map((k) => `(SELECT json_group_array(json_array(${rawSchemaQueries[k][0]})) ${rawSchemaQueries[k][1].replace(/\bpragma_table_list\b/g, tableList)}) AS "${k}"`)
    .join(',\n  ')}`;
}

function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The raw rows of the engine's `main` schema, in one query; platform tables (capabilities.reservedTable) left out. */
export async function readRawSchemaRows(engine: Engine): Promise<RawSchemaRows> {
  const [row] = await engine.query(introspectionQuery(engine.capabilities.reservedPrefix));
  const tuples = Object.fromEntries(keys.map((k) => [k, JSON.parse(String(row?.[k] ?? '[]'))])) as RawSchemaTuples;
  return withoutReserved(rawSchemaFromTuples(tuples), bookkeeping(engine.capabilities.reservedTable));
}

export async function introspectEngine(engine: Engine): Promise<SchemaModel> {
  return schemaFromRawRows([await readRawSchemaRows(engine)]);
}

/**
 * The model and, in the same round trip, the value of one more scalar SQL expression read in the same
 * statement (so from the same snapshot): e.g. the schema fingerprint a later unit checks against.
 */
export async function introspectEngineWith(engine: Engine, extraSql: string): Promise<{ model: SchemaModel; extra: unknown }> {
  const [row] = await engine.query(`${introspectionQuery(engine.capabilities.reservedPrefix)},\n  ${extraSql} AS "_liteform_extra"`);
  const tuples = Object.fromEntries(keys.map((k) => [k, JSON.parse(String(row?.[k] ?? '[]'))])) as RawSchemaTuples;
  const raw = withoutReserved(rawSchemaFromTuples(tuples), bookkeeping(engine.capabilities.reservedTable));
  return { model: schemaFromRawRows([raw]), extra: row?.['_liteform_extra'] };
}

/**
 * Tables never part of the user's schema on an engine: the platform's, and wrangler's migration history
 * (`d1_migrations`), which liteform adopts as history (src/api/engine-history.ts) like its own
 * `_liteform_migrations`: never diffed, so never dropped by a plan.
 */
function bookkeeping(reserved: (name: string) => boolean): (name: string) => boolean {
  return (name) => reserved(name) || name.toLowerCase() === wranglerHistoryTable;
}

function withoutReserved(raw: RawSchemaRows, reserved: (name: string) => boolean): RawSchemaRows {
  if (!raw.tables.some((t) => reserved(t.name)) && !raw.schema.some((s) => reserved(s.tbl_name))) return raw;
  const indexNames = new Set(raw.indexes.filter((i) => !reserved(i.tbl)).map((i) => i.name));
  return {
    tables: raw.tables.filter((t) => !reserved(t.name)),
    schema: raw.schema.filter((s) => !reserved(s.tbl_name) && !reserved(s.name)),
    columns: raw.columns.filter((c) => !reserved(c.tbl)),
    indexes: raw.indexes.filter((i) => !reserved(i.tbl)),
    indexColumns: raw.indexColumns.filter((c) => indexNames.has(c.idx)),
    foreignKeys: raw.foreignKeys.filter((f) => !reserved(f.tbl)),
  };
}
