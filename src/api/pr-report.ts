/**
 * The pull-request report: for each migration file this branch adds compared with its base, the plan it
 * makes, its rebuilds and why, lint's findings (with the rows of a database they would break), and the
 * file itself. Read-only. The directory's files are the truth; nothing is regenerated from the schema.
 */
import { readMigrationDirectory } from '../migrations/directory.js';
import { stateAfter } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { loadDesired } from '../schema-file/load-desired.js';
import type { Finding } from '../lint/finding.js';
import type { Plan } from '../plan/plan.js';
import type { BaseMigrations } from '../vcs/base-migrations.js';
import { forwardHints, lintFiles } from './lint.js';
import { isEngineTarget } from './engine-target.js';
import { LiteformError } from '../errors.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { planChanges } from '../plan/plan-changes.js';
import { schemaDifferences } from './apply-database.js';

export interface FileReport {
  readonly file: string;
  readonly version: string;
  readonly plan: Plan;
  readonly findings: readonly Finding[];
  readonly content: string;
}

export interface PrReport {
  /** The base compared with: a git ref or a directory. */
  readonly base: string;
  readonly files: readonly FileReport[];
  /** Base files this directory lacks: the branch is behind its base (merge or rebase before reviewing numbers). */
  readonly behind: readonly string[];
  /** Desired-state changes no migration covers (only with a desired-state file). */
  readonly uncovered: readonly string[];
  /** Whether rows were counted on a database, and where a file failed on its copy. */
  readonly database: { readonly checked: boolean; readonly failure: string | null };
}

/** `cacheDir`: where the directory's replay is kept between runs (src/db/replay-states.ts); none: replay every time. */
export function prReport(o: { dir: string; base: BaseMigrations; db: string | null; schema: string | null; busyTimeoutMs?: number; cacheDir?: string }): PrReport {
  if (o.db !== null && isEngineTarget(o.db)) {
    // Each new file is measured on an in-memory copy of the database, which only a local file gives.
    throw new LiteformError('LITEFORM_ENGINE_UNSUPPORTED', 'report counts breaking rows on a local database file only; --db names a remote engine', 'leave out --db (the report is complete without row counts), or run `liteform lint --db <url>` for the first pending file\'s rows');
  }
  const directory = readMigrationDirectory(o.dir);
  const added = directory.migrations.filter((m) => !o.base.files.has(m.file));
  const here = new Set(directory.migrations.map((m) => m.file));
  const l = lintFiles({ dir: o.dir, db: o.db, measureEveryFile: true, ...(o.busyTimeoutMs !== undefined ? { busyTimeoutMs: o.busyTimeoutMs } : {}), ...(o.cacheDir !== undefined ? { cacheDir: o.cacheDir } : {}) });
  // lint read or wrote the cache: this is one more read of it, not a second replay.
  const replay = replayWithCache(directory.migrations, replayCacheIn(o.cacheDir));
  const files = added.map((m): FileReport => {
    // The plan of the file as data: the state before it vs after it, as lint computes it.
    const k = directory.migrations.indexOf(m);
    const from = stateAfter(replay, k);
    const to = stateAfter(replay, k + 1);
    const plan = planChanges(diffSchemas(from, to, forwardHints(m)), from, to);
    return { file: m.file, version: m.version, plan, findings: l.result.findings.filter((f) => f.file === m.file), content: m.content };
  });
  const uncovered = o.schema === null ? [] : schemaDifferences(stateAfter(replay, directory.migrations.length), loadDesired(o.schema).model);
  return {
    base: o.base.label,
    files,
    behind: [...o.base.files.keys()].filter((f) => !here.has(f)).sort(),
    uncovered,
    database: { checked: l.measured !== 'none', failure: l.copyFailed },
  };
}
