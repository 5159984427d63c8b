/** `liteform apply`: migrate the database to the desired state in one transaction. */
import { applyDatabase } from '../../api/apply-database.js';
import { renderHuman } from '../../render/human.js';
import { renderJson } from '../../render/json.js';
import type { Output } from '../output.js';

export interface ApplyFlags {
  readonly db: string;
  readonly schema: string;
  readonly json?: boolean;
  readonly create?: boolean;
  readonly allowDestructive?: boolean;
  readonly busyTimeout?: string;
}

export function runApply(flags: ApplyFlags, io: Output): number {
  const result = applyDatabase({
    db: flags.db,
    schema: flags.schema,
    create: flags.create ?? false,
    allowDestructive: flags.allowDestructive ?? false,
    busyTimeoutMs: flags.busyTimeout === undefined ? 5000 : Number(flags.busyTimeout),
  });
  if (flags.json) {
    io.out(`${JSON.stringify({ ...renderJson(result.plan), status: result.status, version: result.version, checksum: result.checksum, durationMs: result.durationMs }, null, 2)}\n`);
    return 0;
  }
  if (result.status === 'up-to-date') {
    io.out('No changes. The database matches the desired state.\n');
    return 0;
  }
  io.out(renderHuman(result.plan, io.style));
  io.out(`\n${io.style.add('Applied')} ${result.plan.steps.length} statements in ${result.durationMs} ms (version ${result.version}).\n`);
  return 0;
}
