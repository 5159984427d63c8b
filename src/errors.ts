/** Errors a user can act on carry a stable code, a message, and a hint of what to do next. */
export type ErrorCode =
  | 'LITEFORM_SCHEMA_INVALID'
  | 'LITEFORM_SQL_ERROR'
  | 'LITEFORM_FILE_NOT_FOUND'
  | 'LITEFORM_DB_OPEN'
  | 'LITEFORM_DB_LOCKED'
  | 'LITEFORM_DB_READ_ONLY'
  | 'LITEFORM_DB_CORRUPT'
  | 'LITEFORM_DISK_FULL'
  | 'LITEFORM_IO'
  | 'LITEFORM_HISTORY_TABLE'
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
  | 'LITEFORM_ENGINE_UNSUPPORTED'
  /** Two branches added the same migration version (issue 11). */
  | 'LITEFORM_VERSION_CONFLICT'
  /** `plan --rebase` cannot renumber safely: both sides changed the same object, or the base is missing here. */
  | 'LITEFORM_REBASE_CONFLICT'
  /** A git command (`--since REF`) failed: unknown ref, not a repository, git missing. */
  | 'LITEFORM_GIT'
  /** Not the user's doing: an unexpected exception inside liteform. */
  | 'LITEFORM_INTERNAL';

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

/** better-sqlite3's SqliteError carries SQLite's extended result code name, e.g. `SQLITE_IOERR_WRITE`. */
function sqliteCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/**
 * What the environment did to a database, as an error a user can act on: SQLite's result codes for a
 * full disk, a read-only file or directory, a file that cannot be opened, is not a database, is
 * corrupt, or failed to read or write. The one place these codes are translated; `subject` (a path)
 * starts the message when the caller knows which database it was. Null for every other error.
 */
export function fromSqliteError(e: unknown, subject?: string): LiteformError | null {
  const code = sqliteCode(e);
  if (code === null) return null;
  const at = subject === undefined ? '' : `${subject}: `;
  const said = `(SQLite: ${(e as Error).message}; ${code})`;
  const family = code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, '$1');
  switch (family) {
    case 'SQLITE_FULL':
      return new LiteformError('LITEFORM_DISK_FULL', `${at}the disk holding the database is full ${said}`, 'free space on that disk (a rebuild needs room for a copy of the table, and the journal as much again), then re-run; SQLite rolled back the unfinished transaction');
    case 'SQLITE_READONLY':
      return new LiteformError(
        'LITEFORM_DB_READ_ONLY',
        `${at}the database cannot be written: ${code === 'SQLITE_READONLY_DIRECTORY' ? 'its directory is read-only' : code === 'SQLITE_READONLY_CANTINIT' || code === 'SQLITE_READONLY_CANTLOCK' ? 'its -shm file cannot be written' : 'the file or its file system is read-only'} ${said}`,
        'writing needs a writable file and a writable directory beside it (for the journal); check permissions and mount options',
      );
    case 'SQLITE_CANTOPEN':
      return new LiteformError('LITEFORM_DB_OPEN', `${at}cannot open the database file, or the journal SQLite creates beside it ${said}`, 'check the path exists and that its directory is readable and (to write) writable');
    case 'SQLITE_NOTADB':
      return new LiteformError('LITEFORM_DB_OPEN', `${at}not a SQLite database ${said}`, 'check --db points at a SQLite database file (an encrypted database needs its own SQLite build)');
    case 'SQLITE_CORRUPT':
      return new LiteformError('LITEFORM_DB_CORRUPT', `${at}the database file is corrupt ${said}`, 'restore it from a backup (`liteform restore`), or try `sqlite3 <file> .recover`');
    case 'SQLITE_IOERR':
      return new LiteformError('LITEFORM_IO', `${at}the operating system failed to read or write the database ${said}`, 'check the disk and the file system (dmesg), then re-run; SQLite rolled back the unfinished transaction');
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new LiteformError('LITEFORM_DB_LOCKED', `${at}database is locked by another process ${said}`, 'wait for the other process to finish, or raise --busy-timeout');
    default:
      return null;
  }
}

/** A file-system error from node:fs (writing a migration file, the sum file, a backup, `init`'s scaffold). */
export function fromFileSystemError(e: unknown): LiteformError | null {
  const x = e as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  if (typeof x?.code !== 'string' || typeof x.syscall !== 'string' || !/^E[A-Z]+$/.test(x.code)) return null;
  const at = typeof x.path === 'string' ? `${x.path}: ` : '';
  switch (x.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new LiteformError('LITEFORM_DISK_FULL', `${at}the disk is full (${x.syscall}: ${x.code})`, 'free space on that disk, then re-run');
    case 'EROFS':
      return new LiteformError('LITEFORM_IO', `${at}the file system is read-only (${x.syscall}: ${x.code})`, 'run liteform where it may write, or remount the file system read-write');
    case 'EACCES':
    case 'EPERM':
      return new LiteformError('LITEFORM_IO', `${at}permission denied (${x.syscall}: ${x.code})`, 'check the permissions (and attributes, e.g. chattr +i) of the file and its directory');
    default:
      return new LiteformError('LITEFORM_IO', `${at}${x.syscall} failed (${x.code})`, 'check the path, the disk and the file system');
  }
}

/** Every error as one a user can act on: ours as they are, the environment's translated, anything else a bug. */
export function toLiteformError(e: unknown): LiteformError {
  if (isLiteformError(e)) return e;
  const mapped = fromSqliteError(e) ?? fromFileSystemError(e);
  if (mapped !== null) return mapped;
  return new LiteformError('LITEFORM_INTERNAL', e instanceof Error ? e.message : String(e), 'this looks like a liteform bug; re-run with --verbose and report it');
}
