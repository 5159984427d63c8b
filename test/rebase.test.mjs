// Two branches that both add version N (issue 11, point 4), made by git in a temp repository: check fails
// with a hint (before the merge, against --since; after it, on the two files and the conflicted sum), and
// `liteform plan --rebase` renumbers this branch's files on top of the base and rewrites the sum — or
// refuses, changing nothing, when renumbering would silently undo the base's change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cases.mjs';
import { gitRepo } from './helpers/git.mjs';

const schema = ({ bio = false, published = false, emailRequired = false } = {}) => `tables:
  users:
    columns:
      id: { type: integer, primaryKey: true }
      email: { type: text${emailRequired ? ', notNull: true, default: "\'\'"' : ''} }
${bio ? '      bio: { type: text }\n' : ''}      name: { type: text }

  # posts are far enough from users for git to merge edits to both
  posts:
    columns:
      id: { type: integer, primaryKey: true }
      user_id: { type: integer }
      title: { type: text }
${published ? '      published: { type: integer, notNull: true, default: 0 }\n' : ''}`;

const snapshotDir = (dir) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

/** main at 0001; branch a adds users.bio (0002), branch b adds posts.published (0002); a is merged into main. */
function twoBranches(bBranch = { published: true }, bName = 'add_published') {
  const repo = gitRepo('liteform-rebase-');
  const { cwd, git } = repo;
  const lf = (...args) => runCli(args, { cwd });
  const commitAll = (msg) => { git('add', '-A'); git('commit', '-q', '-m', msg); };
  writeFileSync(join(cwd, 'schema.yaml'), schema());
  assert.equal(lf('plan', 'init', '--schema', 'schema.yaml', '--dir', 'migrations').code, 0);
  commitAll('init');
  git('checkout', '-q', '-b', 'a');
  writeFileSync(join(cwd, 'schema.yaml'), schema({ bio: true }));
  assert.equal(lf('plan', 'add_bio', '--schema', 'schema.yaml', '--dir', 'migrations').code, 0);
  commitAll('a: bio');
  git('checkout', '-q', 'main');
  git('checkout', '-q', '-b', 'b');
  writeFileSync(join(cwd, 'schema.yaml'), schema(bBranch));
  assert.equal(lf('plan', bName, '--schema', 'schema.yaml', '--dir', 'migrations').code, 0);
  commitAll('b');
  git('checkout', '-q', 'main');
  git('merge', '-q', '--ff-only', 'a');
  git('checkout', '-q', 'b');
  return { ...repo, lf, commitAll };
}

