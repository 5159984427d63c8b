// A fleet mixing a database file, a libSQL server (real sqld) and D1 databases (Miniflare): --targets lists
// them, and each goes through the engine layer as a single --db of that kind does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { runCli, tempDir } from './helpers/cases.mjs';
import { startSqld, makeD1PersistDir } from './helpers/servers.mjs';
import { makeProject, makeTenant, historyOf } from './helpers/fleet.mjs';

let sqld = null;
before(async () => { sqld = await startSqld(); });
after(async () => { await sqld?.stop(); });

test('--targets with a file, a libsql URL and two d1 databases: apply --dir reaches every one, status and check read them back', async () => {
  const dir = tempDir('liteform-fleet-engines-');
  const migs = makeProject(dir);
  mkdirSync(join(dir, 'tenants'));
  await makeTenant(join(dir, 'tenants', 'a.db'), migs, '0001');
  const persist = makeD1PersistDir();
  writeFileSync(join(dir, 'targets.txt'), `# one of each kind\ntenants/a.db\n${sqld.url}\nd1://fleet-one\nd1://fleet-two   # a second D1 database\n`);
  const at = ['--targets', 'targets.txt', '--dir', 'migrations', '--d1-persist', persist];
  const r = runCli(['apply', ...at, '--json', '--parallel', '2'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.counts, { applied: 4, upToDate: 0, failed: 0, notAttempted: 0, skipped: 0 });
  const byTarget = Object.fromEntries(out.targets.map((t) => [t.target.replace(dir, '.'), [t.from, t.to]]));
  assert.deepEqual(byTarget, { './tenants/a.db': ['0001', '0002'], [sqld.url]: [null, '0002'], 'd1://fleet-one': [null, '0002'], 'd1://fleet-two': [null, '0002'] });
  assert.deepEqual(historyOf(join(dir, 'tenants', 'a.db')), ['0001', '0002']);
  const s = runCli(['status', ...at, '--json'], { cwd: dir });
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout).versions, [{ version: '0002', count: 4 }]);
  const c = runCli(['check', ...at], { cwd: dir });
  assert.equal(c.code, 0, c.stdout + c.stderr);
  const p = JSON.parse(runCli(['plan', ...at, '--json'], { cwd: dir }).stdout);
  assert.equal(p.groups.length, 1, JSON.stringify(p, null, 1));
  assert.equal(p.groups[0].targets.length, 4, JSON.stringify(p, null, 1));
  assert.deepEqual(p.groups[0].pending, []);
});
