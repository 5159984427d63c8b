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

const columnConstraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS', 'DEFERRABLE']);
const tableConstraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

function isName(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'string');
}

function nameOf(t: Token): string {
  return t.kind === 'string' ? t.text.slice(1, -1).replace(/''/g, "'") : identifierOf(t);
}

/**
 * Reads a `defer_subclause` at tokens[i]: `[NOT] DEFERRABLE [INITIALLY DEFERRED|INITIALLY IMMEDIATE]`.
 * SQLite keeps one flag per foreign key (checked at COMMIT or at each statement), so the clause is
 * normalised to what it does: only `DEFERRABLE INITIALLY DEFERRED` defers; `DEFERRABLE`,
 * `DEFERRABLE INITIALLY IMMEDIATE` and `NOT DEFERRABLE [INITIALLY …]` all check at each statement,
 * exactly like no clause (PRAGMA defer_foreign_keys defers every foreign key alike).
 * Returns null when there is no such clause at i.
 */
function readDeferSubclause(tokens: readonly Token[], i: number): { deferrable: Deferrable; end: number } | null {
  let k = i;
  const not = isKeyword(tokens[k], 'NOT');
  if (not) k++;
  if (!isKeyword(tokens[k], 'DEFERRABLE')) return null;
  k++;
  let deferred = false;
  if (isKeyword(tokens[k], 'INITIALLY') && (isKeyword(tokens[k + 1], 'DEFERRED') || isKeyword(tokens[k + 1], 'IMMEDIATE'))) {
    deferred = isKeyword(tokens[k + 1], 'DEFERRED');
    k += 2;
  }
  return { deferrable: deferred && !not ? 'DEFERRABLE INITIALLY DEFERRED' : 'NOT DEFERRABLE', end: k };
}

/**
 * Reads a foreign-key clause at tokens[i] (`REFERENCES`): the parent table, its optional column
 * list and the `ON DELETE|UPDATE|INSERT <action>` / `MATCH <name>` arguments in any order, then an
 * optional defer clause. Returns null when tokens[i] does not start one.
 */
function readReferences(tokens: readonly Token[], i: number, to: number): { refTable: string; deferrable: Deferrable; end: number } | null {
  if (!isKeyword(tokens[i], 'REFERENCES') || !isName(tokens[i + 1])) return null;
  const refTable = nameOf(tokens[i + 1]!);
  let k = i + 2;
  if (tokens[k]?.kind === '(') k = closingParen(tokens, k) + 1;
  for (;;) {
    if (isKeyword(tokens[k], 'MATCH') && k + 1 < to) { k += 2; continue; }
    if (isKeyword(tokens[k], 'ON') && (isKeyword(tokens[k + 1], 'DELETE') || isKeyword(tokens[k + 1], 'UPDATE') || isKeyword(tokens[k + 1], 'INSERT'))) {
      k += 2;
      // SET NULL | SET DEFAULT | NO ACTION are two words; CASCADE | RESTRICT one.
      k += isKeyword(tokens[k], 'SET') || isKeyword(tokens[k], 'NO') ? 2 : 1;
      continue;
    }
    break;
  }
  const defer = readDeferSubclause(tokens, k);
  return { refTable, deferrable: defer?.deferrable ?? 'NOT DEFERRABLE', end: Math.min(defer?.end ?? k, to) };
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
    const ref = readReferences(item, close + 1, item.length);
    if (ref !== null) fks.push({ columns: cols, refTable: ref.refTable, deferrable: ref.deferrable });
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
    const ref = kw === 'REFERENCES' ? readReferences(item, i, item.length) : null;
    if (ref !== null) {
      fks.push({ columns: [colName], refTable: ref.refTable, deferrable: ref.deferrable });
      i = ref.end;
      pendingName = null;
      continue;
    }
    // A defer clause is a column constraint of its own in SQLite's grammar: it sets the most recently
    // declared foreign key of the table (sqlite3DeferForeignKey), which may belong to an earlier column.
    const defer = kw === 'NOT' || kw === 'DEFERRABLE' ? readDeferSubclause(item, i) : null;
    if (defer !== null) {
      const last = fks[fks.length - 1];
      if (last !== undefined) fks[fks.length - 1] = { ...last, deferrable: defer.deferrable };
      i = defer.end;
      pendingName = null;
      continue;
    }
    if (t.kind === '(') { i = closingParen(item, i) + 1; continue; }
    i++;
  }
  columns.set(foldName(colName), { collate, generated, notNullConflict });
}
