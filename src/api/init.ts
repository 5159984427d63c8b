/** `liteform init`: scaffold liteform.yaml, an example schema and an empty migrations directory. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFileName } from '../config/config.js';
import { computeSum, sumFileName } from '../migrations/sum-file.js';

export interface InitResult {
  readonly created: readonly string[];
  readonly skipped: readonly string[];
}

const config = `# liteform configuration. Flags and LITEFORM_* environment variables override these settings.
database: app.db              # the SQLite database (LITEFORM_DB / --db)
schema: schema/app.yaml       # the desired state (LITEFORM_SCHEMA / --schema)
migrations: migrations        # versioned migration files (LITEFORM_MIGRATIONS / --dir)
backups:
  dir: .liteform/backups      # a backup is taken before apply runs pending files
  keep: 5                     # newest backups kept per database
busyTimeoutMs: 5000           # how long to wait for another process holding the database

# One entry per environment; select with --env NAME or LITEFORM_ENV.
environments:
  dev:
    database: app.db
  qa:
    database: qa.db
  prod:
    database: /var/lib/myapp/prod.db
`;

const schema = `# yaml-language-server: $schema=../node_modules/liteform/schema/liteform.schema.json
# The desired state of the database. Edit it, run \`liteform plan <name>\`, review the migration file.
tables:
  users:
    columns:
      id: { type: INTEGER, primaryKey: true }
      email: { type: TEXT, notNull: true, unique: true, collate: NOCASE }
      created_at: { type: TEXT, notNull: true, defaultExpr: CURRENT_TIMESTAMP }
`;

export function init(cwd: string): InitResult {
  const created: string[] = [];
  const skipped: string[] = [];
  const write = (rel: string, text: string): void => {
    const path = join(cwd, rel);
    if (existsSync(path)) { skipped.push(rel); return; }
    writeFileSync(path, text);
    created.push(rel);
  };
  write(configFileName, config);
  mkdirSync(join(cwd, 'schema'), { recursive: true });
  write(join('schema', 'app.yaml'), schema);
  mkdirSync(join(cwd, 'migrations'), { recursive: true });
  write(join('migrations', sumFileName), computeSum([]));
  return { created, skipped };
}
