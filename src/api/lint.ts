/**
 * `liteform lint`: findings over pending migration files. The changes of a file are recomputed as
 * data (the directory's state before it vs after it), never by parsing its SQL; statements in the
 * file that the plan would not have produced are hand edits, and a DELETE or DROP among them is flagged.
 */
import { existsSync } from 'node:fs';
import { readMigrationDirectory, type MigrationDirectory } from '../migrations/directory.js';
import { compareHistory } from '../migrations/history-check.js';
import type { Migration } from '../migrations/migration-file.js';
import { replayMigrations, runMigrationStatements, sealedStatements, stateAfter, type Replay } from '../db/replay.js';
import { replayWithCache } from '../db/replay-states.js';
import { replayCacheIn } from './replay-cache.js';
import { copyIntoMemory } from '../db/memory-copy.js';
import { droppedParents } from '../migrations/dropped-parents.js';
import { isWranglerFile } from '../db/engines/wrangler-d1.js';
import { planUnitStatements } from '../db/engines/plan-unit.js';
import { d1Capabilities } from '../db/engines/d1.js';
import { openDatabase } from '../db/open-database.js';
import { readHistory } from '../db/history.js';
import { runProbe, type ProbeResult } from '../db/run-probe.js';
import { diffSchemas } from '../diff/diff-schemas.js';
import { planChanges } from '../plan/plan-changes.js';
import { lintChanges } from '../lint/lint-changes.js';
import { changePlaces } from './statement-lines.js';
import type { Finding, RowProbe } from '../lint/finding.js';
import { normalizeExpr, foldName } from '../model/normalize.js';
import { splitStatements } from '../model/split-statements.js';
import type { RenameHints } from '../model/schema-model.js';
import type Database from 'better-sqlite3';

export interface LintResult {
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly errors: number;
}

export function forwardHints(m: Migration): RenameHints {
  return {
    tables: new Map(m.header.renamedTables.map(([o, n]) => [foldName(n), o])),
    columns: new Map(m.header.renamedColumns.map(([t, o, n]) => [foldName(`${t}.${n}`), o])),
  };
}

function nolintCounts(content: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of content.matchAll(/--\s*liteform:nolint\s+(LF\d{3})/gi)) m.set(x[1]!.toUpperCase(), (m.get(x[1]!.toUpperCase()) ?? 0) + 1);
  return m;
}

export interface LintOptions {
  readonly dir: string;
  readonly db: string | null;
  readonly busyTimeoutMs?: number;
  /** Where the directory's replay is kept between runs (`.liteform/cache/`; src/db/replay-states.ts); none: replay every time. */
  readonly cacheDir?: string;
  /**
   * Count breaking rows for every pending file, not only the first: the files run one after another on
   * an in-memory copy of the database, each measured in the state the earlier ones leave (the PR report).
   */
  readonly measureEveryFile?: boolean;
}

export function lint(o: LintOptions): LintResult {
  return lintFiles(o).result;
}

