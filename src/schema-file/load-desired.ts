/** Loads a desired-state file by its extension: `.yaml`/`.yml` or `.sql`. */
import { extname } from 'node:path';
import type { DesiredState } from '../model/schema-model.js';
import { LiteformError } from '../errors.js';
import { loadSqlSchemaFile } from './sql-file.js';
import type { TableCache } from '../db/scratch.js';
import { loadYamlSchemaFile } from './yaml-file.js';

/** `tables`: where a `.sql` file's table models are kept between runs (src/db/desired-cache.ts); none: built every time. */
export function loadDesired(file: string, tables?: TableCache): DesiredState {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return loadYamlSchemaFile(file);
  if (ext === '.sql') return loadSqlSchemaFile(file, tables);
  throw new LiteformError('LITEFORM_USAGE', `${file}: unknown schema file type '${ext || '(none)'}'`, 'use a .yaml/.yml desired-state file or a .sql file of CREATE statements');
}
