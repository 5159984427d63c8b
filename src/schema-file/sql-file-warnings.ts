/**
 * What a `.sql` desired state may hold that SQLite accepts but that cannot work: a foreign key to a
 * table the file does not create, or to parent columns that are not a key (SQLite says "foreign key
 * mismatch" only when a row is written), and a view over a missing table (CREATE VIEW does not look).
 * The YAML loader refuses all three; here they are warnings, because a database can legitimately hold
 * them (a parent created later, a view kept for an old client) and refusing would lock users out.
 * Each names the file, line and column of the clause or name at fault.
 */
import type { ForeignKey, SchemaModel, SchemaWarning, Table } from '../model/schema-model.js';
import type { SqlStatement } from '../model/split-statements.js';
import { identifierOf, isKeyword, splitTopLevel, closingParen, type Token } from '../model/sql-tokens.js';
import { tableBodyRange } from '../model/parse-table-sql.js';
import { foldName } from '../model/normalize.js';
import { viewsReadingMissingTables } from '../db/view-tables.js';

const isName = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'string');
const nameOf = (t: Token): string => (t.kind === 'string' ? t.text.slice(1, -1).replace(/''/g, "'") : identifierOf(t));

/** `CREATE [TEMP] TABLE|VIEW [IF NOT EXISTS] [schema.]name`: the kind and the name, or null. */
export function createdObject(code: readonly Token[]): { kind: 'table' | 'view'; name: string } | null {
  if (!isKeyword(code[0], 'CREATE')) return null;
  let i = 1;
  if (isKeyword(code[i], 'TEMP') || isKeyword(code[i], 'TEMPORARY')) i++;
  const kind = isKeyword(code[i], 'TABLE') ? 'table' : isKeyword(code[i], 'VIEW') ? 'view' : null;
  if (kind === null) return null;
  i++;
  if (isKeyword(code[i], 'IF') && isKeyword(code[i + 1], 'NOT') && isKeyword(code[i + 2], 'EXISTS')) i += 3;
  if (code[i + 1]?.kind === 'op' && code[i + 1]!.text === '.') i += 2;
  return isName(code[i]) ? { kind, name: nameOf(code[i]!) } : null;
}

interface Located { readonly statement: SqlStatement; readonly code: readonly Token[] }

function statementsByObject(statements: readonly SqlStatement[]): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const statement of statements) {
    const code = statement.tokens.filter((t) => t.kind !== 'comment');
    const created = createdObject(code);
    if (created !== null && !out.has(`${created.kind}:${foldName(created.name)}`)) out.set(`${created.kind}:${foldName(created.name)}`, { statement, code });
  }
  return out;
}

/** The REFERENCES token of the clause declaring `fk` in its CREATE TABLE, or null. */
function referencesToken(code: readonly Token[], fk: ForeignKey): Token | null {
  const body = tableBodyRange(code);
  if (body === null) return null;
  const want = foldName(fk.columns.join('\0'));
  for (const item of splitTopLevel(code, body.open + 1, body.close)) {
    let columns: string[] = [];
    const foreign = item.findIndex((t) => isKeyword(t, 'FOREIGN'));
    if (foreign >= 0 && item[foreign + 2]?.kind === '(') {
      columns = splitTopLevel(item, foreign + 3, closingParen(item, foreign + 2)).map((p) => (p[0] ? nameOf(p[0]) : ''));
    } else if (item[0] !== undefined && isName(item[0])) {
      columns = [nameOf(item[0])];
    }
    if (foldName(columns.join('\0')) !== want) continue;
    const ref = item.find((t, k) => isKeyword(t, 'REFERENCES') && isName(item[k + 1]) && foldName(nameOf(item[k + 1]!)) === foldName(fk.refTable));
    if (ref !== undefined) return ref;
  }
  return null;
}

