/**
 * Whether a command runs over a fleet, and which targets: decided before anything else, so a command
 * on one database never loads the fleet runners (fleet.ts: worker threads, journals, waves).
 */
import { existsSync } from 'node:fs';
import { useSettings } from '../../api/settings.js';
import type { Settings, SettingFlags } from '../../config/config.js';
import { hasGlob } from '../../fleet/glob.js';
import { expandEntry, isUrlTarget, readTargetsFile, uniqueTargets } from '../../fleet/targets.js';
import type { EngineFlags } from './engine-flags.js';

export interface FleetFlags extends SettingFlags, EngineFlags {
  readonly targets?: string;
  readonly parallel?: string;
  readonly json?: boolean;
}

/** The fleet a command runs over, or null for a single database: --targets, a --db glob, or the config's `fleet:`. */
export function fleetTargets(flags: FleetFlags, s: Settings = useSettings(flags)): string[] | null {
  if (flags.targets !== undefined) {
    const listed = readTargetsFile(flags.targets);
    const globbed = flags.db !== undefined && s.db !== null ? expandEntry(s.db, process.cwd(), '--db') : [];
    return uniqueTargets([...globbed, ...listed]);
  }
  const dbGiven = flags.db !== undefined || (process.env.LITEFORM_DB ?? '') !== '';
  if (dbGiven || s.fleet === null) return isFleetPattern(s.db) ? uniqueTargets(expandEntry(s.db!, process.cwd(), '--db')) : null;
  return uniqueTargets(s.fleet.flatMap((e) => expandEntry(e, process.cwd(), `${s.configFile ?? 'liteform.yaml'}: fleet`)));
}

function isFleetPattern(db: string | null): boolean {
  return db !== null && !isUrlTarget(db) && hasGlob(db) && !existsSync(db);
}
