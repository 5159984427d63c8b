/**
 * Writes one file of the cache directory (`.liteform/cache/`): the directory made and told to ignore
 * itself in git, the oldest files of the same kind removed, the file written under a temporary name and
 * renamed into place (a reader never sees half of it), and any failure swallowed (a cache that cannot be
 * written only costs the next run), leaving no temporary file behind.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writevSync } from 'node:fs';
import { join } from 'node:path';

/** The files of one kind: `<prefix>…<suffix>`, of which the newest `keep` (this one included) stay. */
export interface CacheKind {
  readonly prefix: string;
  readonly suffix: string;
  readonly keep: number;
}

/** `parts`: the file's content, computed only once the directory is ready; written as they are (writev). */
export function writeCacheFile(dir: string, name: string, kind: CacheKind, parts: () => readonly Buffer[]): void {
  let tmp: string | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    // The cache ignores itself: nothing to add to the project's .gitignore.
    if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), '*\n');
    const older = readdirSync(dir).filter((f) => f.startsWith(kind.prefix) && f.endsWith(kind.suffix) && f !== name)
      .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t).slice(Math.max(kind.keep - 1, 0));
    for (const { f } of older) rmSync(join(dir, f), { force: true });
    const data = parts();
    tmp = join(dir, `${name}.${process.pid}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      const total = data.reduce((n, p) => n + p.length, 0);
      if (writevSync(fd, data) !== total) throw new Error('short write');
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
  } catch {
    if (tmp !== null) rmSync(tmp, { force: true });
  }
}
