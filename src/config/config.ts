/**
 * Configuration resolution: flags > LITEFORM_* environment variables > liteform.yaml (the chosen
 * `environments:` entry over its top level) > defaults. Relative paths in liteform.yaml are relative
 * to the file; flags and environment variables are relative to the working directory.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LiteformError } from '../errors.js';
import { readConfigFile, type FileSection } from './config-file.js';
import { backupKeepHint, busyTimeoutHint, busyTimeoutRange, nonEmpty, wholeNumber, type Origin } from './setting-values.js';

export const configFileName = 'liteform.yaml';

export interface Settings {
  readonly db: string | null;
  readonly schema: string | null;
  readonly dir: string;
  readonly env: string | null;
  readonly backupDir: string;
  readonly backupKeep: number;
  readonly busyTimeoutMs: number;
  readonly configFile: string | null;
  /** The config's `fleet:` entries (paths and globs resolved against the config file; URLs as written); null when none. */
  readonly fleet: readonly string[] | null;
  /** Where run journals go: `.liteform/runs` beside the config file, or in the working directory. */
  readonly runsDir: string;
  /** Where `plan` keeps the migrations directory's replay between runs (src/db/replay.ts). */
  readonly cacheDir: string;
  /** The application's SQL functions liteform registers (see src/db/app-functions.ts); `module` resolved to an absolute path. */
  readonly functions: readonly { readonly name: string; readonly arity: number; readonly module?: string }[];
}

export interface SettingFlags {
  readonly db?: string;
  readonly schema?: string;
  readonly dir?: string;
  readonly env?: string;
  readonly config?: string;
  readonly busyTimeout?: string;
}

/** How messages name the config file: relative to the working directory when it is inside it. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function resolveSettings(flags: SettingFlags, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Settings {
  const flag = (name: keyof SettingFlags, origin: Origin): string | undefined => nonEmpty(origin, flags[name]);
  const variable = (name: `LITEFORM_${string}`): string | undefined => nonEmpty(name as Origin, env[name]);
  const explicit = flag('config', '--config') ?? variable('LITEFORM_CONFIG');
  const configPath = explicit ? resolve(cwd, explicit) : existsSync(join(cwd, configFileName)) ? join(cwd, configFileName) : null;
  if (explicit && !existsSync(configPath!)) throw new LiteformError('LITEFORM_CONFIG', `${explicit}: config file not found`, 'check --config / LITEFORM_CONFIG');
  const file = configPath ? readConfigFile(configPath, shownPath(configPath, cwd)) : {};
  const base = configPath ? dirname(configPath) : cwd;
  const envName = flag('env', '--env') ?? variable('LITEFORM_ENV') ?? null;
  let section: FileSection = {};
  if (envName !== null) {
    const s = file.environments?.[envName];
    if (!s) {
      const known = Object.keys(file.environments ?? {});
      throw new LiteformError('LITEFORM_CONFIG', `environment '${envName}' is not defined${configPath ? ` in ${configPath}` : ' (no liteform.yaml found)'}`, known.length > 0 ? `known environments: ${known.join(', ')}` : 'add it under `environments:` in liteform.yaml');
    }
    section = s;
  }
  const fromFile = <K extends keyof FileSection>(k: K): FileSection[K] => section[k] ?? file[k];
  const filePath = (v: string | undefined): string | null => (v === undefined ? null : isAbsolute(v) ? v : join(base, v));
  const flagPath = (v: string | undefined): string | null => (v === undefined ? null : resolve(cwd, v));
  const backups = { ...(file.backups ?? {}), ...(section.backups ?? {}) };
  // The file's values were checked against schema/config.schema.json; flags and variables are checked here.
  const timeoutFlag = flag('busyTimeout', '--busy-timeout');
  const timeoutVar = variable('LITEFORM_BUSY_TIMEOUT');
  const busyTimeoutMs = timeoutFlag !== undefined
    ? wholeNumber('--busy-timeout', timeoutFlag, busyTimeoutRange.min, busyTimeoutRange.max, busyTimeoutHint)
    : timeoutVar !== undefined
      ? wholeNumber('LITEFORM_BUSY_TIMEOUT', timeoutVar, busyTimeoutRange.min, busyTimeoutRange.max, busyTimeoutHint)
      : fromFile('busyTimeoutMs') ?? 5000;
  const keepVar = variable('LITEFORM_BACKUP_KEEP');
  const backupKeep = keepVar !== undefined ? wholeNumber('LITEFORM_BACKUP_KEEP', keepVar, 1, Number.MAX_SAFE_INTEGER, backupKeepHint) : backups.keep ?? 5;
  return {
    db: dbTarget(flag('db', '--db'), flagPath) ?? dbTarget(variable('LITEFORM_DB'), flagPath) ?? dbTarget(fromFile('database'), filePath),
    schema: flagPath(flag('schema', '--schema')) ?? flagPath(variable('LITEFORM_SCHEMA')) ?? filePath(fromFile('schema')),
    dir: flagPath(flag('dir', '--dir')) ?? flagPath(variable('LITEFORM_MIGRATIONS')) ?? filePath(fromFile('migrations')) ?? resolve(cwd, 'migrations'),
    env: envName,
    backupDir: flagPath(variable('LITEFORM_BACKUP_DIR')) ?? filePath(backups.dir) ?? join(base, '.liteform', 'backups'),
    backupKeep,
    busyTimeoutMs,
    configFile: configPath,
    fleet: fleetEntries(fromFile('fleet'), filePath),
    runsDir: join(base, '.liteform', 'runs'),
    cacheDir: join(base, '.liteform', 'cache'),
    functions: (fromFile('functions') ?? []).map((f) => (f.module === undefined ? f : { ...f, module: filePath(f.module)! })),
  };
}

export function requireSetting(value: string | null, what: string, flag: string): string {
  if (value === null) throw new LiteformError('LITEFORM_USAGE', `no ${what} given`, `pass ${flag}, set it in liteform.yaml, or run \`liteform init\``);
  return value;
}

/** A database URL (libsql://, http(s)://, d1://, file:) is kept as written; a path is resolved. */
function dbTarget(v: string | undefined, asPath: (v: string | undefined) => string | null): string | null {
  if (v === undefined) return null;
  return /^(libsql|https?|wss?|d1|file):/i.test(v) ? v : asPath(v);
}

function fleetEntries(v: string | readonly string[] | undefined, asPath: (v: string | undefined) => string | null): string[] | null {
  if (v === undefined) return null;
  return (typeof v === 'string' ? [v] : [...v]).map((e) => dbTarget(e, asPath)!);
}
