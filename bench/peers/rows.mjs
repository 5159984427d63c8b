// The benchmark table's rows for the peers, measured in the same run as liteform (bench/run.mjs (g), (h)).
// A peer that is not installed gets a note saying how to install it; one that failed or left a wrong result
// gets a row saying so, with no time.
import { fmtMs } from '../lib.mjs';

const times = (ms, base) => `${(ms / base).toFixed(1)}×`;

/** Rows and notes for (g)'s peers. `g` is benchSchemaEdit()'s result. */
export function peerRowsG(g) {
  const rows = [];
  const notes = [];
  const big = `${g.big / 1e6}M`;
  const base = g.ms.cli;
  rows.push([`(g) liteform \`apply --db --schema\` as a user runs it (CLI, one process), ${big} rows (median of ${g.runs})`, fmtMs(base), '(baseline for the peers)', '—']);
  for (const p of g.peers) {
    if (!p.available) {
      notes.push(`(g) ${p.name} is not installed: skipped. To time it: ${p.how} (see bench/README.md, "Peers").`);
      continue;
    }
    const label = p.key === 'sam'
      ? `(g) ${p.name} ${p.version}: \`sam make\` + \`sam migrate\` (two processes), same change, ${big} rows`
      : `(g) ${p.name} ${p.version} (SQLAlchemy ${p.sqlalchemy}): \`alembic upgrade head\`, op.batch_alter_table, ${big} rows`;
    if (p.failed) {
      rows.push([label, `**failed**: ${p.failed}`, '(context)', '—']);
      continue;
    }
    const ms = g.ms[p.key];
    const steps = p.key === 'sam' ? ` (make ${fmtMs(g.ms['sam-make'])} + migrate ${fmtMs(g.ms['sam-migrate'])})` : '';
    rows.push([`${label} (median of ${p.runs})`, `${fmtMs(ms)}${steps} = ${times(ms, base)} liteform's CLI; ${times(ms, g.ms[`edit-${g.big}`])} liteform's apply in process`, '(context: liteform faster)', ms > base ? 'yes' : '**no**']);
  }
  if (g.peers.some((p) => p.available && !p.failed)) {
    notes.push("(g) peers: each run starts from a fresh copy of the same seeded file and is checked afterwards (row count, a fingerprint of the rows, the table's columns, defaults, NOT NULL and index as SQLite reports them); both copy the table (sqlite-auto-migrator then runs a full integrity_check and VACUUM, as its `migrate` always does).");
  }
  return { rows, notes };
}

/** Rows and notes for (h)'s peer. `h` is benchApply1000()'s result. */
export function peerRowsH(h) {
  const rows = [];
  const notes = [];
  const p = h.sam;
  const goal = '≥ 5× faster than sqlite-auto-migrator';
  const liteform = `${fmtMs(h.ms.twoProcesses)} (plan ${fmtMs(h.ms['twoProcesses-plan'])} + apply ${fmtMs(h.ms['twoProcesses-apply'])})`;
  if (!p.available) {
    rows.push([`(h) \`liteform plan\` then \`liteform apply\` of the same change, two processes (median of ${h.samRuns})`, liteform, `${goal} (not installed: not compared)`, '—']);
    notes.push(`(h) sqlite-auto-migrator is not installed: skipped. To time it: ${p.how} (see bench/README.md, "Peers").`);
    return { rows, notes };
  }
  rows.push([`(h) \`liteform plan\` then \`liteform apply\` of the same change, two processes (median of ${h.samRuns})`, liteform, '(baseline for the peer)', '—']);
  if (h.ms.coldPlan !== undefined) {
    rows.push([`(h) that \`liteform plan\` with an empty .liteform/cache/ (the directory replayed, the desired state built in full; median of ${h.samRuns})`, fmtMs(h.ms.coldPlan), '(context)', '—']);
    const floor = 2 * h.ms.byHand + 2 * h.ms.nodeStart;
    rows.push([
      '(h) floor for two processes: the file\'s statements twice (plan runs the file it writes on the replayed directory to check it; apply runs it) + two `node -e 0`',
      `2 × ${fmtMs(h.ms.byHand)} + 2 × ${fmtMs(h.ms.nodeStart)} = ${fmtMs(floor)}; 5× sqlite-auto-migrator would need ${p.failed ? '—' : fmtMs(h.ms.sam / 5)}`,
      '(context)',
      '—',
    ]);
  }
  const label = `(h) sqlite-auto-migrator ${p.version}: \`sam make\` then \`sam migrate\` of the same change from its own migrations, two processes`;
  if (p.failed) {
    rows.push([label, `**failed**: ${p.failed}`, `${goal} (the peer failed: not compared)`, '—']);
    return { rows, notes };
  }
  const ratio = h.ms.sam / h.ms.twoProcesses;
  rows.push([
    `${label} (median of ${h.samRuns})`,
    `${fmtMs(h.ms.sam)} (make ${fmtMs(h.ms['sam-make'])} + migrate ${fmtMs(h.ms['sam-migrate'])}) = ${ratio.toFixed(2)}× liteform's time: liteform is ${ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`}`,
    goal,
    ratio >= 5 ? 'yes' : '**no**',
  ]);
  notes.push("(h) sqlite-auto-migrator starts from its own history (its first migration made from the same v1 schema and applied by `sam migrate`) and the same 20 rows a table; each run is checked afterwards (every table's columns, indexes and foreign keys as SQLite reports them against the desired schema, and its 20 rows). Its `migrate` also runs a full integrity_check, foreign_key_check and VACUUM, as it always does.");
  return { rows, notes };
}
