/** Reads a desired-state file, turning an unreadable, empty or binary file into an error a user can act on. */
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { LiteformError } from '../errors.js';

export function readSchemaFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${file}: cannot read schema file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check the --schema path');
  }
  // Echoing a binary file back as YAML or SQL errors prints kilobytes of garbage: name the cause instead.
  const nul = bytes.indexOf(0);
  if (nul !== -1 || !isUtf8(bytes)) {
    throw new LiteformError('LITEFORM_SCHEMA_INVALID', `${file}: not a text file (${nul !== -1 ? `a NUL byte at offset ${nul}` : 'not valid UTF-8'}, ${bytes.length} bytes)`, 'point --schema at the desired-state .yaml/.yml or .sql file (a database file goes to --db)');
  }
  const text = bytes.toString('utf8');
  // An empty desired state would plan to drop every table: a truncated or never-written file must not do that.
  if (text.trim() === '') {
    throw new LiteformError('LITEFORM_SCHEMA_INVALID', `${file}: the file is empty (${bytes.length} bytes)`, 'write the desired state into it; for a schema with no tables at all write `tables: {}` (YAML) or a comment (.sql)');
  }
  return text;
}
