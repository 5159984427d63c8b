// The npm package: `npm pack` gives a small tarball that installs offline into an empty project and
// runs there (--help, init, plan, apply, and the typed programmatic API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, root, tempDir } from './helpers/cases.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// dist/ is built by npm test before the suite; --ignore-scripts keeps prepack from rebuilding it under tests running in parallel.
// --prefer-offline, not --offline: npm ci fills the cache with tarballs but not with the packuments an install of a tarball resolves, so a fresh machine's cache cannot serve it alone.

test('npm pack installs into an empty directory and runs', { timeout: 600_000 }, () => {
  const out = tempDir('liteform-pack-');
  execFileSync(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', out], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const tgz = readdirSync(out).find((f) => f.endsWith('.tgz'));
  assert.ok(tgz, 'a tarball was packed');
  const size = statSync(join(out, tgz)).size;
  // dist (with the declarations a TypeScript user reads, doc comments kept), the JSON Schemas and the
  // validators compiled from them (~150 kB unpacked), README: about 300 kB. The bound catches junk (tests,
  // fixtures, node_modules, source maps), not growth of the code itself.
  assert.ok(size < 360_000, `tarball is small (${size} bytes)`);
  const listing = execFileSync('tar', ['tzf', join(out, tgz)], { encoding: 'utf8' });
  assert.match(listing, /package\/dist\/index\.d\.ts/);
  assert.doesNotMatch(listing, /^package\/(test|bench|src|node_modules|\.liteform)\/|\.map$/m, 'no tests, sources, caches or source maps in the tarball');
  assert.match(listing, /package\/schema\/liteform\.schema\.json/);
  // The JSON Schemas compiled at build time (scripts/build-validators.mjs): an installed liteform compiles none at run time.
  assert.match(listing, /package\/dist\/validators\/liteform\.schema\.cjs/);
  assert.match(listing, /package\/dist\/validators\/config\.schema\.cjs/);
  assert.doesNotMatch(listing, /package\/(test|snapshots|bench|src)\//);

  const app = tempDir('liteform-app-');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }));
  const install = spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(out, tgz)], { cwd: app, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  const lf = (...args) => spawnSync(join(app, 'node_modules', '.bin', 'liteform'), args, { cwd: app, encoding: 'utf8', env: cliEnv() });
  let r = lf('--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: liteform/);
  assert.equal(lf('init').status, 0);
  r = lf('plan', 'init');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(app, 'migrations', '0001_init.sql')));
  r = lf('apply', '--create');
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(app, 'start.mjs'), `import { migrate, LiteformError } from 'liteform';
const r = await migrate({ db: 'app.db', dir: 'migrations', backup: false });
console.log(JSON.stringify({ status: r.status, to: r.to, error: typeof LiteformError }));`);
  r = spawnSync(process.execPath, ['start.mjs'], { cwd: app, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 'up-to-date', to: '0001', error: 'function' });
});
