// The reusable action (issue 11, point 3): scripts/pr-comment.mjs run as the runner would, with a fake
// event payload and GITHUB_* variables, against a real HTTP server on 127.0.0.1 that records requests
// (the network is replaced only at the HTTP boundary); and action.yml's own steps run in order by bash
// in a temp git repository, as a composite action runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { cli, root, tempDir } from './helpers/cases.mjs';
import { gitRepo } from './helpers/git.mjs';

/** A fake GitHub REST API for issue comments: state in memory, every request recorded. */
async function fakeGithub({ preload = 0, status = null } = {}) {
  const comments = [];
  for (let i = 0; i < preload; i++) comments.push({ id: 1000 + i, body: `someone else's comment ${i}`, html_url: `https://github.test/c/${1000 + i}` });
  const requests = [];
  let nextId = 5000;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      requests.push({ method: req.method, path: url.pathname, query: url.search, auth: req.headers.authorization, accept: req.headers.accept, body: data === '' ? null : JSON.parse(data) });
      const send = (code, value) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
      if (status !== null) return send(status, { message: 'Resource not accessible by integration' });
      if (req.method === 'GET' && url.pathname === '/repos/acme/app/issues/7/comments') {
        const per = Number(url.searchParams.get('per_page'));
        const page = Number(url.searchParams.get('page'));
        return send(200, comments.slice((page - 1) * per, page * per));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/app/issues/7/comments') {
        const c = { id: nextId++, body: JSON.parse(data).body, html_url: `https://github.test/c/${nextId - 1}` };
        comments.push(c);
        return send(201, c);
      }
      const m = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && m) {
        const c = comments.find((x) => x.id === Number(m[1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = JSON.parse(data).body;
        return send(200, c);
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, comments, requests, close: () => new Promise((r) => server.close(r)) };
}

/** Runs a process without blocking this one's event loop (the fake API answers from it). */
function run(cmd, args, { env, cwd, input } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    if (input !== undefined) p.stdin.end(input);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function runnerEnv(api, dir, extra = {}) {
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main' } } }));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('LITEFORM_') && k !== 'RUNNER_TEMP'));
  return { ...env, NO_COLOR: '1', GITHUB_API_URL: api, GITHUB_REPOSITORY: 'acme/app', GITHUB_EVENT_PATH: event, GITHUB_TOKEN: 'test-token', ...extra };
}

const script = join(root, 'scripts', 'pr-comment.mjs');

test('pr-comment: creates the comment once (past a full first page of others), edits it in place after, and skips an unchanged body', async () => {
  const gh = await fakeGithub({ preload: 100 });
  try {
    const dir = tempDir('liteform-action-');
    const env = runnerEnv(gh.url, dir, { LITEFORM_COMMENT_KEY: 'migrations' });
    writeFileSync(join(dir, 'report.md'), '### liteform: 1 new migration file\n');
    writeFileSync(join(dir, 'check.md'), '### liteform check\n\n✅ ok\n');
    let r = await run(process.execPath, [script, join(dir, 'report.md'), join(dir, 'check.md')], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /created https:\/\/github\.test\/c\/5000/);
    assert.deepEqual(gh.requests.map((q) => `${q.method} ${q.path}${q.query}`), [
      'GET /repos/acme/app/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/app/issues/7/comments?per_page=100&page=2',
      'POST /repos/acme/app/issues/7/comments',
    ]);
    assert.ok(gh.requests.every((q) => q.auth === 'Bearer test-token' && q.accept === 'application/vnd.github+json'));
    const posted = gh.requests[2].body.body;
    assert.equal(posted, '<!-- liteform:pr-report migrations -->\n### liteform: 1 new migration file\n\n### liteform check\n\n✅ ok\n');

    // A second push changes the report: the same comment is edited (PATCH), no new one is created.
    gh.requests.length = 0;
    writeFileSync(join(dir, 'report.md'), '### liteform: 2 new migration files\n');
    r = await run(process.execPath, [script, join(dir, 'report.md'), join(dir, 'check.md')], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(gh.requests.map((q) => `${q.method} ${q.path}`), ['GET /repos/acme/app/issues/7/comments', 'GET /repos/acme/app/issues/7/comments', 'PATCH /repos/acme/app/issues/comments/5000']);
    assert.match(gh.requests[2].body.body, /2 new migration files/);
    assert.equal(gh.comments.filter((c) => c.body.startsWith('<!-- liteform:pr-report')).length, 1);

    // A push that changes nothing writes nothing.
    gh.requests.length = 0;
    r = await run(process.execPath, [script, join(dir, 'report.md'), join(dir, 'check.md')], { env });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /is up to date/);
    assert.ok(gh.requests.every((q) => q.method === 'GET'));

    // Another key (a second migrations directory) is a second comment.
    r = await run(process.execPath, [script, join(dir, 'report.md')], { env: { ...env, LITEFORM_COMMENT_KEY: 'db/other' } });
    assert.equal(r.code, 0);
    assert.equal(gh.comments.filter((c) => c.body.startsWith('<!-- liteform:pr-report')).length, 2);
  } finally {
    await gh.close();
  }
});

test('pr-comment: a read-only token (a fork) is a warning, not a failure; not a pull request is a no-op; a server error fails', async () => {
  const dir = tempDir('liteform-action-');
  writeFileSync(join(dir, 'r.md'), 'x\n');
  const forbidden = await fakeGithub({ status: 403 });
  try {
    const r = await run(process.execPath, [script, join(dir, 'r.md')], { env: runnerEnv(forbidden.url, dir) });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^::warning title=liteform comment::GET .* answered 403/m);
  } finally {
    await forbidden.close();
  }
  const broken = await fakeGithub({ status: 500 });
  try {
    const r = await run(process.execPath, [script, join(dir, 'r.md')], { env: runnerEnv(broken.url, dir) });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error title=liteform comment::GET .* answered 500/m);
    writeFileSync(join(dir, 'push.json'), JSON.stringify({ ref: 'refs/heads/main' }));
    const push = await run(process.execPath, [script, join(dir, 'r.md')], { env: { ...runnerEnv(broken.url, dir), GITHUB_EVENT_PATH: join(dir, 'push.json') } });
    assert.equal(push.code, 0);
    assert.match(push.stdout, /not a pull request event/);
    assert.equal(broken.requests.length, 1, 'the push event made no request');
  } finally {
    await broken.close();
  }
});

/**
 * Runs action.yml's composite steps in order with bash, as the runner does: `${{ … }}` in env and `if:`
 * resolved from inputs, step outputs and the event; GITHUB_OUTPUT read back after each step.
 */
async function runAction(inputs, { cwd, env, event }) {
  const action = YAML.parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  assert.equal(action.runs.using, 'composite');
  const ctx = { inputs: {}, steps: {}, github: { token: 'test-token', event } };
  for (const [k, v] of Object.entries(action.inputs)) ctx.inputs[k] = String(v.default ?? '');
  const resolve = (path) => path.trim().split('.').reduce((o, k) => (o == null ? undefined : o[k]), ctx);
  const expand = (s) => String(s).replace(/\$\{\{([^}]*)\}\}/g, (_, p) => String(resolve(p) ?? ''));
  for (const [k, v] of Object.entries(action.inputs)) ctx.inputs[k] = expand(ctx.inputs[k]);
  Object.assign(ctx.inputs, inputs);
  const log = [];
  for (const step of action.runs.steps) {
    if (step.if !== undefined) {
      // The expressions used are valid JavaScript over these contexts ('==' between strings, &&, a truthy object).
      const ok = new Function('inputs', 'steps', 'github', `return (${step.if});`)(ctx.inputs, ctx.steps, ctx.github);
      if (!ok) { log.push({ id: step.id, skipped: true }); continue; }
    }
    const output = join(env.RUNNER_TEMP, `output-${step.id ?? 'last'}`);
    writeFileSync(output, '');
    const stepEnv = { ...env, GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: root };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(v);
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { env: stepEnv, cwd });
    const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (step.id) ctx.steps[step.id] = { outputs };
    log.push({ id: step.id, ...r, outputs });
    if (r.code !== 0) return { log, code: r.code };
  }
  return { log, code: 0 };
}

