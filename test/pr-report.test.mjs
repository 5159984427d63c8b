// The pull-request report (issue 11, point 2): `liteform report` over the files a branch adds compared with
// its base, for a directory with a safe, a destructive and a data-dependent migration, with rows counted
// on a database. The Markdown is a snapshot (snapshots/pr-report.md; LITEFORM_UPDATE_SNAPSHOTS=1 rewrites it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { root, runCli, tempDir } from './helpers/cases.mjs';

const fixture = join(root, 'test', 'fixtures', 'pr-report');
const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

function snapshot(file, actual) {
  const path = join(root, 'snapshots', file);
  if (process.env.LITEFORM_UPDATE_SNAPSHOTS === '1') { writeFileSync(path, actual); return; }
  assert.ok(existsSync(path), `snapshot ${file} missing: run npm run snapshots:update and review it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `snapshot ${file} changed: run npm run snapshots:update and review the diff`);
}

/** The branch's checkout (0001 … 0004), the base's directory (0001 only), and a database at 0001 with rows. */
function project() {
  const cwd = tempDir('liteform-report-');
  cpSync(join(fixture, 'migrations'), join(cwd, 'migrations'), { recursive: true });
  cpSync(join(fixture, 'schema.yaml'), join(cwd, 'schema.yaml'));
  mkdirSync(join(cwd, 'base'));
  cpSync(join(fixture, 'migrations', '0001_init.sql'), join(cwd, 'base', '0001_init.sql'));
  const cli = (...args) => runCli(args, { cwd });
  const a = cli('apply', '--create', '--to', '0001', '--db', 'app.db', '--no-backup');
  assert.equal(a.code, 0, a.stderr);
  const db = new Database(join(cwd, 'app.db'));
  db.exec("INSERT INTO users (id, email, legacy_token) VALUES (1, 'a@x', 't1'), (2, NULL, 't2'), (3, NULL, NULL); INSERT INTO posts (user_id, title) VALUES (1, 'hello');");
  db.close();
  return { cwd, cli };
}

test('report: per new file the plan, rebuilds and why, findings with codes and breaking rows, the SQL folded; a snapshot', () => {
  const { cwd, cli } = project();
  const before = hash(join(cwd, 'app.db'));
  const r = cli('report', '--base-dir', 'base', '--dir', 'migrations', '--db', 'app.db', '--schema', 'schema.yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(hash(join(cwd, 'app.db')), before, 'the database is not touched');
  const md = r.stdout;
  assert.doesNotMatch(md, /0001_init/, 'only the files the branch adds');
  assert.match(md, /\| `0002_add_bio\.sql` \| 0 to add, 1 to change, 0 to destroy \| 0 \| ✅ none \|/);
  assert.match(md, /\*\*Destructive\*\* — LF102 drop column line 23: drops column users\.legacy_token/);
  // Measured on a copy in the state 0002 and 0003 leave: the two NULL emails.
  assert.match(md, /\*\*Data-dependent\*\* — LF201 NOT NULL without default line 25: .* — 2 existing row\(s\) break it, e\.g\. rowid=2, email=NULL/);
  assert.match(md, /Run on a copy of the database, the files fail: 0004_email_required\.sql:\d+:\d+: rows of users break its rebuild: NOT NULL constraint failed: users\.email/);
  assert.match(md, /- `users`: change column email: TEXT → TEXT NOT NULL/);
  assert.match(md, /<details><summary>SQL: <code>0004_email_required\.sql<\/code> \(42 lines\)<\/summary>/);
  assert.doesNotMatch(md, new RegExp(cwd.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no absolute path');
  snapshot('pr-report.md', md);
  // Deterministic: a second run is byte-identical (a bot can edit one comment in place).
  assert.equal(cli('report', '--base-dir', 'base', '--dir', 'migrations', '--db', 'app.db', '--schema', 'schema.yaml').stdout, md);
});

test('report without a database: findings without row counts; --format github annotates and writes the job summary', () => {
  const { cwd, cli } = project();
  const summary = join(cwd, 'summary.md');
  const r = runCli(['report', '--base-dir', 'base', '--dir', 'migrations', '--format', 'github'], { cwd, env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: cwd } });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.deepEqual(lines, [
    '::error file=migrations/0003_drop_legacy_token.sql,line=23,col=1,title=liteform LF102%3A drop column::drops column users.legacy_token and its values',
    '::warning file=migrations/0004_email_required.sql,line=25,col=1,title=liteform LF201%3A NOT NULL without default::users.email becomes NOT NULL without a default: fails if any row holds NULL',
  ]);
  const md = readFileSync(summary, 'utf8');
  assert.match(md, /^### liteform: 3 new migration files \(compared with `base`\)/);
  assert.doesNotMatch(md, /existing row/);
  // No new files: one short line.
  const none = cli('report', '--base-dir', 'migrations', '--dir', 'migrations');
  assert.equal(none.stdout, '### liteform: no new migration files (compared with `migrations`)\n');
});

test('report --json: the same report as data; check --base-dir flags a base file this branch edited', () => {
  const { cwd, cli } = project();
  const r = cli('report', '--base-dir', 'base', '--dir', 'migrations', '--db', 'app.db', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f) => [f.file, f.findings.map((x) => `${x.code}:${x.line}`)]), [['0002_add_bio.sql', []], ['0003_drop_legacy_token.sql', ['LF102:23']], ['0004_email_required.sql', ['LF201:25']]]);
  assert.equal(out.files[2].findings[0].breakingRows, 2);
  assert.equal(out.database.checked, true);
  writeFileSync(join(cwd, 'base', '0001_init.sql'), `${readFileSync(join(cwd, 'base', '0001_init.sql'), 'utf8')}-- edited on the base\n`);
  const c = cli('check', '--base-dir', 'base', '--dir', 'migrations', '--json');
  assert.equal(c.code, 2);
  assert.deepEqual(JSON.parse(c.stdout).issues.map((i) => [i.kind, i.code]), [['edited-base', 'LITEFORM_CHECKSUM_MISMATCH']]);
});

test('report needs a base, and names a bad one', () => {
  const { cli } = project();
  let r = cli('report', '--dir', 'migrations', '--json');
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_USAGE');
  r = cli('report', '--dir', 'migrations', '--since', 'no-such-ref', '--json');
  assert.equal(r.code, 1);
  const e = JSON.parse(r.stdout).error;
  assert.equal(e.code, 'LITEFORM_GIT');
  assert.match(e.hint, /--base-dir/);
});
