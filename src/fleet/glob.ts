/**
 * A small glob for fleet targets (`--db 'tenants/*.db'`): `*` and `?` within one path segment, `[abc]`,
 * `[a-z]` and `[!x]` character classes, and `**` for any number of directories. Node 20 has no stable
 * fs.glob, and one matcher is smaller than a dependency. Hidden entries match only a pattern that names the dot.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** True when `text` holds a glob character (`*`, `?`, `[`). */
export function hasGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

/** One path segment's pattern as a regular expression; null when the segment has no glob character. */
export function segmentRegExp(segment: string): RegExp | null {
  if (!hasGlob(segment)) return null;
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) { re += '\\['; continue; }
      let body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      re += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, (x) => `\\${x}`)}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, (x) => `\\${x}`);
  }
  return new RegExp(`^${re}$`);
}

function list(dir: string): { name: string; isDir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() }));
  } catch {
    return [];
  }
}

/** The files matching `pattern` (relative to `cwd` unless absolute), sorted; directories are never matched. */
export function expandGlob(pattern: string, cwd = process.cwd()): string[] {
  const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  const parts = absolute.split(sep);
  // The fixed prefix (no glob character) is walked directly; matching starts at the first glob segment.
  const firstGlob = parts.findIndex((p) => hasGlob(p));
  if (firstGlob < 0) return [absolute];
  const base = parts.slice(0, firstGlob).join(sep) || sep;
  const out = new Set<string>();
  const walk = (dir: string, rest: readonly string[]): void => {
    const [head, ...tail] = rest;
    if (head === undefined) return;
    if (head === '**') {
      walk(dir, tail); // zero directories
      for (const e of list(dir)) if (e.isDir && !e.name.startsWith('.')) walk(join(dir, e.name), rest);
      return;
    }
    const re = segmentRegExp(head);
    const entries = re === null ? list(dir).filter((e) => e.name === head) : list(dir).filter((e) => re.test(e.name) && (!e.name.startsWith('.') || head.startsWith('.')));
    for (const e of entries) {
      if (tail.length === 0) { if (!e.isDir) out.add(join(dir, e.name)); }
      else if (e.isDir) walk(join(dir, e.name), tail);
    }
  };
  walk(base, parts.slice(firstGlob));
  return [...out].sort();
}