test('action.yml: check annotations and exit code, the report, and one sticky comment, run step by step in a git repository', async () => {
  const { cwd, git } = gitRepo('liteform-action-repo-');
  const fixture = join(root, 'test', 'fixtures', 'pr-report');
  mkdirSync(join(cwd, 'migrations'));
  cpSync(join(fixture, 'migrations', '0001_init.sql'), join(cwd, 'migrations', '0001_init.sql'));
  const lf = (...args) => run(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal((await lf('hash', '--dir', 'migrations')).code, 0);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  for (const f of ['0002_add_bio.sql', '0003_drop_legacy_token.sql']) cpSync(join(fixture, 'migrations', f), join(cwd, 'migrations', f));
  assert.equal((await lf('hash', '--dir', 'migrations')).code, 0);
  git('add', '-A');
  git('commit', '-q', '-m', 'feature');

  const gh = await fakeGithub();
  try {
    const temp = tempDir('liteform-runner-');
    const summary = join(temp, 'summary.md');
    const event = { pull_request: { number: 7 } };
    const env = { ...runnerEnv(gh.url, temp), RUNNER_TEMP: temp, GITHUB_WORKSPACE: cwd, GITHUB_STEP_SUMMARY: summary };
    const inputs = { migrations: 'migrations', base: 'main', command: `${process.execPath} ${cli}` };
    let a = await runAction(inputs, { cwd, env, event });
    assert.equal(a.code, 0, JSON.stringify(a.log, null, 2));
    const [check, report, comment] = a.log;
    assert.equal(check.outputs['exit-code'], '0');
    assert.match(check.stdout, /liteform check: ok/);
    assert.match(report.stdout, /^::error file=migrations\/0003_drop_legacy_token\.sql,line=23,col=1,title=liteform LF102%3A drop column::drops column users\.legacy_token/m);
    assert.match(comment.stdout, /created/);
    const body = gh.comments[0].body;
    assert.ok(body.startsWith('<!-- liteform:pr-report migrations -->\n### liteform: 2 new migration files (compared with `main`)'), body);
    assert.match(body, /\*\*Destructive\*\* — LF102/);
    assert.match(body, /### liteform check\n\n✅ Migrations, database and desired state agree\./);
    assert.match(readFileSync(summary, 'utf8'), /### liteform check[\s\S]*### liteform: 2 new migration files/);

    // main moves on with its own 0002: the branch's 0002 now clashes. check fails the job; the comment is edited.
    git('checkout', '-q', 'main');
    writeFileSync(join(cwd, 'migrations', '0002_other.sql'), '-- liteform migration 0002: other\nCREATE TABLE other (id INTEGER PRIMARY KEY);\n');
    assert.equal((await lf('hash', '--dir', 'migrations')).code, 0);
    git('add', '-A');
    git('commit', '-q', '-m', 'main moves on');
    git('checkout', '-q', 'feature');
    gh.requests.length = 0;
    a = await runAction(inputs, { cwd, env, event });
    assert.equal(a.code, 2, 'the job fails with check\'s exit code');
    assert.equal(a.log[0].outputs['exit-code'], '2');
    assert.match(a.log[0].stdout, /^::error file=migrations\/0002_add_bio\.sql,line=1,title=liteform check%3A version-conflict \(LITEFORM_VERSION_CONFLICT\)::0002_add_bio\.sql is new on this branch but not numbered after main's last migration 0002_other\.sql/m);
    assert.deepEqual(gh.requests.filter((q) => q.method !== 'GET').map((q) => q.method), ['PATCH']);
    assert.equal(gh.comments.length, 1);
    assert.match(gh.comments[0].body, /liteform plan --rebase --since/);

    // comment: false — annotations and summary only, no request.
    gh.requests.length = 0;
    a = await runAction({ ...inputs, comment: 'false' }, { cwd, env, event });
    assert.equal(a.code, 2);
    assert.ok(a.log.find((s) => s.id === 'comment').skipped);
    assert.equal(gh.requests.length, 0);
  } finally {
    await gh.close();
  }
});
