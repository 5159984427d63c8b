// A racer that uses the programmatic API: `node concurrency-migrate.mjs <db> <dir> [--backup]`.
// Prints the result of migrate() as one JSON line; exits 1 with {"error": …} when it throws.
import { migrate } from '../../dist/api/migrate.js';

const [db, dir, flag] = process.argv.slice(2);
try {
  const r = await migrate({ db, dir, busyTimeoutMs: 20000, ...(flag === '--backup' ? { backupDir: 'backups' } : { backup: false }) });
  process.stdout.write(`${JSON.stringify({ status: r.status, from: r.from, to: r.to, applied: r.applied.map((a) => a.version) })}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ error: String(e?.message ?? e), code: e?.code ?? null })}\n`);
  process.exitCode = 1;
}
