/** Which way `plan` and `apply` go, decided before either loads what its way needs. */
import { existsSync } from 'node:fs';
import { useSettings } from '../../api/settings.js';
import type { SettingFlags } from '../../config/config.js';

/** Direct mode: explicit --db and --schema, and no migrations directory chosen or configured. */
export function isDirectMode(flags: SettingFlags): boolean {
  const s = useSettings(flags);
  return flags.db !== undefined && flags.schema !== undefined && flags.dir === undefined && (s.configFile === null || !existsSync(s.dir));
}
