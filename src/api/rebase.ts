/**
 * `liteform plan --rebase`: after two branches each added migrations from the same version on, renumber
 * this branch's new files on top of the base's (the ones a merge brought in), rewrite their headers
 * (version, and the schema hashes before and after in the new order) and the sum.
 *
 * Renumbering only moves files; it never rewrites statements. So it refuses when that would be wrong: a
 * branch file that rebuilds a table (or recreates a view or trigger) the base's new files also changed was
 * planned without the base's change and would silently undo it — that file must be generated again on top
 * of the base. Every other overlap is left to the replay of the new order, which must run cleanly.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiteformError } from '../errors.js';
import { writeSum } from '../migrations/directory.js';
import { checksumOf, fileNamePattern, formatVersion, parseHeader, type Migration } from '../migrations/migration-file.js';
import { replayMigrations, stateAfter } from '../db/replay.js';
import { schemaTextHash } from '../db/introspect.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { changedObjects } from '../diff/changed-objects.js';
import { planChanges } from '../plan/plan-changes.js';
import { schemaHash } from '../model/canonical.js';
import { foldName } from '../model/normalize.js';
import { noRenames } from '../model/schema-model.js';
import type { BaseMigrations } from '../vcs/base-migrations.js';
import { forwardHints } from './lint.js';

export interface RebaseResult {
  readonly base: string;
  /** Files renamed, in order (old → new name); empty when the branch's files already follow the base's. */
  readonly renamed: readonly { readonly from: string; readonly to: string }[];
  readonly written: boolean;
}

const versionOf = (file: string): number => Number(fileNamePattern.exec(file)![1]);
const byVersion = (a: string, b: string): number => versionOf(a) - versionOf(b) || a.localeCompare(b);

function migrationOf(dir: string, file: string, content: string): Migration {
  const m = fileNamePattern.exec(file)!;
  return { version: m[1]!, name: m[2]!, file, path: join(dir, file), content, checksum: checksumOf(content), header: parseHeader(content) };
}

const touched = changedObjects;

const conflict = (message: string, hint: string): LiteformError => new LiteformError('LITEFORM_REBASE_CONFLICT', message, hint);

