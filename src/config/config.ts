/**
 * Configuration resolution: flags > LITEFORM_* environment variables > liteform.yaml (the chosen
 * `environments:` entry over its top level) > defaults. Relative paths in liteform.yaml are relative
 * to the file; flags and environment variables are relative to the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { LiteformError } from '../errors.js';

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
}

export interface SettingFlags {
  readonly db?: string;
  readonly schema?: string;
  readonly dir?: string;
  readonly env?: string;
  readonly config?: string;
  readonly busyTimeout?: string;
}

interface FileSection {
  database?: string;
  schema?: string;
  migrations?: string;
  backups?: { dir?: string; keep?: number };
  busyTimeoutMs?: number;
}

interface ConfigFile extends FileSection {
  environments?: Record<string, FileSection>;
}

function readConfig(path: string): ConfigFile {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LiteformError('LITEFORM_CONFIG', `${path}: ${(e as Error).message.split('\n')[0]}`, 'fix the YAML syntax of the config file');
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new LiteformError('LITEFORM_CONFIG', `${path}: expected a mapping of settings`, 'see `liteform init` for an example');
  return doc as ConfigFile;
}

export function resolveSettings(flags: SettingFlags, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Settings {
  const explicit = flags.config ?? env.LITEFORM_CONFIG;
  const configPath = explicit ? resolve(cwd, explicit) : existsSync(join(cwd, configFileName)) ? join(cwd, configFileName) : null;
  if (explicit && !existsSync(configPath!)) throw new LiteformError('LITEFORM_CONFIG', `${explicit}: config file not found`, 'check --config / LITEFORM_CONFIG');
  const file = configPath ? readConfig(configPath) : {};
  const base = configPath ? dirname(configPath) : cwd;
  const envName = flags.env ?? env.LITEFORM_ENV ?? null;
  let section: FileSection = {};
  if (envName !== null) {
    const s = file.environments?.[envName];
    if (!s) {
      const known = Object.keys(file.environments ?? {});
      throw new LiteformError('LITEFORM_CONFIG', `environment '${envName}' is not defined${configPath ? ` in ${configPath}` : ' (no liteform.yaml found)'}`, known.length > 0 ? `known environments: ${known.join(', ')}` : 'add it under `environments:` in liteform.yaml');
    }
    section = s;
  }
  const fromFile = (k: keyof FileSection): unknown => section[k] ?? file[k];
  const filePath = (v: unknown): string | null => (typeof v === 'string' ? (isAbsolute(v) ? v : join(base, v)) : null);
  const flagPath = (v: string | undefined): string | null => (v === undefined ? null : resolve(cwd, v));
  const backups = { ...(file.backups ?? {}), ...(section.backups ?? {}) };
  const timeout = flags.busyTimeout ?? env.LITEFORM_BUSY_TIMEOUT ?? fromFile('busyTimeoutMs') ?? 5000;
  const busyTimeoutMs = Number(timeout);
  if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) throw new LiteformError('LITEFORM_CONFIG', `busy timeout '${String(timeout)}' is not a number of milliseconds`, 'e.g. --busy-timeout 5000');
  return {
    db: flagPath(flags.db) ?? flagPath(env.LITEFORM_DB) ?? filePath(fromFile('database')),
    schema: flagPath(flags.schema) ?? flagPath(env.LITEFORM_SCHEMA) ?? filePath(fromFile('schema')),
    dir: flagPath(flags.dir) ?? flagPath(env.LITEFORM_MIGRATIONS) ?? filePath(fromFile('migrations')) ?? resolve(cwd, 'migrations'),
    env: envName,
    backupDir: flagPath(env.LITEFORM_BACKUP_DIR) ?? filePath(backups.dir) ?? join(base, '.liteform', 'backups'),
    backupKeep: Number(env.LITEFORM_BACKUP_KEEP ?? backups.keep ?? 5),
    busyTimeoutMs,
    configFile: configPath,
  };
}

export function requireSetting(value: string | null, what: string, flag: string): string {
  if (value === null) throw new LiteformError('LITEFORM_USAGE', `no ${what} given`, `pass ${flag}, set it in liteform.yaml, or run \`liteform init\``);
  return value;
}