test('both branches add 0002: check fails with a hint, plan --rebase renumbers b\'s file after main\'s and rewrites the sum', () => {
  const { cwd, git, gitTry, lf, commitAll } = twoBranches();
  const dir = join(cwd, 'migrations');

  // Before merging, against the base: b's 0002 is not after main's 0002.
  let r = lf('check', '--schema', 'schema.yaml', '--dir', 'migrations', '--since', 'main', '--json');
  assert.equal(r.code, 2, r.stderr);
  let out = JSON.parse(r.stdout);
  assert.deepEqual(out.issues.map((i) => [i.kind, i.code, i.file, i.line]), [['version-conflict', 'LITEFORM_VERSION_CONFLICT', join(dir, '0002_add_published.sql'), 1]]);
  assert.match(out.issues[0].message, /not numbered after main's last migration 0002_add_bio\.sql.*liteform plan --rebase --since/);
  // Renumbering needs main's files here first.
  r = lf('plan', '--rebase', '--since', 'main', '--dir', 'migrations', '--json');
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_REBASE_CONFLICT');
  assert.match(JSON.parse(r.stdout).error.hint, /git merge main/);

  // The merge: the sum conflicts in git; the two 0002 files sit side by side.
  const merge = gitTry('merge', 'main');
  assert.notEqual(merge.code, 0);
  assert.match(merge.stdout, /CONFLICT \(.*\): Merge conflict in migrations\/liteform\.sum/);
  assert.match(readFileSync(join(dir, 'liteform.sum'), 'utf8'), /^<<<<<<< /m);
  r = lf('check', '--schema', 'schema.yaml', '--dir', 'migrations');
  assert.equal(r.code, 2);
  assert.match(r.stdout, /version 0002 is used by both 0002_add_bio\.sql and 0002_add_published\.sql: two branches added the same version — renumber this branch's new files on top of the base: `liteform plan --rebase --since <base branch>`/);
  // Other commands refuse the directory with the same code and hint.
  r = lf('apply', '--db', 'app.db', '--create', '--dir', 'migrations', '--json');
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'LITEFORM_VERSION_CONFLICT');
  assert.match(JSON.parse(r.stdout).error.hint, /liteform plan --rebase/);

  // --dry-run says what would happen and writes nothing.
  const before = snapshotDir(dir);
  r = lf('plan', '--rebase', '--since', 'main', '--dir', 'migrations', '--dry-run');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Would renumber on top of main:\n {2}0002_add_published\.sql → 0003_add_published\.sql/);
  assert.deepEqual(snapshotDir(dir), before);

  r = lf('plan', '--rebase', '--since', 'main', '--dir', 'migrations');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Renumbered on top of main:\n {2}0002_add_published\.sql → 0003_add_published\.sql\nRewrote their headers and migrations\/liteform\.sum\. Review, then commit \(`git add migrations`\)\.\n/);
  assert.deepEqual(readdirSync(dir).sort(), ['0001_init.sql', '0002_add_bio.sql', '0003_add_published.sql', 'liteform.sum']);
  const moved = readFileSync(join(dir, '0003_add_published.sql'), 'utf8');
  assert.match(moved, /^-- liteform migration 0003: add_published\n-- liteform:version 0003\n/);
  assert.doesNotMatch(readFileSync(join(dir, 'liteform.sum'), 'utf8'), /<<<<<<<|>>>>>>>/);
  const after02 = /-- liteform:schema-after (\S+)/.exec(readFileSync(join(dir, '0002_add_bio.sql'), 'utf8'))[1];
  assert.equal(/-- liteform:schema-before (\S+)/.exec(moved)[1], after02, 'the header\'s before-hash is the state after main\'s 0002');

  // Resolve the merge: the schema merged cleanly, the directory is consistent, and it applies.
  commitAll('merge main');
  r = lf('check', '--schema', 'schema.yaml', '--dir', 'migrations', '--since', 'main');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  r = lf('apply', '--db', 'app.db', '--create', '--dir', 'migrations', '--no-backup');
  assert.equal(r.code, 0, r.stderr);
  const db = new Database(join(cwd, 'app.db'), { readonly: true });
  assert.deepEqual(db.prepare('SELECT version FROM _liteform_migrations ORDER BY version').all().map((x) => x.version), ['0001', '0002', '0003']);
  assert.deepEqual(db.prepare('SELECT name FROM pragma_table_info(\'users\')').all().map((x) => x.name).sort(), ['bio', 'email', 'id', 'name']);
  db.close();
  // Again: nothing to renumber.
  const settled = snapshotDir(dir);
  r = lf('plan', '--rebase', '--since', 'main', '--dir', 'migrations');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /already follow main's/);
  assert.deepEqual(snapshotDir(dir), settled);
  assert.equal(git('status', '--porcelain', '--', 'migrations'), '', 'nothing left to commit');
});

test('plan --rebase refuses, renaming nothing, when b\'s file rebuilds a table main\'s new file also changed', () => {
  const { cwd, gitTry, lf } = twoBranches({ emailRequired: true }, 'email_required');
  const dir = join(cwd, 'migrations');
  assert.match(readFileSync(join(dir, '0002_email_required.sql'), 'utf8'), /CREATE TABLE "_liteform_new_users"/, 'b\'s file is a rebuild of users');
  assert.notEqual(gitTry('merge', 'main').code, 0);
  const before = snapshotDir(dir);
  const r = lf('plan', '--rebase', '--since', 'main', '--dir', 'migrations', '--json');
  assert.equal(r.code, 1);
  const e = JSON.parse(r.stdout).error;
  assert.equal(e.code, 'LITEFORM_REBASE_CONFLICT');
  assert.match(e.message, /0002_email_required\.sql:1:1: rebuilds or recreates "users", which 0002_add_bio\.sql on main also changes/);
  assert.match(e.hint, /delete 0002_email_required\.sql, run `liteform plan`/);
  assert.deepEqual(snapshotDir(dir), before, 'nothing renamed or rewritten');
});
