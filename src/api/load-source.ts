/**
 * Any schema source as a model, for `liteform diff A B`: a YAML desired-state file, a `.sql` file,
 * a SQLite database file, or a migrations directory (optionally `dir@VERSION`).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DesiredState } from '../model/schema-model.js';
import { noRenames } from '../model/schema-model.js';
import { loadDesired } from '../schema-file/load-desired.js';
import { openDatabase } from '../db/open-database.js';
import { introspect } from '../db/introspect.js';
import { readMigrationDirectory } from '../migrations/directory.js';
import { stateAfter } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { LiteformError } from '../errors.js';

export type SourceKind = 'yaml' | 'sql' | 'database' | 'migrations';

export interface LoadedSource extends DesiredState {
  readonly kind: SourceKind;
}

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** `cacheDir`: where a migrations directory's replay is kept between runs (src/db/replay-states.ts); none: replay every time. */
export function loadSource(spec: string, options: { busyTimeoutMs?: number; cacheDir?: string } = {}): LoadedSource {
  const at = /^(.*)@(\d+)$/.exec(spec);
  const path = at && existsSync(at[1]!) && statSync(at[1]!).isDirectory() ? at[1]! : spec;
  if (!existsSync(path)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${spec}: no such file or directory`, 'give a .yaml/.sql file, a database file, or a migrations directory (dir@VERSION for a version)');
  if (statSync(path).isDirectory()) {
    const d = readMigrationDirectory(path);
    const replay = replayWithCache(d.migrations, replayCacheIn(options.cacheDir));
    let count = d.migrations.length;
    if (at && path === at[1]) {
      count = d.migrations.findIndex((m) => Number(m.version) === Number(at[2])) + 1;
      if (count === 0) throw new LiteformError('LITEFORM_USAGE', `${spec}: no version ${at[2]} in ${path}`, `known versions: ${d.migrations.map((m) => m.version).join(', ') || '(none)'}`);
    }
    return { kind: 'migrations', model: stateAfter(replay, count), hints: noRenames, source: spec };
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml' || ext === '.sql') return { kind: ext === '.sql' ? 'sql' : 'yaml', ...loadDesired(path) };
  if (!isSqliteFile(path)) throw new LiteformError('LITEFORM_USAGE', `${spec}: not a .yaml/.yml/.sql file, a SQLite database or a directory`, 'check the path');
  const db = openDatabase(path, { readonly: true, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  try {
    return { kind: 'database', model: introspect(db), hints: noRenames, source: spec };
  } finally {
    db.close();
  }
}
