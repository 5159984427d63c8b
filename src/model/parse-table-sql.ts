/**
 * Reads the parts of a `CREATE TABLE` statement that PRAGMA does not report: CHECK constraints
 * (with their names), explicit COLLATE per column, generated-column expressions, AUTOINCREMENT and
 * DEFERRABLE on foreign keys. The statement has already been accepted by SQLite, so this reader
 * only has to find clauses, not validate them.
 */
import { tokenize, isKeyword, identifierOf, closingParen, splitTopLevel, textOf, type Token } from './sql-tokens.js';
import type { CheckConstraint, ConflictAction, Deferrable, GeneratedColumn } from './schema-model.js';
import { foldName } from './normalize.js';

export interface ColumnExtras {
  readonly collate: string | null;
  readonly generated: GeneratedColumn | null;
  readonly notNullConflict: ConflictAction | null;
}

export interface UniqueExtras {
  readonly columns: readonly string[];
  readonly onConflict: ConflictAction | null;
}

export interface ForeignKeyExtras {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly deferrable: Deferrable;
}

export interface TableSqlExtras {
  readonly columns: ReadonlyMap<string, ColumnExtras>;
  readonly checks: readonly CheckConstraint[];
  readonly foreignKeys: readonly ForeignKeyExtras[];
  readonly autoincrement: boolean;
  readonly pkConflict: ConflictAction | null;
  /** UNIQUE constraints that carry an ON CONFLICT clause, by column list. */
  readonly uniques: readonly UniqueExtras[];
}

/** Reads `ON CONFLICT <action>` at tokens[i]; ABORT (the default) is null. */
function readConflict(tokens: readonly Token[], i: number): ConflictAction | null {
  if (!isKeyword(tokens[i], 'ON') || !isKeyword(tokens[i + 1], 'CONFLICT') || tokens[i + 2] === undefined) return null;
  const a = tokens[i + 2]!.text.toUpperCase();
  return a === 'ROLLBACK' || a === 'FAIL' || a === 'IGNORE' || a === 'REPLACE' ? a : null;
}

/** The ON CONFLICT clause anywhere in tokens[from, to). */
function conflictIn(tokens: readonly Token[], from: number, to: number): ConflictAction | null {
  for (let i = from; i < to; i++) if (isKeyword(tokens[i], 'ON') && isKeyword(tokens[i + 1], 'CONFLICT')) return readConflict(tokens, i);
  return null;
}

const columnConstraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const tableConstraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

function isName(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'string');
}

function nameOf(t: Token): string {
  return t.kind === 'string' ? t.text.slice(1, -1).replace(/''/g, "'") : identifierOf(t);
}

/** Reads `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]` at tokens[i...]. */
function readDeferrable(tokens: readonly Token[], from: number, to: number): Deferrable {
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (isKeyword(t, 'DEFERRABLE')) {
      if (isKeyword(tokens[i - 1], 'NOT')) return 'NOT DEFERRABLE';
      if (isKeyword(tokens[i + 1], 'INITIALLY') && isKeyword(tokens[i + 2], 'DEFERRED')) return 'DEFERRABLE INITIALLY DEFERRED';
      return 'DEFERRABLE INITIALLY IMMEDIATE';
    }
  }
  return 'NOT DEFERRABLE';
}

/** Where the body `( ... )` of a CREATE TABLE starts: the first top-level `(`. */
export function tableBodyRange(tokens: readonly Token[]): { open: number; close: number } | null {
  const open = tokens.findIndex((t) => t.kind === '(');
  if (open < 0) return null;
  return { open, close: closingParen(tokens, open) };
}

export function parseTableSql(sql: string): TableSqlExtras {
  const tokens = tokenize(sql);
  const body = tableBodyRange(tokens);
  const columns = new Map<string, ColumnExtras>();
  const checks: CheckConstraint[] = [];
  const foreignKeys: ForeignKeyExtras[] = [];
  const autoincrement = tokens.some((t) => isKeyword(t, 'AUTOINCREMENT'));
  const keys: KeyConflicts = { pk: null, uniques: [] };
  if (body === null) return { columns, checks, foreignKeys, autoincrement, pkConflict: null, uniques: [] };
  for (const item of splitTopLevel(tokens, body.open + 1, body.close)) {
    if (item.length === 0) continue;
    const first = item[0]!;
    if (first.kind === 'word' && tableConstraintStarts.has(first.text.toUpperCase())) {
      readTableConstraint(sql, item, checks, foreignKeys, keys);
    } else {
      readColumnDef(sql, item, columns, checks, foreignKeys, keys);
    }
  }
  return { columns, checks, foreignKeys, autoincrement, pkConflict: keys.pk, uniques: keys.uniques };
}

interface KeyConflicts { pk: ConflictAction | null; uniques: UniqueExtras[] }

