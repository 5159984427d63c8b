// npm run demo: build a scratch database from examples/demo/start.sql, then plan, apply and plan
// again (empty) against the desired state in examples/schema/app.yaml — with the real CLI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '.demo');
const db = join(work, 'app.db');
const schema = join(here, 'schema', 'app.yaml');
const cli = join(here, '..', 'dist', 'cli', 'main.js');

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const seed = new Database(db);
seed.exec(readFileSync(join(here, 'demo', 'start.sql'), 'utf8'));
seed.close();

function step(title, args) {
  console.log(`\n\x1b[1m$ liteform ${args.join(' ')}\x1b[0m   # ${title}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0 && !args.includes('--exit-code')) process.exit(r.status ?? 1);
}

const rel = (p) => p.replace(`${process.cwd()}/`, '');
step('what would change?', ['plan', '--db', rel(db), '--schema', rel(schema)]);
step('apply it (drops tasks.legacy_notes, so destructive steps must be allowed)', ['apply', '--db', rel(db), '--schema', rel(schema), '--allow-destructive']);
step('plan again: nothing left to do', ['plan', '--db', rel(db), '--schema', rel(schema)]);

const check = new Database(db, { readonly: true });
console.log('\nRows after the migration:');
console.table(check.prepare('SELECT id, title, priority, is_done FROM tasks').all());
console.log('AUTOINCREMENT high-water mark of users (a deleted user had id 3):', check.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'users'").get().seq);
check.close();