export function rebaseMigrations(o: { dir: string; base: BaseMigrations; dryRun?: boolean }): RebaseResult {
  if (!existsSync(o.dir)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${o.dir}: migrations directory does not exist`, 'point --dir at your migrations');
  const here = new Map(readdirSync(o.dir).filter((f) => fileNamePattern.test(f)).sort(byVersion).map((f) => [f, readFileSync(join(o.dir, f), 'utf8')]));
  const baseFiles = [...o.base.files.keys()].sort(byVersion);
  const missing = baseFiles.filter((f) => !here.has(f));
  if (missing.length > 0) {
    throw conflict(`${o.dir}: ${o.base.label} has ${missing.join(', ')}, which this directory lacks`, `bring the base in first (\`git merge ${o.base.label}\` or \`git rebase ${o.base.label}\`), then run \`liteform plan --rebase\` again`);
  }
  for (const f of baseFiles) {
    if (here.get(f) !== o.base.files.get(f)) throw conflict(`${join(o.dir, f)}:1:1: differs from its copy on ${o.base.label}`, `a migration on the base must stay as it is there: \`git checkout ${o.base.label} -- ${join(o.dir, f)}\`, then run again`);
  }
  const branch = [...here.keys()].filter((f) => !o.base.files.has(f));
  const baseLast = baseFiles.length === 0 ? 0 : versionOf(baseFiles.at(-1)!);
  const renamed = branch.map((from, i) => {
    const to = `${formatVersion(baseLast + 1 + i)}_${fileNamePattern.exec(from)![2]}.sql`;
    return { from, to };
  });
  const moves = renamed.filter((r) => r.from !== r.to);

  if (moves.length > 0) {
    // What the base's new files changed (those from the branch's first version on) vs what the branch's files restate.
    const firstBranch = versionOf(branch[0]!);
    const fork = baseFiles.filter((f) => versionOf(f) < firstBranch);
    const baseNew = baseFiles.filter((f) => versionOf(f) >= firstBranch);
    const asMigration = (f: string): Migration => migrationOf(o.dir, f, here.get(f)!);
    const baseReplay = replayMigrations(baseFiles.map(asMigration));
    const changedOnBase = new Map<string, string>();
    for (let k = fork.length; k < baseFiles.length; k++) {
      for (const c of diffSchemas(stateAfter(baseReplay, k), stateAfter(baseReplay, k + 1), noRenames)) for (const n of touched(c)) if (!changedOnBase.has(foldName(n))) changedOnBase.set(foldName(n), baseFiles[k]!);
    }
    const branchMigrations = [...fork, ...branch].map(asMigration);
    const branchReplay = replayMigrations(branchMigrations);
    const baseChangedViewsOrTriggers = baseNew.length > 0 && [...changedOnBase.keys()].some((n) => {
      const final = stateAfter(baseReplay, baseFiles.length);
      return final.views.some((v) => foldName(v.name) === n) || final.triggers.some((t) => foldName(t.name) === n);
    });
    for (let k = fork.length; k < branchMigrations.length; k++) {
      const m = branchMigrations[k]!;
      const from = stateAfter(branchReplay, k);
      const to = stateAfter(branchReplay, k + 1);
      const plan = planChanges(diffSchemas(from, to, forwardHints(m)), from, to);
      // Objects the file writes out whole (rebuilt tables, recreated views and triggers): what it writes is the branch's version.
      const restated = [
        ...plan.rebuilds.map((r) => r.table),
        ...plan.changes.flatMap((c) => (c.kind === 'ModifyView' || c.kind === 'ModifyTrigger' || c.kind === 'ModifyVirtualTable' ? touched(c) : [])),
      ];
      for (const n of restated) {
        const theirs = changedOnBase.get(foldName(n));
        if (theirs !== undefined) {
          throw conflict(`${m.path}:1:1: rebuilds or recreates "${n}", which ${theirs} on ${o.base.label} also changes; renumbered, this file would run its own copy of "${n}" after ${theirs} and undo that change`, `generate this branch's change again on top of the base: delete ${m.file}, run \`liteform plan\`, review the new file (nothing was renamed)`);
        }
      }
      // A rebuild recreates the views and triggers over its table from the branch's copy: the base's changes to them would be lost.
      if (plan.rebuilds.length > 0 && baseChangedViewsOrTriggers) {
        throw conflict(`${m.path}:1:1: rebuilds ${plan.rebuilds.map((r) => `"${r.table}"`).join(', ')} and recreates the views and triggers over it as this branch knew them, while ${o.base.label}'s new migrations change views or triggers`, `delete ${m.file}, run \`liteform plan\` on top of the base, and review the new file (nothing was renamed)`);
      }
    }
  }

  // The new order, replayed: its schema hashes go in the headers, and it must run (nothing is written otherwise).
  const next = new Map<string, string>();
  for (const r of renamed) next.set(r.to, renumber(here.get(r.from)!, fileNamePattern.exec(r.to)![1]!));
  const order = [...baseFiles.map((f) => migrationOf(o.dir, f, here.get(f)!)), ...renamed.map((r) => migrationOf(o.dir, r.to, next.get(r.to)!))];
  let replay;
  const storedAfter: string[] = [];
  try {
    replay = replayMigrations(order, (db, i) => { if (i >= baseFiles.length - 1) storedAfter[i] = schemaTextHash(db); });
  } catch (e) {
    const err = e as LiteformError;
    throw conflict(`after renumbering on top of ${o.base.label}: ${err.message}`, 'the branch\'s file no longer runs after the base\'s migrations: delete it, run `liteform plan` again, and review the new file (nothing was renamed)');
  }
  renamed.forEach((r, i) => {
    const k = baseFiles.length + i;
    next.set(r.to, withHashes(next.get(r.to)!, schemaHash(stateAfter(replay, k)), schemaHash(stateAfter(replay, k + 1)), storedAfter[k]!, storedAfter[k - 1]));
  });
  if (!o.dryRun) {
    // Old names go first, then every new file is written: a new name may be an old one of another file.
    for (const r of moves) unlinkSync(join(o.dir, r.from));
    for (const r of renamed) if (r.from !== r.to || next.get(r.to) !== here.get(r.from)) writeFileSync(join(o.dir, r.to), next.get(r.to)!);
    writeSum(o.dir);
  }
  return { base: o.base.label, renamed: moves, written: !o.dryRun };
}

/** The header's version lines, rewritten; statements are left exactly as they are. */
function renumber(content: string, version: string): string {
  return content
    .replace(/^(-- liteform migration )\d+(:)/m, `$1${version}$2`)
    .replace(/^(--\s*liteform:version\s+)\d+\s*$/m, `$1${version}`);
}

function withHashes(content: string, before: string, after: string, storedAfter: string, storedBefore: string | undefined): string {
  return content
    // (no stored schema before the first file of all: its line, if any, is left to fail over to the full check)
    .replace(/^(--[ \t]*liteform:schema-text-before[ \t]+)\S+[ \t]*$/m, (line, head: string) => (storedBefore === undefined ? line : `${head}${storedBefore}`))
    .replace(/^(--\s*liteform:schema-before\s+)\S+\s*$/m, `$1${before}`)
    .replace(/^(--\s*liteform:schema-after\s+)\S+\s*$/m, `$1${after}`)
    .replace(/^(--[ \t]*liteform:schema-text-after[ \t]+)\S+[ \t]*$/m, `$1${storedAfter}`);
}
