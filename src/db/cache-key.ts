/**
 * The key what liteform keeps in the cache (`.liteform/cache/`) is kept under: everything the kept result
 * depends on besides the cache file itself. replay.ts keeps a directory's replayed database under it,
 * replay-states.ts the schema after every file, desired-cache.ts a desired state's table models.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { Migration } from '../migrations/migration-file.js';
import type { ReplayCache } from './replay.js';
import { declaredAppFunctions } from './app-functions.js';
import { openScratch } from './scratch.js';

/** `kind` tells apart what is kept; the key holds liteform's version (cache.salt), SQLite's, the built code, the declared functions and every file's version and checksum. */
export function cacheKey(kind: string, cache: ReplayCache, migrations: readonly Migration[]): string {
  const key = createHash('sha256').update(`${kind}\n${cache.salt}\n${sqliteVersion()}\n${codeFingerprint()}`);
  // A declared function decides whether a file that calls it replays (and a stub refuses to be called).
  for (const f of declaredAppFunctions()) key.update(`\nfunction ${f.name}/${f.arity} ${f.module ?? (f.implementation !== undefined ? 'given' : 'stub')}`);
  for (const m of migrations) key.update(`\n${m.version} ${m.checksum}`);
  return key.digest('hex').slice(0, 32);
}

let fingerprint: string | null = null;
/**
 * A hash of the code that turns files into models (this directory and ../model/, as built): builds of one
 * liteform version differ while it is developed, and a checkout switched between them must not read
 * models an older build made. About 150 kB read per command.
 */
function codeFingerprint(): string {
  if (fingerprint === null) {
    const hash = createHash('sha256');
    for (const dir of [new URL('.', import.meta.url), new URL('../model/', import.meta.url)]) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) hash.update(`${f}\n`).update(readFileSync(new URL(f, dir)));
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

let sqliteVersionRead: string | null = null;
/** The SQLite the replay runs on (another version may store or report a schema differently). */
function sqliteVersion(): string {
  if (sqliteVersionRead === null) {
    const db = openScratch();
    try {
      sqliteVersionRead = db.prepare('SELECT sqlite_version()').pluck().get() as string;
    } finally {
      db.close();
    }
  }
  return sqliteVersionRead;
}
