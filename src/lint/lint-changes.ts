/**
 * Lint rules over Change[]: destructive changes (error) and data-dependent ones (warning, or error
 * when the live database has rows they break), each with the queries that count breaking rows.
 * Pure: the queries run in src/db. Codes match PlanWarning codes.
 */
import type { Change } from '../diff/change.js';
import type { Plan } from '../plan/plan.js';
import { quoteIdent } from '../model/quote.js';
import type { RowProbe } from './finding.js';

export interface ChangeFinding {
  readonly code: string;
  readonly destructive: boolean;
  readonly message: string;
  readonly table: string;
  readonly column?: string;
  readonly probe?: RowProbe;
  /** Index into Plan.changes of the change the finding is about. */
  readonly change: number;
}

const q = quoteIdent;

function probe(table: string, where: string, select = '*'): RowProbe {
  return { table, countSql: `SELECT count(*) AS n FROM ${q(table)} WHERE ${where}`, sampleSql: `SELECT rowid AS rowid, ${select} FROM ${q(table)} WHERE ${where} LIMIT 1` };
}

function duplicateProbe(table: string, exprs: readonly string[]): RowProbe {
  const cols = exprs.join(', ');
  const notNull = exprs.map((e) => `${e} IS NOT NULL`).join(' AND ');
  return {
    table,
    countSql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${q(table)} WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1)`,
    sampleSql: `SELECT ${cols}, count(*) AS copies FROM ${q(table)} WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1 LIMIT 1`,
  };
}

export function lintChanges(plan: Plan): ChangeFinding[] {
  const out: ChangeFinding[] = [];
  plan.warnings.forEach((w) => {
    if (w.level === 'schema') return; // about a desired-state file, not a migration
    const change: Change | undefined = plan.changes[w.change];
    let p: RowProbe | undefined;
    if (change?.kind === 'ModifyTable' && w.level === 'data-dependent') p = probeFor(change, w.code, w.column);
    out.push({ change: w.change, code: w.code, destructive: w.level === 'destructive', message: w.message, table: w.table, ...(w.column !== undefined ? { column: w.column } : {}), ...(p ? { probe: p } : {}) });
  });
  return out;
}

/** The query measuring a data-dependent warning, on the table as it is before the change (source names). */
function probeFor(c: Extract<Change, { kind: 'ModifyTable' }>, code: string, column: string | undefined): RowProbe | undefined {
  const t = c.from.name;
  switch (code) {
    case 'LF201': {
      const mc = c.changes.find((x) => x.kind === 'ModifyColumn' && x.to.name === column);
      if (mc?.kind === 'ModifyColumn') return probe(t, `${q(mc.from.name)} IS NULL`, q(mc.from.name));
      return { table: t, countSql: `SELECT count(*) AS n FROM ${q(t)}`, sampleSql: `SELECT rowid AS rowid, * FROM ${q(t)} LIMIT 1` };
    }
    case 'LF202': {
      const u = c.changes.find((x) => x.kind === 'AddUnique' && x.unique.columns.map((k) => k.name).join(', ') === column);
      if (u?.kind === 'AddUnique') return duplicateProbe(t, u.unique.columns.map((k) => `${q(k.name)}${k.collate === null ? '' : ` COLLATE ${q(k.collate)}`}`));
      const i = c.changes.find((x) => x.kind === 'AddIndex' && x.index.unique);
      if (i?.kind === 'AddIndex' && i.index.where === null) return duplicateProbe(t, i.index.parts.map((p) => (p.kind === 'column' ? q(p.name) : `(${p.expr})`)));
      return undefined;
    }
    case 'LF203': {
      const checks = c.changes.flatMap((x) => (x.kind === 'AddCheck' ? [x.check.expr] : []));
      return checks.length > 0 ? probe(t, checks.map((e) => `NOT (${e})`).join(' OR ')) : undefined;
    }
    case 'LF204': {
      const fk = c.changes.find((x) => x.kind === 'AddForeignKey' && x.foreignKey.columns.join(', ') === column);
      if (fk?.kind !== 'AddForeignKey' || fk.foreignKey.refColumns.length !== fk.foreignKey.columns.length) return undefined;
      const f = fk.foreignKey;
      const match = f.columns.map((col, i) => `p.${q(f.refColumns[i]!)} = c.${q(col)}`).join(' AND ');
      const present = f.columns.map((col) => `c.${q(col)} IS NOT NULL`).join(' AND ');
      const where = `${present} AND NOT EXISTS (SELECT 1 FROM ${q(f.refTable)} AS p WHERE ${match})`;
      return { table: t, countSql: `SELECT count(*) AS n FROM ${q(t)} AS c WHERE ${where}`, sampleSql: `SELECT c.rowid AS rowid, c.* FROM ${q(t)} AS c WHERE ${where} LIMIT 1` };
    }
    default:
      return undefined;
  }
}

