/**
 * Turns a data-dependent failure (NOT NULL over NULLs, UNIQUE over duplicates, a CHECK or a STRICT
 * type that existing rows break) into a message naming the table, the column and one offending row.
 * Runs after ROLLBACK, so it reads the database exactly as it was before the plan.
 */
import type Database from 'better-sqlite3';
import type { Plan, Step } from '../plan/plan.js';
import { quoteIdent } from '../model/quote.js';
import { foldName as lc } from '../model/normalize.js';


function rowText(row: Record<string, unknown> | undefined): string {
  if (!row) return '';
  return Object.entries(row)
    .map(([k, v]) => `${k}=${v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : String(v)}`)
    .join(', ');
}

function tryGet(db: Database.Database, sql: string): Record<string, unknown> | undefined {
  try {
    return db.prepare(sql).get() as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
}

/** Maps the temporary rebuild name in SQLite's message back to the user's table. */
function realTable(name: string, plan: Plan): string {
  const copy = plan.steps.find((s) => s.copy && lc(s.copy.target) === lc(name))?.copy;
  return copy ? copy.source : name;
}

export function explainFailure(db: Database.Database, plan: Plan, step: Step, message: string): string {
  if (step.kind === 'foreign-key-check') return message;
  const copy = step.copy;
  const notNull = /NOT NULL constraint failed: ([^.]+)\.(.+)$/.exec(message);
  if (notNull) {
    const table = realTable(notNull[1]!, plan);
    const column = notNull[2]!;
    const expr = copy?.columns.find((c) => lc(c.column) === lc(column))?.expr;
    const row = expr !== undefined
      ? tryGet(db, `SELECT rowid AS rowid, * FROM ${quoteIdent(copy!.source)} WHERE ${expr} IS NULL LIMIT 1`)
      : tryGet(db, `SELECT rowid AS rowid, * FROM ${quoteIdent(table)} LIMIT 1`);
    const hint = expr === undefined ? 'the new column has no value for existing rows: give it a DEFAULT' : 'give the column a DEFAULT (NULLs become the default) or fix those rows first';
    return `table ${table}, column ${column}: NOT NULL fails on existing rows${row ? `, e.g. row ${rowText(row)}` : ''} — ${hint}`;
  }
  const unique = /UNIQUE constraint failed: (.+)$/.exec(message);
  if (unique) {
    const cols = unique[1]!.split(',').map((s) => s.trim());
    if (cols[0]!.startsWith('index ')) {
      return `table ${step.table ?? '?'}: ${message} — existing rows hold duplicate values for the new unique index`;
    }
    const table = realTable(cols[0]!.split('.')[0]!, plan);
    const names = cols.map((c) => c.slice(c.indexOf('.') + 1));
    const source = copy ? copy.source : table;
    const exprs = names.map((n) => copy?.columns.find((c) => lc(c.column) === lc(n))?.expr ?? quoteIdent(n));
    const row = tryGet(db, `SELECT ${exprs.map((e, i) => `${e} AS ${quoteIdent(names[i]!)}`).join(', ')}, count(*) AS copies FROM ${quoteIdent(source)} GROUP BY ${exprs.join(', ')} HAVING count(*) > 1 LIMIT 1`);
    return `table ${table}, column ${names.join(', ')}: UNIQUE fails on existing rows${row ? `, e.g. ${rowText(row)}` : ''} — remove the duplicates first`;
  }
  const check = /CHECK constraint failed: (.+)$/.exec(message);
  if (check && copy) {
    const target = plan.changes.flatMap((c) => (c.kind === 'ModifyTable' && lc(c.name) === lc(copy.source) ? [c.to] : []))[0];
    for (const ck of target?.checks ?? []) {
      const row = tryGet(db, `SELECT rowid AS rowid, * FROM ${quoteIdent(copy.source)} WHERE NOT (${ck.expr}) LIMIT 1`);
      if (row) return `table ${copy.source}: CHECK (${ck.expr}) fails on existing rows, e.g. row ${rowText(row)} — fix those rows or relax the CHECK`;
    }
    return `table ${copy.source}: ${message} — an existing row breaks the CHECK`;
  }
  const strict = /cannot store (\w+) value in (\w+) column ([^.]+)\.(.+)$/.exec(message);
  if (strict) {
    const table = realTable(strict[3]!, plan);
    const column = strict[4]!;
    const expr = copy?.columns.find((c) => lc(c.column) === lc(column))?.expr ?? quoteIdent(column);
    const fits = strictFits(strict[2]!, `(${expr})`);
    const row = copy && fits ? tryGet(db, `SELECT rowid AS rowid, ${expr} AS ${quoteIdent(column)} FROM ${quoteIdent(copy.source)} WHERE NOT (${fits}) LIMIT 1`) : undefined;
    return `table ${table}, column ${column}: a stored ${strict[1]} value does not fit ${strict[2]}${row ? `, e.g. row ${rowText(row)}` : ''} — convert those values first`;
  }
  if (/datatype mismatch/.test(message) && copy) {
    // An INTEGER PRIMARY KEY (the rowid) holds integers only.
    const target = plan.changes.flatMap((c) => (c.kind === 'ModifyTable' && lc(c.name) === lc(copy.source) ? [c.to] : []))[0];
    const key = target?.primaryKey?.columns[0]?.name;
    const expr = key ? copy.columns.find((c) => lc(c.column) === lc(key))?.expr : undefined;
    const row = expr ? tryGet(db, `SELECT rowid AS rowid, ${expr} AS ${quoteIdent(key!)} FROM ${quoteIdent(copy.source)} WHERE typeof(${expr}) NOT IN ('integer', 'null') LIMIT 1`) : undefined;
    return `table ${copy.source}${key ? `, column ${key}` : ''}: an INTEGER PRIMARY KEY holds integers only${row ? `, e.g. row ${rowText(row)}` : ''} — convert those values first`;
  }
  return `${step.table ? `table ${step.table}: ` : ''}${message}`;
}

/** SQL that is true when a value fits a STRICT column of the given type (SQLite converts losslessly where it can). */
function strictFits(type: string, v: string): string | null {
  switch (type.toUpperCase()) {
    case 'INT':
    case 'INTEGER':
      return `${v} IS NULL OR typeof(${v}) = 'integer' OR (typeof(${v}) IN ('real', 'text') AND CAST(${v} AS INTEGER) = ${v})`;
    case 'REAL':
      return `${v} IS NULL OR typeof(${v}) IN ('real', 'integer') OR (typeof(${v}) = 'text' AND CAST(${v} AS REAL) = ${v})`;
    case 'TEXT':
      return `${v} IS NULL OR typeof(${v}) <> 'blob'`;
    case 'BLOB':
      return `${v} IS NULL OR typeof(${v}) = 'blob'`;
    default:
      return null;
  }
}
