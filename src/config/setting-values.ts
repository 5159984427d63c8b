/**
 * Values given as flags or LITEFORM_* environment variables are strings; each is checked here and a
 * wrong one is named by where it came from (`--busy-timeout`, `LITEFORM_BACKUP_KEEP`), never used
 * half-parsed (`Number('1.5')`, `Number('')` = 0).
 */
import { LiteformError } from '../errors.js';

/** Where a value came from: a flag (`--db`) or an environment variable (`LITEFORM_DB`). */
export type Origin = `--${string}` | `LITEFORM_${string}`;

function invalid(origin: Origin, value: string, what: string, hint: string): LiteformError {
  const code = origin.startsWith('--') ? 'LITEFORM_USAGE' : 'LITEFORM_CONFIG';
  return new LiteformError(code, `${origin}=${JSON.stringify(value)}: ${what}`, hint);
}

/** A whole number in [min, max], written as plain digits. */
export function wholeNumber(origin: Origin, value: string, min: number, max: number, hint: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid(origin, value, 'must be a whole number', hint);
  if (n < min) throw invalid(origin, value, `must be at least ${min}`, hint);
  if (n > max) throw invalid(origin, value, `must be at most ${max}`, hint);
  return n;
}

/** A path or name: an empty value is a mistake (`--db ""` would otherwise name the working directory). */
export function nonEmpty(origin: Origin, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw invalid(origin, value, 'must not be empty', origin.startsWith('--') ? `give a value to ${origin}, or leave the flag out` : `unset ${origin}, or give it a value`);
  return value;
}

export const busyTimeoutRange = { min: 0, max: 2_147_483_647 } as const;
export const busyTimeoutHint = 'a number of milliseconds, e.g. 5000';
export const backupKeepHint = 'newest backups kept per database, at least 1; to take no backup, pass --no-backup to apply';
