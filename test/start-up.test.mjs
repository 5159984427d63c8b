// What a command loads before it does its work (issue 9): a dependency is loaded only on the paths
// that use it, and the JSON Schemas are validated by code compiled at build time
// (scripts/build-validators.mjs) unless that code was built from another schema. Behaviour is
// asserted through which modules a process loads (a module-loader hook), never through timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, cliEnv, root, runCli, tempDir } from './helpers/cases.mjs';

// Prints every file module loaded: ESM through a loader hook, CommonJS through Module._load.
const loadHook = `data:text/javascript,${encodeURIComponent(`
  import Module, { register } from 'node:module';
  register('data:text/javascript,' + encodeURIComponent('export async function load(u, c, next) { if (u.startsWith("file:")) process._rawDebug("LOADED " + u); return next(u, c); }'));
  const load = Module._load;
  Module._load = function (request, parent, isMain) { const m = load.apply(this, arguments); if (!request.startsWith('node:')) process._rawDebug('LOADED ' + Module._resolveFilename(request, parent, isMain)); return m; };
`)}`;

/** Runs the CLI at `cliFile`; returns its result and the files it loaded, node_modules/… for packages. */
function runLoading(cliFile, args, cwd) {
  const r = spawnSync(process.execPath, ['--import', loadHook, cliFile, ...args], { cwd, encoding: 'utf8', env: cliEnv() });
  const files = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
  const loaded = [...new Set(files.map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f)).map((f) => f.replace(/^.*\/node_modules\//, 'node_modules/')))];
  const stderr = r.stderr.split('\n').filter((l) => !l.startsWith('LOADED ')).join('\n');
  return { code: r.status, stdout: r.stdout, stderr, loaded };
}

const loadedPackage = (loaded, name) => loaded.some((f) => f.startsWith(`node_modules/${name}/`));
const ajvCompiler = 'node_modules/ajv/dist/core.js';

const schemaYaml = 'tables:\n  users:\n    columns:\n      id: { type: INTEGER, primaryKey: true }\n      email: { type: TEXT, notNull: true }\n';

/** A migrations dir applied to a database, and the YAML it came from. */
function appliedProject() {
  const dir = tempDir('liteform-start-');
  writeFileSync(join(dir, 'app.yaml'), schemaYaml);
  for (const args of [['plan', 'init', '--dir', 'm', '--schema', 'app.yaml'], ['apply', '--db', 'app.db', '--create', '--dir', 'm', '--no-backup']]) {
    const r = runCli(args, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  }
  return dir;
}

test('apply with nothing pending and status load neither yaml, diff nor ajv when no YAML file is read', () => {
  const dir = appliedProject();
  const apply = runLoading(cli, ['apply', '--db', 'app.db', '--dir', 'm', '--no-backup'], dir);
  assert.equal(apply.code, 0, apply.stderr);
  assert.match(apply.stdout, /Already up to date \(version 0001\)/);
  const status = runLoading(cli, ['status', '--db', 'app.db', '--dir', 'm'], dir);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /pending:\s+none/);
  for (const [name, r] of [['apply', apply], ['status', status]]) {
    for (const pkg of ['yaml', 'diff', 'ajv']) assert.ok(!loadedPackage(r.loaded, pkg), `${name} loaded ${pkg}: ${r.loaded.filter((f) => f.includes(`/${pkg}/`)).join(', ')}`);
  }
});

test('diff loads the unified-diff printer only when the two sources differ, and prints the same diff', () => {
  const dir = appliedProject();
  writeFileSync(join(dir, 'other.yaml'), schemaYaml.replace('email', 'mail'));
  const same = runLoading(cli, ['diff', 'app.yaml', 'app.db'], dir);
  assert.equal(same.code, 0, same.stderr);
  assert.ok(!loadedPackage(same.loaded, 'diff'), 'no diff printed, no diff package');
  const other = runLoading(cli, ['diff', 'app.yaml', 'other.yaml'], dir);
  assert.equal(other.code, 0, other.stderr);
  assert.ok(loadedPackage(other.loaded, 'diff'));
  assert.match(other.stdout, /^--- app\.yaml\t\n\+\+\+ other\.yaml\t\n@@ -1,4 \+1,4 @@\n CREATE TABLE "users" \(\n   "id" INTEGER PRIMARY KEY,\n-  "email" TEXT NOT NULL\n\+  "mail" TEXT NOT NULL\n \);$/m);
});

/**
 * A copy of the built package (dist/, schema/, the build script) with its validators built there, so the
 * test does not depend on whether this checkout's dist/ was built by `npm run build` or a plain tsc.
 */
function packageCopy() {
  const copy = tempDir('liteform-copy-');
  for (const d of ['dist', 'schema']) cpSync(join(root, d), join(copy, d), { recursive: true, filter: (src) => !relative(root, src).startsWith(join('dist', 'validators')) });
  mkdirSync(join(copy, 'scripts'));
  cpSync(join(root, 'scripts', 'build-validators.mjs'), join(copy, 'scripts', 'build-validators.mjs'));
  cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const built = spawnSync(process.execPath, [join(copy, 'scripts', 'build-validators.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  return { dir: copy, cli: join(copy, 'dist', 'cli', 'main.js') };
}

test('validation uses the prebuilt validators, reports exactly what the run-time compile reports, and ignores prebuilt code from another schema', () => {
  const pkg = packageCopy();
  const dir = tempDir('liteform-start-');
  // Problems for both schemas: a misspelt property, a wrong type, a bad type name; a config setting out of range.
  writeFileSync(join(dir, 'bad.yaml'), 'tables:\n  users:\n    columns:\n      id: { type: INTEGER, primaryKey: true, nulable: true }\n      n: { type: "NUM BER", notNull: maybe }\n');
  writeFileSync(join(dir, 'liteform.yaml'), 'database: app.db\nbusyTimeoutMs: 70000\nbackups: { keep: 0 }\n');

  const plan = ['plan', '--schema', 'bad.yaml', '--dir', 'm', '--dry-run', '--config', 'none.yaml'];
  writeFileSync(join(dir, 'none.yaml'), '# nothing set\n');
  const prebuilt = runLoading(pkg.cli, plan, dir);
  assert.equal(prebuilt.code, 1);
  assert.ok(!prebuilt.loaded.includes(ajvCompiler), 'the prebuilt desired-state validator needs no ajv compiler');
  assert.match(prebuilt.stderr, /bad\.yaml:4:/);
  const status = runLoading(pkg.cli, ['status'], dir);
  assert.equal(status.code, 1);
  assert.ok(!status.loaded.includes(ajvCompiler), 'the prebuilt config validator needs no ajv compiler');
  assert.match(status.stderr, /liteform\.yaml:3:18: backups\.keep: must be at least 1, not 0/);

  // The same files through a package whose schema files changed after its validators were built:
  // the prebuilt code is ignored and the schemas are compiled, with the same messages (the change
  // below is to a description only, which validates nothing).
  for (const f of ['liteform.schema.json', 'config.schema.json']) {
    const file = join(pkg.dir, 'schema', f);
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...schema, description: `${schema.description ?? ''} (edited)` }, null, 2));
  }
  const compiled = runLoading(pkg.cli, plan, dir);
  assert.ok(compiled.loaded.includes(ajvCompiler), 'a stale prebuilt validator is not used');
  assert.deepEqual([compiled.code, compiled.stdout, compiled.stderr], [prebuilt.code, prebuilt.stdout, prebuilt.stderr]);
  const compiledStatus = runLoading(pkg.cli, ['status'], dir);
  assert.ok(compiledStatus.loaded.includes(ajvCompiler));
  assert.deepEqual([compiledStatus.code, compiledStatus.stdout, compiledStatus.stderr], [status.code, status.stdout, status.stderr]);

  // A real change to a schema is followed, not the stale prebuilt code.
  const configFile = join(pkg.dir, 'schema', 'config.schema.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  config.$defs.busyTimeoutMs.maximum = 60000;
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const stricter = runLoading(pkg.cli, ['status'], dir);
  assert.equal(stricter.code, 1);
  assert.match(stricter.stderr, /liteform\.yaml:2:16: busyTimeoutMs: must be at most 60000, not 70000/);
});
