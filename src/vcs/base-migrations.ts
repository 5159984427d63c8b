/**
 * The migration files of the base a branch is compared with (the pull request's target): read from a
 * directory (`--base-dir`) or from a git ref (`--since REF`, through the `git` command). Only names and
 * contents: what the base's files mean is worked out by replaying them like any other.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LiteformError } from '../errors.js';
import { fileNamePattern } from '../migrations/migration-file.js';

export interface BaseMigrations {
  /** How to name the base to a reader: the ref, or the directory. */
  readonly label: string;
  /** File name → content, migration files only. */
  readonly files: ReadonlyMap<string, string>;
}

export function baseFromDir(dir: string): BaseMigrations {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${dir}: base migrations directory does not exist`, 'point --base-dir at a checkout of the base branch\'s migrations directory');
  const files = new Map<string, string>();
  for (const f of readdirSync(dir).filter((x) => fileNamePattern.test(x)).sort()) files.set(f, readFileSync(join(dir, f), 'utf8'));
  return { label: dir, files };
}

function git(dir: string, args: readonly string[], ref: string): string {
  try {
    return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new LiteformError('LITEFORM_GIT', `--since ${ref}: the git command was not found`, 'install git, or check out the base and use --base-dir DIR instead');
    const said = (err.stderr ?? '').trim().split('\n')[0] ?? '';
    throw new LiteformError('LITEFORM_GIT', `--since ${ref}: git could not read the base from ${dir}${said ? ` (git: ${said})` : ''}`, 'give a ref git knows here (fetch it first: `git fetch origin main`, and check out with fetch-depth: 0 in CI), or use --base-dir DIR');
  }
}

/**
 * The base's migration files at `ref`, for the directory `dir` (which must be inside a git work tree;
 * it need not exist at the ref: then the base has no migrations).
 */
export function baseFromGit(dir: string, ref: string): BaseMigrations {
  if (ref.trim() === '' || ref.startsWith('-')) throw new LiteformError('LITEFORM_USAGE', `--since '${ref}' is not a git ref`, 'give a branch, tag or commit, e.g. --since origin/main');
  if (!existsSync(dir)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${dir}: migrations directory does not exist`, 'run liteform from the repository, with --dir pointing at the migrations directory');
  git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], ref);
  // Paths relative to `dir` (ls-tree and `REF:./path` both resolve against the working directory).
  const names = git(dir, ['ls-tree', '--name-only', '-z', ref, '--', '.'], ref).split('\0').filter((f) => fileNamePattern.test(f));
  const files = new Map<string, string>();
  for (const f of names.sort()) files.set(f, git(dir, ['show', `${ref}:./${f}`], ref));
  return { label: ref, files };
}

/** The base chosen by flags: --base-dir wins over --since; null when neither is given. */
export function resolveBase(dir: string, o: { readonly since?: string; readonly baseDir?: string }): BaseMigrations | null {
  if (o.baseDir !== undefined) return baseFromDir(o.baseDir);
  if (o.since !== undefined) return baseFromGit(dir, o.since);
  return null;
}
