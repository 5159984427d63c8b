/** `liteform apply`: pending migration files in order (or, in direct mode, the desired state straight to the database). */
import { isEngineTarget } from '../../api/target-kind.js';
import { engineConnection, type EngineFlags } from './engine-flags.js';
import { migrate } from '../../api/migrate.js';
import { requireSetting, type SettingFlags } from '../../config/config.js';
import { useSettings } from '../../api/settings.js';
import type { Output } from '../output.js';
import type { FleetApplyFlags } from './fleet.js';
import { fleetTargets } from './fleet-targets.js';
import type { CopyProgress, MissingParentRows } from '../../api/apply-database.js';
import { isDirectMode } from './direct-mode.js';

// Fleets, direct mode and engine URLs load their modules when taken: the common case, pending files
// applied to one local database, loads 59 modules where importing every path loaded 136.
export interface ApplyFlags extends SettingFlags, EngineFlags {
  readonly json?: boolean;
  readonly create?: boolean;
  readonly allowDestructive?: boolean;
  readonly to?: string;
  readonly dryRun?: boolean;
  readonly backup?: boolean;
  /** --no-schema-edits: false. */
  readonly schemaEdits?: boolean;
  readonly integrityCheck?: boolean;
}

export async function runApply(flags: ApplyFlags & FleetApplyFlags, io: Output): Promise<number> {
  if (flags.resume !== undefined) return (await import('./fleet.js')).runFleetApply(null, flags, io);
  const fleet = fleetTargets(flags);
  if (fleet !== null) return (await import('./fleet.js')).runFleetApply(fleet, flags, io);
  const s = useSettings(flags);
  if (isDirectMode(flags)) {
    const [{ applyTarget }, { renderHuman }, { renderJson }, { renderSchemaWarnings }] = await Promise.all([
      import('../../api/engine-target.js'), import('../../render/human.js'), import('../../render/json.js'), import('../../render/schema-warnings.js'),
    ]);
    const result = await applyTarget({
      db: flags.db!, schema: flags.schema!, create: flags.create ?? false, allowDestructive: flags.allowDestructive ?? false, busyTimeoutMs: s.busyTimeoutMs, cacheDir: s.cacheDir, ...engineConnection(flags),
      schemaEdits: flags.schemaEdits !== false, integrityCheck: flags.integrityCheck === true,
      ...progressOption(flags, io),
    });
    if (!flags.json) io.err(renderSchemaWarnings(result.plan.warnings, io.errStyle));
    if (flags.json) {
      io.raw(`${JSON.stringify({ ...renderJson(result.plan), status: result.status, version: result.version, checksum: result.checksum, durationMs: result.durationMs, ...(result.missingParents && result.missingParents.length > 0 ? { missingParents: result.missingParents } : {}) }, null, 2)}\n`);
    } else if (result.status === 'up-to-date') {
      io.out('No changes. The database matches the desired state.\n');
    } else {
      io.out(renderHuman(result.plan, io.style));
      io.out(`\n${io.style.add('Applied')} ${result.plan.steps.length} statements in ${result.durationMs} ms (version ${result.version}).\n`);
      for (const m of result.missingParents ?? []) io.err(missingParentWarning(m, io));
    }
    return 0;
  }
  const db = requireSetting(s.db, 'database', '--db');
  // An engine URL: each file one atomic unit through the engine layer; the backup is the database as SQL.
  const result = isEngineTarget(db) ? await (await import('../../api/migrate-engine.js')).migrateTarget({
    db, dir: s.dir, cacheDir: s.cacheDir, ...engineConnection(flags),
    backup: flags.backup === false ? null : { dir: s.backupDir, keep: s.backupKeep, name: db },
    ...(flags.to !== undefined ? { to: flags.to } : {}),
    dryRun: flags.dryRun ?? false,
    ...(flags.json ? {} : { onFile: (m) => io.out(`${io.style.dim('applying')} ${m.file}\n`) }),
  }) : await migrate({
    db,
    create: flags.create ?? false,
    dir: s.dir,
    ...(flags.to !== undefined ? { to: flags.to } : {}),
    dryRun: flags.dryRun ?? false,
    backup: flags.backup !== false,
    backupDir: s.backupDir,
    backupKeep: s.backupKeep,
    busyTimeoutMs: s.busyTimeoutMs,
    ...(flags.json ? {} : { onFile: (m) => io.out(`${io.style.dim('applying')} ${m.file}\n`) }),
    ...progressOption(flags, io),
  });
  if (flags.json) {
    io.raw(`${JSON.stringify({ formatVersion: 1, ...result, pending: result.pending.map((m) => ({ version: m.version, name: m.name, file: m.file })) }, null, 2)}\n`);
    return 0;
  }
  switch (result.status) {
    case 'up-to-date':
      io.out(`Already up to date${result.to ? ` (version ${result.to})` : ''}.\n`);
      break;
    case 'dry-run':
      if (result.pending.length === 0) io.out('Nothing to apply.\n');
      else {
        io.out(`Would apply ${result.pending.length} file(s):\n`);
        for (const m of result.pending) io.out(`  ${m.file}\n`);
      }
      break;
    case 'migrated':
      for (const a of result.applied) {
        io.out(`${io.style.add('applied')} ${a.version}_${a.name} (${a.statements} statements, ${a.durationMs} ms)\n`);
        for (const m of a.missingParents ?? []) io.err(missingParentWarning(m, io));
      }
      io.out(`Database at version ${result.to}${result.backup ? `; backup: ${result.backup}` : ''}.\n`);
      break;
  }
  return 0;
}

