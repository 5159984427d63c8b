/**
 * The table models of a large desired-state `.sql` file, kept in the cache directory (`.liteform/cache/`)
 * between runs (src/db/scratch.ts TableCache): each under the hash of the statements that make it. A plan
 * after an edit to a few of 1,000 tables builds and reads those few; the rest come from the file.
 *
 * One file per key of cache-key.ts (liteform's and SQLite's version, the built code, the declared
 * functions): another build may read statements differently. Its first line is the sha256 of the rest;
 * anything else (unreadable, torn, edited) is ignored and the statements are run. Saving keeps the models
 * this run used, so the file follows the desired state instead of growing with its history, and removes
 * the files of other keys.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeCacheFile } from './cache-file.js';
import { join } from 'node:path';
import type { Table } from '../model/schema-model.js';
import type { TableCache } from './scratch.js';
import { cacheKey } from './cache-key.js';
import type { ReplayCache } from './replay.js';

const FORMAT = 'liteform-desired-tables-1';

export interface DesiredCache extends TableCache {
  /** Writes the models this run used (nothing when every one came from the file). */
  save(): void;
}

/** `cache`: the directory and salt the replays are kept under (api/replay-cache.ts replayCacheIn). */
export function openDesiredCache(cache: ReplayCache): DesiredCache {
  const name = `desired-${cacheKey('desired', cache, [])}.json`;
  const path = join(cache.dir, name);
  const stored = read(path);
  const used = new Map<string, Table>();
  let added = false;
  return {
    get(key) {
      const t = stored.get(key);
      if (t !== undefined) used.set(key, t);
      return t;
    },
    add(key, table) {
      used.set(key, table);
      added = true;
    },
    save() {
      if (!added) return;
      // Files under other keys (another build or version) will not be read again: only this one is kept.
      writeCacheFile(cache.dir, name, { prefix: 'desired-', suffix: '.json', keep: 1 }, () => {
        const body = JSON.stringify({ format: FORMAT, tables: Object.fromEntries(used) });
        return [Buffer.from(`${digest(body)}\n${body}`)];
      });
    },
  };
}

const digest = (body: string): string => createHash('sha256').update(body).digest('hex');

function read(path: string): Map<string, Table> {
  try {
    if (!existsSync(path)) return new Map();
    const text = readFileSync(path, 'utf8');
    const newline = text.indexOf('\n');
    const body = text.slice(newline + 1);
    if (newline < 0 || text.slice(0, newline) !== digest(body)) return new Map();
    const parsed = JSON.parse(body) as { format?: unknown; tables?: unknown };
    if (parsed.format !== FORMAT || typeof parsed.tables !== 'object' || parsed.tables === null) return new Map();
    return new Map(Object.entries(parsed.tables as Record<string, Table>));
  } catch {
    return new Map();
  }
}
