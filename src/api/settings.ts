/** Settings for a command, with what they say about connections put to use (the application's functions). */
import { resolveSettings, type Settings, type SettingFlags } from '../config/config.js';
import { declareAppFunctions } from '../db/app-functions.js';

export function useSettings(flags: SettingFlags, cwd?: string, env?: NodeJS.ProcessEnv): Settings {
  const s = resolveSettings(flags, cwd, env);
  declareAppFunctions(s.functions);
  return s;
}
