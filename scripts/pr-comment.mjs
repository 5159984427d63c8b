#!/usr/bin/env node
// Upserts one sticky pull-request comment holding liteform's report: finds the comment this script
// wrote before by a hidden marker and edits it (PATCH), or creates it (POST) the first time. An
// unchanged body is not written again, so a push that changes nothing notifies nobody.
//
// Usage: node scripts/pr-comment.mjs FILE [FILE …]   (the files' Markdown, joined, is the body)
// Environment (set by the GitHub runner): GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_EVENT_PATH
// (the event payload: pull_request.number), GITHUB_API_URL (default https://api.github.com).
// LITEFORM_COMMENT_KEY tells two reports in one pull request apart (the action passes the migrations dir).
// No dependencies: Node 20's fetch.
import { readFileSync } from 'node:fs';

const env = process.env;
const say = (line) => process.stdout.write(`${line}\n`);
// Workflow-command escaping for the message (see src/render/github.ts).
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function fail(message) {
  say(`::error title=liteform comment::${escapeData(message)}`);
  process.exit(1);
}

const files = process.argv.slice(2);
if (files.length === 0) fail('usage: pr-comment.mjs FILE [FILE …]');
if (!env.GITHUB_TOKEN) fail('GITHUB_TOKEN is not set: pass `github-token` to the action (the default is the workflow token)');
if (!env.GITHUB_REPOSITORY || !/^[^/\s]+\/[^/\s]+$/.test(env.GITHUB_REPOSITORY)) fail(`GITHUB_REPOSITORY '${env.GITHUB_REPOSITORY ?? ''}' is not owner/name`);
if (!env.GITHUB_EVENT_PATH) fail('GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions job');

const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
if (!Number.isInteger(number)) {
  say('liteform comment: not a pull request event; nothing to comment on.');
  process.exit(0);
}

const key = (env.LITEFORM_COMMENT_KEY ?? 'default').replace(/--+|[<>\r\n]/g, '_');
const marker = `<!-- liteform:pr-report ${key} -->`;
// GitHub refuses a comment over 65536 characters: cut the report, keeping the marker and saying so.
const limit = 65000;
let report = files.map((f) => readFileSync(f, 'utf8').trimEnd()).join('\n\n');
if (report.length > limit) report = `${report.slice(0, limit)}\n\n… (cut: the full report is in the job summary)`;
const body = `${marker}\n${report}\n`;

const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
const base = `${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
const headers = {
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${env.GITHUB_TOKEN}`,
  'x-github-api-version': '2022-11-28',
  'user-agent': 'liteform-action',
};

async function call(method, url, payload) {
  const res = await fetch(url, { method, headers: payload ? { ...headers, 'content-type': 'application/json' } : headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  const text = await res.text();
  if (res.status === 403) {
    // A pull request from a fork gets a read-only token: the check still gates; only the comment is skipped.
    say(`::warning title=liteform comment::${escapeData(`${method} ${url.slice(api.length)} answered ${res.status}: the token cannot comment here (a fork's pull request gets a read-only token); the report is in the job summary`)}`);
    process.exit(0);
  }
  if (!res.ok) fail(`${method} ${url.slice(api.length)} answered ${res.status}: ${text.slice(0, 300)}`);
  return text === '' ? null : JSON.parse(text);
}

// Our comment: the first one whose body starts with the marker, across every page of the comments.
let existing = null;
for (let page = 1; existing === null; page++) {
  const comments = await call('GET', `${base}/issues/${number}/comments?per_page=100&page=${page}`);
  existing = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker)) ?? null;
  if (comments.length < 100) break;
}

if (existing === null) {
  const c = await call('POST', `${base}/issues/${number}/comments`, { body });
  say(`liteform comment: created ${c?.html_url ?? `comment ${c?.id}`}`);
} else if (existing.body === body) {
  say(`liteform comment: ${existing.html_url ?? `comment ${existing.id}`} is up to date`);
} else {
  const c = await call('PATCH', `${base}/issues/comments/${existing.id}`, { body });
  say(`liteform comment: updated ${c?.html_url ?? `comment ${existing.id}`}`);
}
