/**
 * Problems found in a YAML file. Every pass reports all it finds, then they are thrown together as one
 * error: `file:line:col: message`, one line per problem, in file order.
 */
import { LiteformError } from '../errors.js';
import { offsetOf, type Location, type Path, type YamlSource } from './yaml-source.js';

/** A problem at a node, before its position is looked up. */
export interface Finding extends Location {
  readonly text: string;
}

export interface Problem {
  readonly offset: number;
  readonly text: string;
}

const simpleName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `tables.users.columns.id`, `tables.users.checks[1]`, `tables."order items"`: how a problem names its node. */
export function displayPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += `${out === '' ? '' : '.'}${simpleName.test(seg) ? seg : JSON.stringify(seg)}`;
  }
  return out === '' ? 'document' : out;
}

export function finding(path: Path, message: string, onKey = false): Finding {
  return { path, onKey, text: `${displayPath(path)}: ${message}` };
}

export function problemOf(source: YamlSource, f: Finding): Problem {
  return { offset: offsetOf(source.doc, f), text: f.text };
}

/** Throws one error listing every problem, one per line, in file order. */
export function fail(source: YamlSource, problems: readonly Problem[], hint: string): never {
  const lines = [...problems]
    .sort((a, b) => a.offset - b.offset)
    .map((p) => {
      const { line, col } = source.lines.linePos(p.offset);
      return `${source.file}:${line}:${col}: ${p.text}`;
    });
  throw new LiteformError('LITEFORM_SCHEMA_INVALID', [...new Set(lines)].join('\n'), hint);
}

export function throwIfAny(source: YamlSource, problems: readonly Problem[], hint: string): void {
  if (problems.length > 0) fail(source, problems, hint);
}