/** lint, with how rows were measured and where a file failed on the database's copy (the PR report says so). */
export function lintFiles(o: LintOptions): { result: LintResult; measured: 'first' | 'every' | 'none'; copyFailed: string | null } {
  let db: Database.Database | null = null;
  let appliedCount = 0;
  const directory = readMigrationDirectory(o.dir);
  if (o.db !== null && existsSync(o.db)) {
    db = openDatabase(o.db, { readonly: true, busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
    appliedCount = compareHistory(readHistory(db), directory.migrations).applied.length;
  }
  // The copy the files run on, so later files are measured in the state earlier ones leave; never the file itself.
  let copy: Database.Database | null = db !== null && o.measureEveryFile ? copyIntoMemory(db) : null;
  copy?.pragma('foreign_keys = OFF');
  let copyFailed: string | null = null;
  try {
    const result = lintPending(directory, appliedCount, {
      replay: replayWithCache(directory.migrations, replayCacheIn(o.cacheDir)),
      // Without a copy, rows can be counted only for the first pending file: the database is in its before-state.
      measure: (probe, i) => {
        const probeDb = copy ?? (i === 0 ? db : null);
        return probeDb ? runProbe(probeDb, probe) : null;
      },
      afterFile: (m) => {
        if (copy === null) return;
        try {
          runMigrationStatements(copy, m);
        } catch (e) {
          // Later files cannot be measured on a copy this file broke; the failure is itself worth reporting.
          copyFailed = (e as Error).message.split(m.path).join(m.file);
          copy.close();
          copy = null;
        }
      },
    });
    return { result, measured: db === null ? 'none' : o.measureEveryFile ? 'every' : 'first', copyFailed };
  } finally {
    copy?.close();
    db?.close();
  }
}

export interface LintMeasure {
  /** Counts the rows a probe of pending file `fileIndex` (0 = the first pending) breaks; null: not measurable. */
  readonly measure?: (probe: RowProbe, fileIndex: number) => ProbeResult | null;
  /** Called after each pending file's findings, in order (the local lint runs the file on its copy here). */
  readonly afterFile?: (m: Migration) => void;
  /** The directory's replay, when the caller already has it (replaying builds a scratch database per file). */
  readonly replay?: Replay;
}

/**
 * The findings over the files after the first `appliedCount`. Pure apart from the caller's `measure` and
 * `afterFile`, so any engine can supply them.
 */
export function lintPending(directory: MigrationDirectory, appliedCount: number, hooks: LintMeasure = {}): LintResult {
  const replay = hooks.replay ?? replayMigrations(directory.migrations);
  const findings: Finding[] = [];
  const pending = directory.migrations.slice(appliedCount);
  pending.forEach((m, i) => {
    const k = appliedCount + i;
    const from = stateAfter(replay, k);
    const to = stateAfter(replay, k + 1);
    const plan = planChanges(diffSchemas(from, to, forwardHints(m)), from, to);
    const silenced = nolintCounts(m.content);
    const placeOf = changePlaces(plan, m.content);
    const push = (f: Finding): void => {
      const left = silenced.get(f.code) ?? 0;
      if (left > 0) { silenced.set(f.code, left - 1); return; }
      findings.push(f);
    };
    for (const c of lintChanges(plan)) {
      const measured = c.probe && hooks.measure ? hooks.measure(c.probe, i) : null;
      const breaks = measured !== null && measured.rows > 0;
      push({
        code: c.code,
        level: c.destructive || breaks ? 'error' : 'warning',
        file: m.file,
        ...placeOf(c.change),
        message: measured ? `${c.message} — ${measured.rows} existing row(s) break it${measured.example ? `, e.g. ${measured.example}` : ''}` : c.message,
        table: c.table,
        ...(c.column !== undefined ? { column: c.column } : {}),
        ...(measured ? { breakingRows: measured.rows, ...(measured.example ? { example: measured.example } : {}) } : {}),
      });
    }
    // A file written for wrangler carries the FK-safe rebuild: it drops parents without firing their actions.
    const wrangler = isWranglerFile(m.content);
    if (!m.header.foreignKeysOff && !wrangler) {
      for (const d of droppedParents(sealedStatements(m), from)) {
        push({ code: 'LF303', level: 'warning', file: m.file, line: d.line, col: d.col, table: d.table, message: `${m.file}:${d.line}:${d.col}: drops "${d.table}", which foreign keys reference, and the file has no \`-- liteform:foreign-keys off\` line: with enforcement on this would fire ON DELETE actions on the children, so apply turns enforcement off around this file and checks foreign keys before commit` });
      }
    }
    // What liteform would have written for this file: the plan's steps, or for a wrangler file its D1 unit.
    const generated = new Set((wrangler ? planUnitStatements(plan, from, to, d1Capabilities).statements : plan.steps.map((s) => s.sql)).map(normalizeExpr));
    for (const st of splitStatements(m.content)) {
      if (generated.has(normalizeExpr(st.sql))) continue;
      const verb = st.sql.trim().split(/\s+/)[0]!.toUpperCase();
      if (verb === 'DELETE') push({ code: 'LF301', level: 'warning', file: m.file, line: st.line, col: st.col, message: `${m.file}:${st.line}: hand-written DELETE removes rows: ${st.sql.split('\n')[0]!.slice(0, 80)}` });
      if (verb === 'DROP') push({ code: 'LF302', level: 'warning', file: m.file, line: st.line, col: st.col, message: `${m.file}:${st.line}: hand-written DROP: ${st.sql.split('\n')[0]!.slice(0, 80)}` });
    }
    hooks.afterFile?.(m);
  });
  return { files: pending.map((m) => m.file), findings, errors: findings.filter((f) => f.level === 'error').length };
}
