/** Errors a user can act on carry a stable code, a message, and a hint of what to do next. */
export type ErrorCode =
  | 'LITEFORM_SCHEMA_INVALID'
  | 'LITEFORM_SQL_ERROR'
  | 'LITEFORM_FILE_NOT_FOUND'
  | 'LITEFORM_DB_OPEN'
  | 'LITEFORM_DB_LOCKED'
  | 'LITEFORM_DESTRUCTIVE'
  | 'LITEFORM_DATA'
  | 'LITEFORM_FOREIGN_KEY'
  | 'LITEFORM_VERIFY'
  | 'LITEFORM_USAGE'
  | 'LITEFORM_CONFIG'
  | 'LITEFORM_SUM_MISMATCH'
  | 'LITEFORM_CHECKSUM_MISMATCH'
  | 'LITEFORM_DB_AHEAD'
  | 'LITEFORM_HISTORY_MISMATCH'
  | 'LITEFORM_MIGRATION_FAILED'
  | 'LITEFORM_UNSAFE_STATEMENT'
  | 'LITEFORM_DRIFT'
  | 'LITEFORM_ENGINE_UNREACHABLE'
  | 'LITEFORM_AUTH'
  | 'LITEFORM_ENGINE_UNSUPPORTED';

export class LiteformError extends Error {
  override readonly name = 'LiteformError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isLiteformError(e: unknown): e is LiteformError {
  return e instanceof LiteformError;
}
