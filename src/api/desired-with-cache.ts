/** A desired-state file loaded with its table models kept in the cache directory between runs (src/db/desired-cache.ts). */
import type { DesiredState } from '../model/schema-model.js';
import { loadDesired } from '../schema-file/load-desired.js';
import { openDesiredCache } from '../db/desired-cache.js';
import type { ReplayCache } from '../db/replay.js';
import { replayCacheIn } from './replay-cache.js';

/** `cache`: a cache directory (Settings.cacheDir) or one already opened for the replays; none: built every time. */
export function loadDesiredWithCache(schema: string, cache: string | ReplayCache | null | undefined): DesiredState {
  const where = typeof cache === 'string' || cache === undefined ? replayCacheIn(cache) : cache;
  const tables = where === null ? undefined : openDesiredCache(where);
  const desired = loadDesired(schema, tables);
  tables?.save();
  return desired;
}
