/** Reads a desired-state file, turning an unreadable path into an error a user can act on. */
import { readFileSync } from 'node:fs';
import { LiteformError } from '../errors.js';

export function readSchemaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${file}: cannot read schema file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check the --schema path');
  }
}