function readTableConstraint(sql: string, item: Token[], checks: CheckConstraint[], fks: ForeignKeyExtras[], keys: KeyConflicts): void {
  let i = 0;
  let name: string | null = null;
  if (isKeyword(item[0], 'CONSTRAINT') && isName(item[1])) { name = nameOf(item[1]); i = 2; }
  const kw = item[i];
  if (isKeyword(kw, 'CHECK') && item[i + 1]?.kind === '(') {
    const close = closingParen(item, i + 1);
    checks.push({ name, expr: textOf(sql, item, i + 2, close - 1) });
  } else if ((isKeyword(kw, 'PRIMARY') || isKeyword(kw, 'UNIQUE')) && item.some((t) => t.kind === '(')) {
    const open = item.findIndex((t, k) => k > i && t.kind === '(');
    const close = closingParen(item, open);
    const onConflict = conflictIn(item, close + 1, item.length);
    if (isKeyword(kw, 'PRIMARY')) keys.pk = onConflict;
    else if (onConflict !== null) keys.uniques.push({ columns: splitTopLevel(item, open + 1, close).map((p) => nameOf(p[0]!)), onConflict });
  } else if (isKeyword(kw, 'FOREIGN') && item[i + 2]?.kind === '(') {
    const close = closingParen(item, i + 2);
    const cols = splitTopLevel(item, i + 3, close).map((p) => nameOf(p[0]!));
    const ref = item.findIndex((t, k) => k > close && isKeyword(t, 'REFERENCES'));
    if (ref >= 0 && isName(item[ref + 1])) {
      fks.push({ columns: cols, refTable: nameOf(item[ref + 1]!), deferrable: readDeferrable(item, ref + 2, item.length) });
    }
  }
}

function readColumnDef(sql: string, item: Token[], columns: Map<string, ColumnExtras>, checks: CheckConstraint[], fks: ForeignKeyExtras[], keys: KeyConflicts): void {
  const colName = nameOf(item[0]!);
  let collate: string | null = null;
  let notNullConflict: ConflictAction | null = null;
  let generated: GeneratedColumn | null = null;
  let pendingName: string | null = null;
  let i = 1;
  // Skip the declared type (words and a parenthesised size) up to the first constraint keyword.
  while (i < item.length && !(item[i]!.kind === 'word' && columnConstraintStarts.has(item[i]!.text.toUpperCase()))) {
    if (item[i]!.kind === '(') i = closingParen(item, i);
    i++;
  }
  while (i < item.length) {
    const t = item[i]!;
    const kw = t.kind === 'word' ? t.text.toUpperCase() : '';
    if (kw === 'CONSTRAINT' && isName(item[i + 1])) { pendingName = nameOf(item[i + 1]!); i += 2; continue; }
    if (kw === 'CHECK' && item[i + 1]?.kind === '(') {
      const close = closingParen(item, i + 1);
      checks.push({ name: pendingName, expr: textOf(sql, item, i + 2, close - 1) });
      pendingName = null;
      i = close + 1;
      continue;
    }
    if (kw === 'COLLATE' && isName(item[i + 1])) { collate = nameOf(item[i + 1]!).toUpperCase(); i += 2; pendingName = null; continue; }
    if ((kw === 'GENERATED' || kw === 'AS') && (kw === 'AS' || isKeyword(item[i + 3], 'AS'))) {
      const open = kw === 'AS' ? i + 1 : i + 4;
      if (item[open]?.kind === '(') {
        const close = closingParen(item, open);
        const stored = isKeyword(item[close + 1], 'STORED');
        generated = { expr: textOf(sql, item, open + 1, close - 1), stored };
        i = close + 1;
        pendingName = null;
        continue;
      }
    }
    if (kw === 'PRIMARY' || kw === 'UNIQUE' || (kw === 'NOT' && isKeyword(item[i + 1], 'NULL'))) {
      // The clause's ON CONFLICT, if any, comes before the next constraint keyword.
      let end = i + (kw === 'UNIQUE' ? 1 : 2);
      while (end < item.length && !(item[end]!.kind === 'word' && columnConstraintStarts.has(item[end]!.text.toUpperCase()) && !isKeyword(item[end - 1], 'ON'))) end++;
      const onConflict = conflictIn(item, i + 1, end);
      if (kw === 'PRIMARY') keys.pk = onConflict;
      else if (kw === 'UNIQUE') { if (onConflict !== null) keys.uniques.push({ columns: [colName], onConflict }); }
      else notNullConflict = onConflict;
      i = end;
      pendingName = null;
      continue;
    }
    if (kw === 'DEFAULT') {
      i++;
      if (item[i]?.kind === '(') i = closingParen(item, i) + 1;
      else if (item[i]?.kind === 'op') i += 2;
      else i++;
      pendingName = null;
      continue;
    }
    if (kw === 'REFERENCES' && isName(item[i + 1])) {
      let end = i + 2;
      while (end < item.length && !(item[end]!.kind === 'word' && columnConstraintStarts.has(item[end]!.text.toUpperCase()) && !isKeyword(item[end], 'NOT'))) end++;
      fks.push({ columns: [colName], refTable: nameOf(item[i + 1]!), deferrable: readDeferrable(item, i + 2, end) });
      i = end;
      pendingName = null;
      continue;
    }
    if (t.kind === '(') { i = closingParen(item, i) + 1; continue; }
    i++;
  }
  columns.set(foldName(colName), { collate, generated, notNullConflict });
}
