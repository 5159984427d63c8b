/**
 * Whether a `--db` value is a local file or a database behind an engine URL, decided without loading
 * either path: commands branch on it first, then load only what their branch needs.
 */
import { engineKindOf } from '../db/engines/engine-kind.js';

/** True when `--db` names a database reached through an engine other than a local file path. */
export function isEngineTarget(db: string): boolean {
  return engineKindOf(db) !== 'file';
}
