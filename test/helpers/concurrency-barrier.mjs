// Preloaded with `node --import` into a racing process (the real CLI or concurrency-migrate.mjs):
// loads the heavy modules first, tells the parent it is ready (a line on stderr), then blocks until
// the parent writes a byte to its stdin, so that every racer reaches the database at the same moment.
import { readSync, writeSync } from 'node:fs';

await import('better-sqlite3');
await import('commander');
await import('../../dist/api/migrate.js');
await import('../../dist/cli/commands/apply.js');
writeSync(2, 'concurrency-barrier: ready\n');
readSync(0, Buffer.alloc(1), 0, 1, null);
