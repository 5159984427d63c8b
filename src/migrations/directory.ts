/** Reading and writing the migrations directory. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiteformError } from '../errors.js';
import { checksumOf, fileNamePattern, parseHeader, type Migration } from './migration-file.js';
import { computeSum, rebaseHint, sumFileName, sumIssues, verifySum, type SumIssue } from './sum-file.js';

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
  const files = readdirSync(dir).filter((f) => nearMiss(f) !== null || fileNamePattern.test(f)).sort();
  const migrations: Migration[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const m = fileNamePattern.exec(file);
    if (!m) {
      const why = nearMiss(file)!;
      throw new LiteformError('LITEFORM_USAGE', `${join(dir, file)}: ${why.problem}`, why.hint);
    }
    const version = m[1]!;
    if (seen.has(version)) throw new LiteformError('LITEFORM_VERSION_CONFLICT', `${join(dir, file)}:1:1: version ${version} is used by both ${seen.get(version)} and ${file} (two branches added the same version)`, rebaseHint);
    seen.set(version, file);
    const content = readFileSync(join(dir, file), 'utf8');
    migrations.push({ version, name: m[2]!, file, path: join(dir, file), content, checksum: checksumOf(content), header: parseHeader(content) });
  }
  migrations.sort((a, b) => Number(a.version) - Number(b.version) || a.version.localeCompare(b.version));
  const sumPath = join(dir, sumFileName);
  return { dir, migrations, sumText: existsSync(sumPath) ? readFileSync(sumPath, 'utf8') : null };
}

/** Versions used by more than one file (two branches each added one), with the files, in name order. */
export function versionConflicts(dir: string): { version: string; files: string[] }[] {
  if (!existsSync(dir)) return [];
  const byVersion = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((x) => fileNamePattern.test(x)).sort()) {
    const v = String(Number(fileNamePattern.exec(f)![1]));
    byVersion.set(v, [...(byVersion.get(v) ?? []), f]);
  }
  return [...byVersion.values()].filter((fs) => fs.length > 1).map((fs) => ({ version: fileNamePattern.exec(fs[0]!)![1]!, files: fs }));
}

/**
 * A file that looks like a migration but is not named like one. It is refused, never skipped: a skipped
 * `0006_x.SQL` would leave the database silently behind the code, and a skipped `0006_x.sql.bak` the
 * reader of the directory guessing which one runs. Other files (README, liteform.sum, dot files) are
 * not migrations and are left alone.
 */
export function nearMiss(file: string): { problem: string; hint: string } | null {
  if (fileNamePattern.test(file) || file.startsWith('.')) return null;
  const sqlAnyCase = /\.sql$/i.test(file);
  const versioned = /^\d+[_-]/.exec(file);
  if (!sqlAnyCase && !versioned) return null;
  const stem = file.replace(/\.sql$/i, '');
  const move = 'or move it out of the migrations directory';
  if (sqlAnyCase && !file.endsWith('.sql') && fileNamePattern.test(`${stem}.sql`)) {
    return { problem: 'migration files end in lower-case .sql; this one is not read', hint: `rename it to ${stem}.sql (then \`liteform hash\`), ${move}` };
  }
  const parts = /^(\d+)[_-](.*)$/.exec(stem);
  if (sqlAnyCase && parts) {
    const fixed = `${parts[1]!.padStart(4, '0')}_${parts[2]!.replace(/[^A-Za-z0-9_-]+/g, '_')}.sql`;
    if (fixed !== file && fileNamePattern.test(fixed)) {
      return { problem: 'not a migration file name (expected NNNN_name.sql: a version of 4+ digits, an underscore, a name of letters, digits, _ and -)', hint: `rename it to ${fixed} (then \`liteform hash\`), ${move}` };
    }
  }
  if (!sqlAnyCase) {
    return { problem: 'named like a migration but does not end in .sql (a copy or a disabled migration?); liteform refuses to guess whether it should run', hint: `move it out of the migrations directory, or rename it to end in .sql` };
  }
  return { problem: 'not a migration file name (expected NNNN_name.sql)', hint: `rename it, ${move}` };
}

export function sumProblems(d: MigrationDirectory): string[] {
  return verifySum(d.migrations, d.sumText);
}

export function sumIssuesOf(d: MigrationDirectory): SumIssue[] {
  return sumIssues(d.migrations, d.sumText);
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
