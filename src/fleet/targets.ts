/**
 * Fleet targets: `--db` globs, `--targets FILE` lists (one path or URL a line, `#` comments), and a
 * liteform.yaml environment's `fleet:` list, expanded into one ordered list without duplicates.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LiteformError } from '../errors.js';
import { expandGlob, hasGlob } from './glob.js';

/** An engine URL is kept as written; anything else is a path (or a glob of paths). */
export function isUrlTarget(text: string): boolean {
  return /^(libsql|https?|wss?|d1|file):/i.test(text);
}

/** One entry (path, glob or URL) → targets; `shownAs` names where it came from in the error. */
export function expandEntry(entry: string, base: string, shownAs: string): string[] {
  if (isUrlTarget(entry)) return [entry];
  if (!hasGlob(entry)) return [isAbsolute(entry) ? entry : resolve(base, entry)];
  const found = expandGlob(entry, base);
  if (found.length === 0) throw new LiteformError('LITEFORM_USAGE', `${shownAs}: '${entry}' matches no file`, 'check the pattern (quote it so the shell does not expand it: --db \'tenants/*.db\'); * and ? stay within one directory, ** crosses directories');
  return found;
}

/** Parses a targets file: one path, glob or URL a line; blank lines and `#` comments are skipped. */
export function parseTargetsText(text: string, file: string): { readonly line: number; readonly entry: string }[] {
  const out: { line: number; entry: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const entry = raw.replace(/(^|\s)#.*$/, '').trim();
    if (entry === '') return;
    if (/\s/.test(entry) && !isUrlTarget(entry)) {
      throw new LiteformError('LITEFORM_USAGE', `${file}:${i + 1}:1: one target a line, found '${entry}'`, 'write each database path or URL on its own line; # starts a comment');
    }
    out.push({ line: i + 1, entry });
  });
  return out;
}

export function readTargetsFile(file: string, cwd = process.cwd()): string[] {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${file}: cannot read the targets file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'give --targets a file with one database path or URL a line');
  }
  const targets = parseTargetsText(text, file).flatMap(({ line, entry }) => expandEntry(entry, dirname(path), `${file}:${line}:1`));
  if (targets.length === 0) throw new LiteformError('LITEFORM_USAGE', `${file}: lists no targets`, 'write one database path or URL a line; # starts a comment');
  return targets;
}

/** Order kept, duplicates dropped (a tenant listed twice must not be migrated twice at once). */
export function uniqueTargets(targets: readonly string[]): string[] {
  return [...new Set(targets)];
}
