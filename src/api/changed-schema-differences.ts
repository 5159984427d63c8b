/**
 * After a plan ran on a live database: how the schema differs from the desired one, reading only what
 * the statements changed (issue 9: verification covers what changed, not the whole database).
 *
 * A database's schema is its `sqlite_schema` rows, so the rows the statements left as they were hold
 * the objects they left as they were: those are what the plan was made from (introspected under the
 * same lock, in the same transaction). The objects in the scope (a row added, dropped or rewritten:
 * a table with its indexes, a view, a trigger; plus the tables whose foreign key omits the parent
 * columns of a table in the scope, which a model resolves from that parent) are introspected again
 * and compared with the desired ones; outside the scope, live and desired differ exactly where the
 * plan's own changes say they did, so any change the plan meant to make there was not made.
 * Where a view or trigger holds a "…" (read against every column of the schema), or a virtual table
 * changed, the whole schema is compared instead.
 */
import type Database from 'better-sqlite3';
import type { Change } from '../diff/change.js';
import { changedObjects } from '../diff/changed-objects.js';
import type { SchemaModel } from '../model/schema-model.js';
import { foldName } from '../model/normalize.js';
import { introspect, introspectTables, storedSchemaRows } from '../db/introspect.js';
import { changedScope, type SchemaRead } from '../db/introspect-changed.js';
import { describeChange } from './describe-change.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { noRenames } from '../model/schema-model.js';

/** What the plan was made from: the model and the stored rows it was read from. */
export type SchemaBefore = SchemaRead;

export function readSchemaBefore(db: Database.Database, model: SchemaModel): SchemaBefore {
  return { model, stored: storedSchemaRows(db) };
}

const schemaDifferences = (live: SchemaModel, desired: SchemaModel): string[] => diffSchemas(live, desired, noRenames).map(describeChange);

export function changedSchemaDifferences(db: Database.Database, before: SchemaBefore, changes: readonly Change[], desired: SchemaModel): string[] {
  const scope = changedScope(before, storedSchemaRows(db));
  if (scope === null) return schemaDifferences(introspect(db), desired);
  const notMade = changes.filter((c) => changedObjects(c).some((n) => !scope.has(foldName(n))));
  const inScope = <T extends { readonly name: string }>(list: readonly T[]): T[] => list.filter((x) => scope.has(foldName(x.name)));
  const part = (m: SchemaModel): SchemaModel => ({ tables: inScope(m.tables), views: inScope(m.views), triggers: inScope(m.triggers), virtualTables: inScope(m.virtualTables) });
  return [...notMade.map(describeChange), ...schemaDifferences(part(introspectTables(db, scope)), part(desired))];
}
