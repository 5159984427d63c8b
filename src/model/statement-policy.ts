/**
 * Which statements liteform lets run, decided from a statement's tokens before SQLite sees it.
 *
 * Desired-state `.sql` files and migration files are executed in scratch databases while planning,
 * replaying and linting, and migration files against the target on apply. SQLite can reach other
 * files from SQL (ATTACH with any path or URI, VACUUM INTO, load_extension(), PRAGMAs that move
 * temporary or journal files), so the rule is an allow-list, not a deny-list: a desired state holds
 * schema only; a migration holds schema and data statements on the target, and nothing that opens,
 * creates, reads or writes another file, or takes the transaction out of liteform's hands.
 *
 * Each statement is also compiled on its own (better-sqlite3 refuses a string holding more than one
 * statement), so the head read here is the head of everything that runs.
 */
import { identifierOf, isKeyword, type Token } from './sql-tokens.js';

export type StatementPolicy = 'desired-state' | 'migration';

/** PRAGMAs a migration may use: reads, and settings of the target that touch no other file. */
const migrationPragmas = new Set([
  'analysis_limit', 'application_id', 'busy_timeout', 'cache_size', 'case_sensitive_like', 'collation_list',
  'compile_options', 'data_version', 'database_list', 'defer_foreign_keys', 'encoding', 'foreign_key_check',
  'foreign_key_list', 'foreign_keys', 'freelist_count', 'function_list', 'index_info', 'index_list',
  'index_xinfo', 'integrity_check', 'legacy_alter_table', 'module_list', 'optimize', 'page_count', 'page_size', 'pragma_list',
  'quick_check', 'recursive_triggers', 'table_info', 'table_list', 'table_xinfo', 'user_version',
]);

/** Functions that reach the file system: SQLite's own load_extension, and the shell's file functions some builds register. */
const fileFunctions = new Set(['load_extension', 'readfile', 'writefile', 'edit', 'fsdir', 'lsdir']);

/** Statement heads allowed in a migration (after an optional EXPLAIN [QUERY PLAN]). */
const migrationHeads = new Set(['CREATE', 'DROP', 'ALTER', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'SELECT', 'VALUES', 'WITH', 'ANALYZE', 'REINDEX', 'PRAGMA']);

