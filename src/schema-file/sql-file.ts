/**
 * A desired state written as CREATE statements. SQLite parses it (in a scratch in-memory database);
 * liteform only reads the rename hints, written as `-- @renamed from=old_name` on the renamed
 * table's or column's line (sqldef's convention).
 */
import type { DesiredState, RenameHints } from '../model/schema-model.js';
import { splitStatements, type SqlStatement } from '../model/split-statements.js';
import { isKeyword, identifierOf, splitTopLevel, type Token } from '../model/sql-tokens.js';
import { tableBodyRange } from '../model/parse-table-sql.js';
import { modelFromStatements, StatementError, StatementRefused, type TableCache } from '../db/scratch.js';
import { LiteformError } from '../errors.js';
import { foldName } from '../model/normalize.js';
import { readSchemaFile } from './read-schema-file.js';
import { sqlFileWarnings } from './sql-file-warnings.js';
import { unknownFunctionHint } from '../db/app-functions.js';

const renameHint = /@renamed\s+from\s*=\s*("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s]+)/i;
/** `-- @backfill <expr>`: the rest of the comment (a block comment's closing `*\/` left out). */
const backfillHint = /@backfill\s+([\s\S]*?)\s*(?:\*\/)?\s*$/i;

function unquoteHint(raw: string): string {
  if (raw.startsWith('"')) return raw.slice(1, -1).replace(/""/g, '"');
  if (raw.startsWith('`') || raw.startsWith('[')) return raw.slice(1, -1);
  return raw;
}

/** The table a CREATE TABLE statement creates, or null for any other statement. */
function createdTable(code: readonly Token[]): { name: string; nameIndex: number } | null {
  if (!isKeyword(code[0], 'CREATE')) return null;
  let i = 1;
  if (isKeyword(code[i], 'TEMP') || isKeyword(code[i], 'TEMPORARY')) i++;
  if (!isKeyword(code[i], 'TABLE')) return null;
  i++;
  if (isKeyword(code[i], 'IF') && isKeyword(code[i + 1], 'NOT') && isKeyword(code[i + 2], 'EXISTS')) i += 3;
  if (code[i + 1]?.kind === 'op' && code[i + 1]!.text === '.') i += 2;
  const t = code[i];
  return t ? { name: identifierOf(t), nameIndex: i } : null;
}

const tableConstraintWords = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** True for a column definition among a CREATE TABLE's items (a table constraint starts with its keyword, unquoted). */
function isColumnDefinition(item: readonly Token[]): boolean {
  const first = item[0];
  return first !== undefined && (first.kind === 'quoted' || (first.kind === 'word' && !tableConstraintWords.has(first.text.toUpperCase())));
}

export function renameHintsOf(statements: readonly SqlStatement[]): RenameHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  const backfills = new Map<string, string>();
  for (const st of statements) {
    if (!st.tokens.some((t) => t.kind === 'comment' && (renameHint.test(t.text) || backfillHint.test(t.text)))) continue;
    const code = st.tokens.filter((t) => t.kind !== 'comment');
    const created = createdTable(code);
    if (!created) continue;
    const body = tableBodyRange(code);
    const headerLines = new Set(code.slice(0, (body?.open ?? created.nameIndex) + 1).map((t) => t.line));
    const items = body ? splitTopLevel(code, body.open + 1, body.close) : [];
    for (const c of st.tokens) {
      if (c.kind !== 'comment') continue;
      // Of the items starting on the hint's line, the last column: SQLite's ADD COLUMN writes `, a INT, b TEXT);`
      // on one line, and a hint after its `);` belongs to b, as on a one-line CREATE TABLE.
      const starting = items.filter((it) => it[0]?.line === c.line);
      const item = starting.filter(isColumnDefinition).at(-1) ?? starting[0] ?? items.find((it) => it.some((t) => t.line === c.line));
      const backfill = backfillHint.exec(c.text);
      if (backfill && backfill[1] !== '' && item && item[0] && !headerLines.has(c.line)) {
        backfills.set(foldName(`${created.name}.${identifierOf(item[0])}`), backfill[1]!);
      }
      const m = renameHint.exec(c.text);
      if (!m) continue;
      const from = unquoteHint(m[1]!);
      // A hint counts on the line of what it renames: the CREATE TABLE header, or a column definition.
      if (item && item[0] && !headerLines.has(c.line)) {
        columns.set(foldName(`${created.name}.${identifierOf(item[0])}`), from);
      } else if (headerLines.has(c.line)) {
        tables.set(foldName(created.name), from);
        // A CREATE TABLE on one line: the hint may rename the table or the last column on the line. Both
        // are recorded; the diff uses the one that applies (an old table, or an old column, of that name).
        const last = items.filter((it) => it.at(-1)?.line === c.line && isColumnDefinition(it)).at(-1);
        if (last?.[0]) columns.set(foldName(`${created.name}.${identifierOf(last[0])}`), from);
      }
    }
  }
  return backfills.size > 0 ? { tables, columns, backfills } : { tables, columns };
}

export function loadSqlSchemaText(text: string, file: string, tables?: TableCache): DesiredState {
  const statements = splitStatements(text);
  try {
    const model = modelFromStatements(statements.map((s) => s.sql), statements.map((s) => s.tokens), tables);
    return { model, hints: renameHintsOf(statements), source: file, warnings: sqlFileWarnings(file, statements, model) };
  } catch (e) {
    if (e instanceof StatementError) {
      const st = statements[e.index]!;
      const head = st.sql.split('\n')[0]!.slice(0, 80);
      if (e instanceof StatementRefused) {
        throw new LiteformError('LITEFORM_SCHEMA_INVALID', `${file}:${st.line}:${st.col}: statement ${e.index + 1} (${head}${head.length < st.sql.length ? ' …' : ''}): ${e.sqliteMessage}`, 'a desired-state .sql file holds CREATE statements only; nothing in it was run');
      }
      throw new LiteformError(
        'LITEFORM_SQL_ERROR',
        `${file}:${st.line}:${st.col}: statement ${e.index + 1} (${head}${head.length < st.sql.length ? ' …' : ''}): ${e.sqliteMessage}`,
        unknownFunctionHint(e.sqliteMessage) ?? 'fix the statement; the desired-state SQL file is executed by SQLite as written',
      );
    }
    throw e;
  }
}

export function loadSqlSchemaFile(file: string, tables?: TableCache): DesiredState {
  return loadSqlSchemaText(readSchemaFile(file), file, tables);
}
