/** `liteform plan [name]` in a migrations workflow: desired state vs the directory replayed in memory → the next file. */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationDirectory, writeSum, assertSumIntact } from '../migrations/directory.js';
import { checksumOf, formatMigration, formatVersion, parseHeader, slugify, copyHash, type CopyDirective, type Migration } from '../migrations/migration-file.js';
import { chunkableCopy } from '../plan/chunkable-copy.js';
import type { Plan } from '../plan/plan.js';
import { replayToEnd, runMigrationStatements, saveReplay } from '../db/replay.js';
import { introspectChanged, readStoredSchema } from '../db/introspect-changed.js';
import { rememberSchemaHash, schemaHash } from '../model/canonical.js';
import { withModelMemo } from '../model/model-memo.js';
import { sameData } from '../diff/same-data.js';
import { loadDesiredWithCache } from './desired-with-cache.js';
import { renderStatements } from '../render/sql.js';
import { planSchemas, type PlanResult } from './plan-database.js';
import { renderHuman } from '../render/human.js';
import { schemaDifferences } from './apply-database.js';
import { LiteformError } from '../errors.js';
import { toolVersion } from './tool-version.js';
import { wranglerD1Body } from '../db/engines/wrangler-d1.js';

export interface GenerateOptions {
  readonly schema: string;
  readonly dir: string;
  readonly name?: string;
  readonly dryRun?: boolean;
  /** 'wrangler-d1': a file `wrangler d1 migrations apply` can run as one D1 batch (src/db/engines/wrangler-d1.ts). */
  readonly for?: 'liteform' | 'wrangler-d1';
  /**
   * Where the directory's replay (src/db/replay.ts replayToEnd) and the desired state's table models
   * (src/db/desired-cache.ts) are kept between runs (`.liteform/cache/`); none: built every time.
   */
  readonly cacheDir?: string;
}

export interface GenerateResult extends PlanResult {
  /** The file written (or that would be written with --dry-run); null when there is nothing to do. */
  readonly file: string | null;
  readonly version: string | null;
  readonly content: string | null;
}

export function generateMigration(o: GenerateOptions): GenerateResult {
  // Every model below is this call's own and none is changed: hashes and equal pairs are remembered.
  return withModelMemo(() => generate(o));
}

function generate(o: GenerateOptions): GenerateResult {
  const directory = readMigrationDirectory(o.dir, { mustExist: false });
  assertSumIntact(directory);
  const cache = o.cacheDir === undefined ? null : { dir: o.cacheDir, salt: toolVersion };
  const base = replayToEnd(directory.migrations, cache);
  try {
    const current = base.model;
    // A dry run writes nothing, not even the cache of the desired state's tables.
    const desired = loadDesiredWithCache(o.schema, o.dryRun ? null : cache);
    const result = planSchemas(current, desired);
    if (result.changes.length === 0) return { ...result, file: null, version: null, content: null };
    const last = directory.migrations.at(-1);
    const version = formatVersion((last ? Number(last.version) : 0) + 1);
    const name = slugify(o.name ?? defaultName(result));
    const file = `${version}_${name}.sql`;
    const fields = {
      version,
      name,
      toolVersion,
      schemaBefore: schemaHash(current),
      schemaAfter: schemaHash(desired.model),
      foreignKeysOff: o.for === 'wrangler-d1' ? false : result.plan.foreignKeysOff,
      renamedTables: result.changes.flatMap((c) => (c.kind === 'RenameTable' ? [[c.from, c.to] as const] : [])),
      renamedColumns: result.changes.flatMap((c) => (c.kind === 'ModifyTable' ? c.changes.flatMap((t) => (t.kind === 'RenameColumn' ? [[c.name, t.from, t.to] as const] : [])) : [])),
      copies: o.for === 'wrangler-d1' ? [] : copyDirectives(result.plan),
      body: o.for === 'wrangler-d1' ? wranglerD1Body(result.plan, current, desired.model) : renderStatements(result.plan),
      summary: renderHuman(result.plan).trimEnd().split('\n'),
    };
    // Run the new file on the replayed directory before writing it: a file that does not reach the desired
    // state is a bug, not a review item. The stored schema it leaves goes in its header (a comment: the
    // statements that ran are the ones written).
    const path = join(o.dir, file);
    const before = readStoredSchema(base.db, current);
    const draft = formatMigration(fields);
    runMigrationStatements(base.db, { version, name, file, path, content: draft, checksum: checksumOf(draft), header: parseHeader(draft) });
    const after = introspectChanged(base.db, before);
    const content = formatMigration({ ...fields, schemaTextBefore: before.textHash, schemaTextAfter: after.textHash });
    const candidate: Migration = { version, name, file, path, content, checksum: checksumOf(content), header: parseHeader(content) };
    const reached = after.model;
    const left = schemaDifferences(reached, desired.model);
    if (left.length > 0) throw new LiteformError('LITEFORM_VERIFY', `the generated migration does not reach the desired state:\n${left.map((l) => `  - ${l}`).join('\n')}`, 'this is a liteform bug: please report it with your schema');
    if (!o.dryRun) {
      mkdirSync(o.dir, { recursive: true });
      writeFileSync(path, content);
      writeSum(o.dir);
      if (cache !== null) {
        // The cache keeps the model's hash; the model reached is usually the desired one as data, already hashed.
        if (sameData(reached, desired.model)) rememberSchemaHash(reached, fields.schemaAfter);
        saveReplay(cache, [...directory.migrations, candidate], base.db, reached);
      }
    }
    return { ...result, file: path, version, content };
  } finally {
    base.db.close();
  }
}

/** The plan's chunkable copies, named by the hash of the statement written for each (apply may run it in chunks, with progress). */
function copyDirectives(plan: Plan): CopyDirective[] {
  return plan.steps.flatMap((step) => {
    const c = chunkableCopy(plan, step);
    return c === null ? [] : [{ ...c, statement: copyHash(step.sql, c.source, c.key) }];
  });
}

function defaultName(r: PlanResult): string {
  const c = r.changes[0]!;
  return r.changes.length === 1 ? describeShort(c) : `${describeShort(c)}_and_more`;
}

function describeShort(c: PlanResult['changes'][number]): string {
  switch (c.kind) {
    case 'AddTable': return `create_${c.table.name}`;
    case 'DropTable': return `drop_${c.table.name}`;
    case 'RenameTable': return `rename_${c.from}_to_${c.to}`;
    case 'ModifyTable': return `alter_${c.name}`;
    case 'AddView': case 'DropView': return `${c.kind === 'AddView' ? 'create' : 'drop'}_view_${c.view.name}`;
    case 'ModifyView': return `alter_view_${c.to.name}`;
    case 'AddTrigger': case 'DropTrigger': return `${c.kind === 'AddTrigger' ? 'create' : 'drop'}_trigger_${c.trigger.name}`;
    case 'ModifyTrigger': return `alter_trigger_${c.to.name}`;
    case 'AddVirtualTable': case 'DropVirtualTable': return `${c.kind === 'AddVirtualTable' ? 'create' : 'drop'}_${c.table.name}`;
    case 'ModifyVirtualTable': return `alter_${c.to.name}`;
  }
}