const transactionHeads = new Set(['BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

const word = (t: Token | undefined): string => (t !== undefined && t.kind === 'word' ? t.text.toUpperCase() : '');

/** A short name for the statement, for messages: `ATTACH`, `PRAGMA journal_mode`, `CREATE TEMP TABLE`. */
export function statementHead(code: readonly Token[]): string {
  const parts: string[] = [];
  for (const t of code.slice(0, 4)) {
    if (t.kind !== 'word') break;
    parts.push(t.text.toUpperCase());
  }
  return parts.join(' ') || (code[0]?.text ?? '(empty)');
}

/** Why the statement may not run under the policy, or null when it may. `code` holds the statement's tokens without comments. */
export function statementProblem(code: readonly Token[], policy: StatementPolicy): string | null {
  if (code.length === 0) return null;
  for (let i = 0; i + 1 < code.length; i++) {
    const t = code[i]!;
    if ((t.kind === 'word' || t.kind === 'quoted') && code[i + 1]!.kind === '(' && fileFunctions.has(identifierOf(t).toLowerCase())) {
      return `${identifierOf(t)}() reaches the file system and is not allowed`;
    }
  }
  switch (policy) {
    case 'desired-state':
      return desiredStateProblem(code);
    case 'migration':
      return migrationProblem(code);
  }
}

/**
 * PRAGMAs a desired-state file may carry because schema files written for sqlite3 often start with
 * them: they set how the scratch connection enforces keys, and change no schema and no file.
 */
const desiredStatePragmas = new Set(['foreign_keys', 'defer_foreign_keys', 'recursive_triggers']);

/** A desired state is CREATE TABLE / INDEX / VIEW / TRIGGER / VIRTUAL TABLE, nothing else (but a few inert PRAGMAs). */
function desiredStateProblem(code: readonly Token[]): string | null {
  const head = statementHead(code);
  if (isKeyword(code[0], 'PRAGMA') && schemaPrefix(code, 1) === null && code[1] !== undefined && desiredStatePragmas.has(identifierOf(code[1]).toLowerCase())) {
    return null;
  }
  if (!isKeyword(code[0], 'CREATE')) {
    return `${head} is not allowed in a desired-state file: it holds schema only (CREATE TABLE, INDEX, VIEW, TRIGGER, VIRTUAL TABLE)`;
  }
  let i = 1;
  if (isKeyword(code[i], 'TEMP') || isKeyword(code[i], 'TEMPORARY')) {
    return `${head}: temporary objects are not part of a database's schema`;
  }
  if (isKeyword(code[i], 'UNIQUE')) i++;
  else if (isKeyword(code[i], 'VIRTUAL')) i++;
  const what = word(code[i]);
  if (what === 'TABLE' || what === 'INDEX' || what === 'VIEW' || what === 'TRIGGER') return qualifiedProblem(code, i + 1, head, ['main']);
  return `${head} is not allowed in a desired-state file: it holds schema only (CREATE TABLE, INDEX, VIEW, TRIGGER, VIRTUAL TABLE)`;
}

/** `CREATE … other.name`: a schema other than main (or temp, where allowed) names an attached database. */
function qualifiedProblem(code: readonly Token[], from: number, head: string, allowed: readonly string[]): string | null {
  let i = from;
  if (isKeyword(code[i], 'IF') && isKeyword(code[i + 1], 'NOT') && isKeyword(code[i + 2], 'EXISTS')) i += 3;
  const schema = schemaPrefix(code, i);
  if (schema !== null && !allowed.includes(schema)) return `${head} names the schema "${schema}": only the target database ("main") may be changed`;
  return null;
}

/** The lower-cased schema of a `schema.name` starting at token i, or null when the name is not qualified. */
function schemaPrefix(code: readonly Token[], i: number): string | null {
  const next = code[i + 1];
  if (next?.kind !== 'op' || next.text !== '.' || code[i] === undefined) return null;
  return identifierOf(code[i]!).toLowerCase();
}

function migrationProblem(code: readonly Token[]): string | null {
  let start = 0;
  if (isKeyword(code[0], 'EXPLAIN')) {
    start = isKeyword(code[1], 'QUERY') && isKeyword(code[2], 'PLAN') ? 3 : 1;
  }
  const rest = code.slice(start);
  const head = word(rest[0]);
  if (transactionHeads.has(head)) {
    return `transaction control (${head}) is not allowed in a migration file: liteform runs each file in its own transaction`;
  }
  if (head === 'ATTACH' || head === 'DETACH') return `${head} opens or closes another database file and is not allowed in a migration file`;
  if (head === 'VACUUM') return 'VACUUM is not allowed in a migration file: it cannot run inside the migration\'s transaction (and VACUUM INTO writes another file)';
  if (!migrationHeads.has(head)) return `${statementHead(rest)} is not allowed in a migration file`;
  if (head === 'PRAGMA') return pragmaProblem(rest);
  if (head === 'CREATE') {
    let i = 1;
    if (isKeyword(rest[i], 'TEMP') || isKeyword(rest[i], 'TEMPORARY')) i++;
    if (isKeyword(rest[i], 'UNIQUE') || isKeyword(rest[i], 'VIRTUAL')) i++;
    return qualifiedProblem(rest, i + 1, statementHead(rest), ['main', 'temp']);
  }
  return null;
}

function pragmaProblem(code: readonly Token[]): string | null {
  let i = 1;
  const schema = schemaPrefix(code, i) ?? 'main';
  if (schemaPrefix(code, i) !== null) i += 2;
  const name = code[i] ? identifierOf(code[i]!).toLowerCase() : '';
  if (schema !== 'main' && schema !== 'temp') return `PRAGMA ${schema}.${name} names another database: only the target database may be changed`;
  if (!migrationPragmas.has(name)) {
    return `PRAGMA ${name} is not allowed in a migration file (it changes how or where SQLite stores files, or is not known to be safe)`;
  }
  return null;
}
