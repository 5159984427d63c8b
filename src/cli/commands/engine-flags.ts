/** The remote-engine flags shared by every command with --db. */
import { isEngineTarget, type EngineConnection } from '../../api/engine-target.js';
import { LiteformError } from '../../errors.js';

export interface EngineFlags {
  readonly authToken?: string;
  readonly d1Persist?: string;
}

/** --auth-token, else LITEFORM_AUTH_TOKEN; --d1-persist. Passed to the engine only: never printed or stored. */
export function engineConnection(flags: EngineFlags): EngineConnection {
  const token = flags.authToken ?? process.env.LITEFORM_AUTH_TOKEN;
  return {
    ...(token !== undefined && token !== '' ? { authToken: token } : {}),
    ...(flags.d1Persist !== undefined ? { d1Persist: flags.d1Persist } : {}),
  };
}

/** Commands not yet built on the engine layer refuse a URL clearly instead of looking for a file of that name. */
export function localOnly(db: string, command: string): string {
  if (isEngineTarget(db)) {
    throw new LiteformError('LITEFORM_ENGINE_UNSUPPORTED', `${command} works on local database files only; --db names a remote engine`, 'plan, apply, status, history, check and inspect take libsql:// and d1:// URLs; see README "Remote engines"');
  }
  return db;
}
