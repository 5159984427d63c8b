/**
 * The canonical text of a schema: CREATE statements rendered from the model in a fixed order, with
 * expressions normalised. Equal models give equal text; its sha256 is the schema hash written in
 * migration headers, and `liteform diff` shows a unified diff of it.
 */
import { modelMemo } from './model-memo.js';
import { createHash } from 'node:crypto';
import type { SchemaModel } from './schema-model.js';
import { renderCreateIndex, renderCreateTable } from '../render/create-sql.js';
import { foldName } from './normalize.js';
import { terminateStatement } from './embed-sql.js';

const byName = <T extends { name: string }>(a: T, b: T): number => (foldName(a.name) < foldName(b.name) ? -1 : foldName(a.name) > foldName(b.name) ? 1 : 0);

export function canonicalSchema(model: SchemaModel): string {
  const out: string[] = [];
  for (const t of [...model.tables].sort(byName)) {
    out.push(terminateStatement(renderCreateTable(t)));
    for (const i of [...t.indexes].sort(byName)) out.push(terminateStatement(renderCreateIndex(i)));
  }
  for (const v of [...model.virtualTables].sort(byName)) out.push(terminateStatement(v.sql.trim()));
  for (const v of [...model.views].sort(byName)) out.push(terminateStatement(v.sql.trim()));
  for (const t of [...model.triggers].sort(byName)) out.push(terminateStatement(t.sql.trim()));
  return out.length === 0 ? '' : `${out.join('\n\n')}\n`;
}

/**
 * Inside withModelMemo (model/model-memo.ts), hashes already known per model object: rendering 1,000
 * tables costs ~20 ms, and a plan needs the hash of a model it read back from the replay cache (which
 * stores it) or already hashed.
 */
export function schemaHash(model: SchemaModel): string {
  const knownHashes = modelMemo()?.hashes;
  const known = knownHashes?.get(model);
  if (known !== undefined) return known;
  const hash = `sha256:${createHash('sha256').update(canonicalSchema(model)).digest('hex')}`;
  knownHashes?.set(model, hash);
  return hash;
}

/**
 * Records `hash` as the schemaHash of `model`, for a caller that knows it without rendering: the replay
 * cache stored it with the model; a model equal as data to one already hashed has its hash.
 */
export function rememberSchemaHash(model: SchemaModel, hash: string): void {
  modelMemo()?.hashes.set(model, hash);
}