/** Why the parent columns of `fk` are not a key SQLite can use, or null when they are (sqlite3FkLocateIndex's rule). */
function keyProblem(fk: ForeignKey, parent: Table): string | null {
  // The common case first: one column referencing the rowid alias or a one-column primary key.
  const pk = parent.primaryKey?.columns;
  if (pk !== undefined && pk.length === 1 && fk.refColumns.length === 1 && fk.columns.length === 1
    && pk[0]!.collate === null && foldName(pk[0]!.name) === foldName(fk.refColumns[0]!)) return null;
  if (fk.refColumns.length === 0) return `${parent.name} has no primary key for it to reference (name the parent columns, or give ${parent.name} a PRIMARY KEY)`;
  const columns = new Map(parent.columns.map((c) => [foldName(c.name), c]));
  const missing = fk.refColumns.filter((c) => !columns.has(foldName(c)));
  if (missing.length > 0) return `${parent.name} has no column ${missing.join(', ')}`;
  if (fk.refColumns.length !== fk.columns.length) return `${fk.columns.length} column(s) reference ${fk.refColumns.length}`;
  const want = new Set(fk.refColumns.map(foldName));
  const sameSet = (names: readonly string[]): boolean => names.length === want.size && names.every((n) => want.has(foldName(n)));
  const sameCollation = (name: string, collate: string | null): boolean =>
    collate === null || collate.toUpperCase() === (columns.get(foldName(name))?.collate ?? 'BINARY');
  const keys = [
    ...(parent.primaryKey ? [parent.primaryKey.columns] : []),
    ...parent.uniques.map((u) => u.columns),
  ];
  if (keys.some((k) => sameSet(k.map((c) => c.name)) && k.every((c) => sameCollation(c.name, c.collate)))) return null;
  const uniqueIndex = parent.indexes.some((i) => i.unique && i.where === null && i.parts.every((p) => p.kind === 'column')
    && sameSet(i.parts.map((p) => (p.kind === 'column' ? p.name : '')))
    && i.parts.every((p) => p.kind === 'column' && sameCollation(p.name, p.collate)));
  if (uniqueIndex) return null;
  return `(${fk.refColumns.join(', ')}) is not the primary key or a UNIQUE constraint/index of ${parent.name}`;
}

export function sqlFileWarnings(file: string, statements: readonly SqlStatement[], model: SchemaModel): SchemaWarning[] {
  const out: SchemaWarning[] = [];
  // Positions are looked up only for what is warned about: most schemas draw no warning at all.
  let byObject: Map<string, Located> | null = null;
  const objectOf = (key: string): Located | undefined => (byObject ??= statementsByObject(statements)).get(key);
  const tables = new Map(model.tables.map((t) => [foldName(t.name), t]));
  const notTables = new Map([
    ...model.views.map((v) => [foldName(v.name), 'a view'] as const),
    ...model.virtualTables.map((v) => [foldName(v.name), 'a virtual table'] as const),
  ]);
  const warn = (code: string, table: string, at: { line: number; col: number }, message: string, column?: string): void => {
    out.push({ code, table, ...(column !== undefined ? { column } : {}), message: `${file}:${at.line}:${at.col}: ${message}`, file, line: at.line, col: at.col });
  };
  for (const t of model.tables) {
    const at = (fk: ForeignKey): { line: number; col: number } => {
      const located = objectOf(`table:${foldName(t.name)}`);
      return (located && referencesToken(located.code, fk)) ?? located?.statement ?? { line: 1, col: 1 };
    };
    for (const fk of t.foreignKeys) {
      const what = `foreign key ${t.name}(${fk.columns.join(', ')}) → ${fk.refTable}`;
      const parent = tables.get(foldName(fk.refTable));
      if (parent === undefined) {
        const other = notTables.get(foldName(fk.refTable));
        warn('LF401', t.name, at(fk), `${what}: ${other === undefined ? `no table ${fk.refTable} in this schema` : `${fk.refTable} is ${other}, not a table`}; SQLite accepts it, but writing a row with a non-NULL ${fk.columns.join(', ')} fails while foreign keys are on`, fk.columns.join(', '));
        continue;
      }
      const problem = keyProblem(fk, parent);
      if (problem !== null) {
        warn('LF402', t.name, at(fk), `${what}${fk.refColumns.length > 0 ? `(${fk.refColumns.join(', ')})` : ''}: ${problem}; SQLite accepts it, but reports "foreign key mismatch" when a row of either table is written`, fk.columns.join(', '));
      }
    }
  }
  for (const { view, table } of viewsReadingMissingTables(model)) {
    const located = objectOf(`view:${foldName(view)}`);
    const naming = located?.code.find((t, i) => i > 2 && (t.kind === 'word' || t.kind === 'quoted') && foldName(identifierOf(t)) === foldName(table.replace(/^[^.]*\./, '')));
    warn('LF403', view, naming ?? located?.statement ?? { line: 1, col: 1 }, `view ${view} reads table ${table}, which this schema does not create; SQLite accepts the view, but selecting from it fails`);
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}
