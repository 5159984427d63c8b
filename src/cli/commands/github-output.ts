/**
 * `--format github`: workflow commands on stdout (the runner turns them into annotations on the pull
 * request's diff), and the Markdown report appended to the job summary when $GITHUB_STEP_SUMMARY is set.
 */
import { appendFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { renderAnnotations, type Annotation } from '../../render/github.js';
import type { Output } from '../output.js';

/** A path as the runner matches it against the diff: relative to the workspace (or the working directory), with `/`. */
export function repoPath(p: string): string {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const abs = isAbsolute(p) ? p : resolve(p);
  const rel = relative(root, abs);
  return (rel === '' || rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

export function printGithub(io: Output, annotations: readonly Annotation[], summary: string): void {
  io.raw(renderAnnotations(annotations));
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, summary.endsWith('\n') ? summary : `${summary}\n`);
}