/**
 * A rebuild copies rows in chunks (local files; in a migration file, the copies its header names): a TTY
 * gets one line per table, rewritten after each chunk; --json gets one JSON object per line on stderr
 * (stdout keeps the one result document); anything else, nothing.
 */
function progressOption(flags: ApplyFlags, io: Output): { onProgress?: (p: CopyProgress) => void } {
  if (flags.json) return { onProgress: (p) => io.err(`${JSON.stringify(progressEvent(p))}\n`) };
  if (io.errIsTTY && !process.env.CI) return { onProgress: (p) => io.err(`\r${io.errStyle.dim('rebuild')} ${progressText(p)}${p.rows >= p.total ? '\n' : ''}`) };
  return {};
}

const rate = (p: CopyProgress): number => (p.elapsedMs > 0 ? (p.rows * 1000) / p.elapsedMs : 0);

/** `logs: 100000/200000 rows (50%), 812000 rows/s, ETA 0.1 s` */
export function progressText(p: CopyProgress): string {
  const r = rate(p);
  const pct = p.total > 0 ? Math.floor((p.rows * 100) / p.total) : 100;
  const eta = r > 0 ? `, ETA ${((p.total - p.rows) / r).toFixed(1)} s` : '';
  return `${p.table}: ${p.rows}/${p.total} rows (${pct}%)${r > 0 ? `, ${Math.round(r)} rows/s` : ''}${eta}`;
}

/** The `--json` progress event (one line on stderr): `{"event":"copy-progress","table":…,"rows":…,"total":…,"rowsPerSecond":…,"etaMs":…}`. */
export function progressEvent(p: CopyProgress): Record<string, unknown> {
  const r = rate(p);
  return { event: 'copy-progress', table: p.table, rows: p.rows, total: p.total, rowsPerSecond: Math.round(r), etaMs: r > 0 ? Math.round(((p.total - p.rows) * 1000) / r) : null };
}

/** A foreign key naming a table that does not exist: the schema's own, kept and reported (issue 13 class 3). */
function missingParentWarning(m: MissingParentRows, io: Output): string {
  return `${io.errStyle.warn('warning:')} table ${m.table} (${m.columns.join(', ')}): its foreign key names table ${m.parent}, which does not exist; ${m.rows} row${m.rows === 1 ? '' : 's'} without a parent (kept: the schema says so)\n`;
}
