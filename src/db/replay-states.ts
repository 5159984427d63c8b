/**
 * A directory's replay (the schema after each file) kept in the cache directory between commands.
 * status and check need the state after the applied files and after the last one; lint, down, report,
 * diff and apply on an engine URL a few more. Replaying is seconds on a big schema with a long history, and the states do not
 * change while the files do not: they are kept in `.liteform/cache/` under a key made of liteform's
 * version and code, SQLite's version, the declared application functions and every file's version and
 * checksum.
 *
 * One file holds every state of the directory. The states share most of their tables (a replay reuses
 * the model of every table a file did not touch: replay-point.ts), so the file holds each table once
 * and each state as the list of its tables: about the size of one model, whatever the number of files.
 * A file is written only after every file replayed without error, so reading it back gives exactly
 * what replaying would (errors included: files that fail to replay leave no cache). Anything wrong
 * with it (unreadable, truncated, a checksum that does not match) means the files are replayed instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeCacheFile } from './cache-file.js';
import { join } from 'node:path';
import type { Migration } from '../migrations/migration-file.js';
import type { SchemaModel } from '../model/schema-model.js';
import { cacheKey } from './cache-key.js';
import { replayMigrations, type Replay, type ReplayCache } from './replay.js';

/** The states of replaying `migrations`, from the cache when it holds them (then nothing is replayed). */
export function replayWithCache(migrations: readonly Migration[], cache: ReplayCache | null): Replay {
  if (cache === null) return replayMigrations(migrations);
  const name = statesFileName(cache, migrations);
  const kept = readStates(join(cache.dir, name), migrations.length);
  if (kept !== null) return kept;
  const replay = replayMigrations(migrations);
  saveStates(cache.dir, name, replay);
  return replay;
}

/** States files kept in the cache directory (switching branches switches directories). */
const KEEP_STATES = 10;

/** What a states file's body holds: each table, view, trigger and virtual table once, and each state as their positions. */
interface StatesBody {
  readonly format: 'liteform-replay-states-1';
  readonly objects: readonly unknown[];
  /** State 0 is the empty schema; state k the schema after the k-th file. */
  readonly states: readonly { readonly tables: readonly number[]; readonly views: readonly number[]; readonly triggers: readonly number[]; readonly virtualTables: readonly number[] }[];
}

function statesFileName(cache: ReplayCache, migrations: readonly Migration[]): string {
  return `states-${cacheKey('states', cache, migrations)}.json`;
}

function saveStates(dir: string, name: string, replay: Replay): void {
  try {
    // Objects shared between states (the same table model, reused by the replay) are written once;
    // views, triggers and virtual tables are read again after each file, so they are shared by text.
    const objects: unknown[] = [];
    const byIdentity = new Map<object, number>();
    const byText = new Map<string, number>();
    const shared = (o: object): number => {
      const known = byIdentity.get(o);
      if (known !== undefined) return known;
      objects.push(o);
      byIdentity.set(o, objects.length - 1);
      return objects.length - 1;
    };
    const sharedByText = (o: object): number => {
      const text = JSON.stringify(o);
      const known = byText.get(text);
      if (known !== undefined) return known;
      objects.push(o);
      byText.set(text, objects.length - 1);
      return objects.length - 1;
    };
    const body: StatesBody = {
      format: 'liteform-replay-states-1',
      objects,
      states: [replay.empty, ...replay.after].map((s) => ({
        tables: s.tables.map(shared),
        views: s.views.map(sharedByText),
        triggers: s.triggers.map(sharedByText),
        virtualTables: s.virtualTables.map(sharedByText),
      })),
    };
    const text = JSON.stringify(body);
    writeCacheFile(dir, name, { prefix: 'states-', suffix: '.json', keep: KEEP_STATES }, () => [Buffer.from(`${digest(text)}\n${text}`)]);
  } catch {
    // A cache that cannot be written only costs the next replay.
  }
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

function readStates(path: string, files: number): Replay | null {
  if (!existsSync(path)) return null;
  try {
    const content = readFileSync(path, 'utf8');
    const newline = content.indexOf('\n');
    const text = content.slice(newline + 1);
    if (newline !== 64 || content.slice(0, 64) !== digest(text)) return null;
    const body = JSON.parse(text) as StatesBody;
    if (body.format !== 'liteform-replay-states-1' || body.states.length !== files + 1) return null;
    const models: SchemaModel[] = body.states.map((s) => ({
      tables: s.tables.map((i) => body.objects[i]) as SchemaModel['tables'],
      views: s.views.map((i) => body.objects[i]) as SchemaModel['views'],
      triggers: s.triggers.map((i) => body.objects[i]) as SchemaModel['triggers'],
      virtualTables: s.virtualTables.map((i) => body.objects[i]) as SchemaModel['virtualTables'],
    }));
    return { empty: models[0]!, after: models.slice(1) };
  } catch {
    return null;
  }
}
