/**
 * `migrateFleet()`: migrate() over a list of databases, for applications with one database per tenant.
 * The same per-target path as migrate() (backup, BEGIN IMMEDIATE, history row, verification), in worker
 * threads. For tenants opened lazily, call migrate() on open instead: on an up-to-date database it is one
 * open and one history read (see bench section f).
 */
import { expandEntry, uniqueTargets } from '../fleet/targets.js';
import { applyFleet, type FleetApplyResult, type FleetApplyOptions } from './fleet-apply.js';

export interface MigrateFleetOptions {
  /** Database paths (or URLs), or one glob such as 'tenants/*.db'. */
  readonly targets: string | readonly string[];
  readonly dir: string;
  /** Targets at a time; default the core count. */
  readonly parallel?: number;
  readonly canary?: number;
  readonly waveSize?: number;
  /** 'continue' (the default here: one tenant's failure must not hold back the others) or 'stop'. */
  readonly onError?: 'stop' | 'continue';
  /** Backup before each target's first pending file; default on. */
  readonly backup?: boolean;
  readonly backupDir?: string;
  readonly backupKeep?: number;
  readonly busyTimeoutMs?: number;
  /** Write a resumable journal into this directory (e.g. '.liteform/runs'); default none. */
  readonly runsDir?: string;
  readonly signal?: AbortSignal;
  readonly onTarget?: FleetApplyOptions['onTarget'];
}

export function migrateFleet(o: MigrateFleetOptions): Promise<FleetApplyResult> {
  const targets = typeof o.targets === 'string' ? expandEntry(o.targets, process.cwd(), 'targets') : uniqueTargets(o.targets);
  return applyFleet({
    targets, mode: 'migrations', dir: o.dir,
    ...(o.parallel !== undefined ? { parallel: o.parallel } : {}),
    ...(o.canary !== undefined ? { canary: o.canary } : {}),
    ...(o.waveSize !== undefined ? { waveSize: o.waveSize } : {}),
    onError: o.onError ?? 'continue',
    backup: o.backup === false ? null : { dir: o.backupDir ?? '.liteform/backups', keep: o.backupKeep ?? 5 },
    settings: { busyTimeoutMs: o.busyTimeoutMs ?? 5000 },
    runsDir: o.runsDir ?? null,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onTarget ? { onTarget: o.onTarget } : {}),
  });
}
