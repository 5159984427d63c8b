/** Engine errors mapped to liteform's codes, with every secret removed from the text. */
import { LiteformError, isLiteformError, type ErrorCode } from '../../errors.js';

export interface EngineErrorContext {
  /** The engine's display target (`file /x.db`, `libsql http://host:8080`, `d1 <id>`). */
  readonly target: string;
  /** Strings that must never appear in a message (auth tokens). */
  readonly secrets: readonly string[];
  /** The statement that failed, if known (its first line is named in the message). */
  readonly statement?: string;
  /** Index of the failing statement in a unit. */
  readonly index?: number;
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('[redacted]');
  // A token may also reach a message inside a URL the caller gave us.
  return out.replace(/([?&](?:authToken|auth_token|token)=)[^&\s]+/gi, '$1[redacted]');
}

/** Best-effort text of anything thrown, including `cause` chains (D1 and libSQL wrap the SQLite message). */
function textOf(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const head = typeof code === 'string' && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
    const cause = e.cause instanceof Error && !head.includes(e.cause.message) ? ` (${textOf(e.cause)})` : '';
    return head + cause;
  }
  return String(e);
}

/** Which liteform code an engine error text means. Order matters: the most specific first. */
export function classify(text: string): ErrorCode {
  if (/SQLITE_BUSY|database is locked|SQLITE_LOCKED/i.test(text)) return 'LITEFORM_DB_LOCKED';
  if (/HTTP status 40[13]\b|\bUNAUTHORIZED\b|\b401 Unauthorized\b/.test(text)) return 'LITEFORM_AUTH';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|fetch failed|socket hang up|connect ETIMEDOUT|HRANA_WEBSOCKET_ERROR|SERVER_ERROR.*\b5\d\d\b/i.test(text)) return 'LITEFORM_ENGINE_UNREACHABLE';
  if (/not authorized|SQLITE_AUTH|SQLITE_TOOBIG|statement too long|state\.storage\.transaction|cannot VACUUM|too big/i.test(text)) return 'LITEFORM_ENGINE_UNSUPPORTED';
  if (/FOREIGN KEY constraint failed/i.test(text)) return 'LITEFORM_FOREIGN_KEY';
  return 'LITEFORM_SQL_ERROR';
}

const hints: Partial<Record<ErrorCode, string>> = {
  LITEFORM_DB_LOCKED: 'another writer holds the database; retry when it is done',
  LITEFORM_AUTH: 'check the auth token (--auth-token or LITEFORM_AUTH_TOKEN) and that it may write to this database',
  LITEFORM_ENGINE_UNREACHABLE: 'check the URL and that the server is running and reachable',
  LITEFORM_ENGINE_UNSUPPORTED: 'this engine forbids the statement; see docs/engines.md for what each engine cannot do',
  LITEFORM_FOREIGN_KEY: 'a row refers to a missing parent; run PRAGMA foreign_key_check to see which',
  LITEFORM_SQL_ERROR: 'the statement named in the message failed; nothing of the unit was applied',
  LITEFORM_DB_OPEN: 'check the database location and permissions',
};

/** A LiteformError for anything an engine threw; LiteformErrors pass through. No `cause` is kept: it may hold a token. */
export function engineError(e: unknown, ctx: EngineErrorContext, forced?: ErrorCode): LiteformError {
  if (isLiteformError(e)) return e;
  const raw = textOf(e);
  const code = forced ?? classify(raw);
  const where = ctx.index !== undefined ? ` (statement ${ctx.index + 1}${ctx.statement ? `: ${firstLine(ctx.statement)}` : ''})`
    : ctx.statement ? ` (${firstLine(ctx.statement)})` : '';
  const err = new LiteformError(code, scrub(`${ctx.target}: ${raw}${where}`, ctx.secrets), hints[code]);
  // The stack repeats the message; keep it free of secrets too and free of the driver's frames.
  err.stack = `LiteformError: ${err.message}`;
  return err;
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/**
 * The libsql and d1 drivers are optional peer dependencies (a project using only files installs neither):
 * a missing one is a usage error that says what to install.
 */
export async function importOptional<T>(pkg: string, target: string): Promise<T> {
  try {
    return (await import(pkg)) as T;
  } catch (e) {
    const missing = (e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
    const err = new LiteformError(missing ? 'LITEFORM_USAGE' : 'LITEFORM_DB_OPEN',
      missing ? `${target}: this engine needs the package ${pkg}, which is not installed` : `${target}: cannot load ${pkg}: ${(e as Error).message}`,
      missing ? `npm install ${pkg}` : 'reinstall the package');
    err.stack = `LiteformError: ${err.message}`;
    throw err;
  }
}
