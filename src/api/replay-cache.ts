/** Where a command keeps a migrations directory's replay between runs (Settings.cacheDir, `.liteform/cache/`). */
import type { ReplayCache } from '../db/replay.js';
import { toolVersion } from './tool-version.js';

/** The replay cache in `cacheDir`, keyed under liteform's version (another version may replay differently); none: replay every time. */
export function replayCacheIn(cacheDir: string | undefined): ReplayCache | null {
  return cacheDir === undefined ? null : { dir: cacheDir, salt: toolVersion };
}
