/** Reading and writing the migrations directory. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiteformError } from '../errors.js';
import { checksumOf, fileNamePattern, parseHeader, type Migration } from './migration-file.js';
import { computeSum, sumFileName, verifySum } from './sum-file.js';

export interface MigrationDirectory {
  readonly dir: string;
  readonly migrations: readonly Migration[];
  readonly sumText: string | null;
}

export function readMigrationDirectory(dir: string, { mustExist = true } = {}): MigrationDirectory {
  if (!existsSync(dir)) {
    if (mustExist) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${dir}: migrations directory does not exist`, 'run `liteform init`, or point --dir at your migrations');
    return { dir, migrations: [], sumText: null };
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const m = fileNamePattern.exec(file);
    if (!m) throw new LiteformError('LITEFORM_USAGE', `${join(dir, file)}: not a migration file name (expected NNNN_name.sql)`, 'rename it, or move it out of the migrations directory');
    const version = m[1]!;
    if (seen.has(version)) throw new LiteformError('LITEFORM_USAGE', `${dir}: version ${version} is used by both ${seen.get(version)} and ${file}`, 'two branches added the same version: re-run `liteform plan` on one of them after merging');
    seen.set(version, file);
    const content = readFileSync(join(dir, file), 'utf8');
    migrations.push({ version, name: m[2]!, file, path: join(dir, file), content, checksum: checksumOf(content), header: parseHeader(content) });
  }
  migrations.sort((a, b) => Number(a.version) - Number(b.version) || a.version.localeCompare(b.version));
  const sumPath = join(dir, sumFileName);
  return { dir, migrations, sumText: existsSync(sumPath) ? readFileSync(sumPath, 'utf8') : null };
}

export function sumProblems(d: MigrationDirectory): string[] {
  return verifySum(d.migrations, d.sumText);
}

export function assertSumIntact(d: MigrationDirectory): void {
  const problems = sumProblems(d);
  if (problems.length > 0) throw new LiteformError('LITEFORM_SUM_MISMATCH', `${d.dir}: ${problems.join('; ')}`, 'an edited migration must be reviewed again; `liteform hash` rewrites the sum');
}

export function writeSum(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const d = readMigrationDirectory(dir);
  const text = computeSum(d.migrations);
  writeFileSync(join(dir, sumFileName), text);
  return text;
}
