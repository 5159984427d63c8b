/** The remote-engine flags shared by every command with --db. */
import type { EngineConnection } from '../../api/engine-target.js';

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
