/** Measures a lint probe on the live database: how many rows a change would break, and one example. */
import type Database from 'better-sqlite3';
import type { RowProbe } from '../lint/finding.js';

export interface ProbeResult {
  readonly rows: number;
  readonly example: string | null;
}

export function runProbe(db: Database.Database, probe: RowProbe): ProbeResult | null {
  try {
    const n = (db.prepare(probe.countSql).get() as { n: number }).n;
    const row = n > 0 ? (db.prepare(probe.sampleSql).get() as Record<string, unknown> | undefined) : undefined;
    const example = row ? Object.entries(row).map(([k, v]) => `${k}=${v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v)}`).join(', ') : null;
    return { rows: n, example };
  } catch {
    // The table may not exist yet (an earlier pending file creates it): not measurable now.
    return null;
  }
}
