/**
 * A parsed YAML file and the positions of its nodes. Checks name a path into the document rather than
 * a position, so they can work on plain data; the position is looked up here, once, when reporting.
 */
import type { Document, LineCounter, Pair, YAMLMap } from 'yaml';
import { yamlLibrary } from './yaml-library.js';

export interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export type Path = readonly (string | number)[];

/** A node of the document: its value, or (`onKey`) the key naming it, which is where a name-level problem is. */
export interface Location {
  readonly path: Path;
  readonly onKey?: boolean;
}

/**
 * A mapping's pairs by key text, built on first lookup: finding a key by scanning the pairs made
 * every lookup in the `tables` mapping linear, and checks look up every column's path.
 * The first pair wins for a repeated key, as a scan would (duplicates are rejected before any lookup).
 */
const pairsByKey = new WeakMap<object, ReadonlyMap<string, Pair>>();

function pairNamed(map: YAMLMap, seg: string | number): Pair | undefined {
  let index = pairsByKey.get(map);
  if (index === undefined) {
    const { isScalar } = yamlLibrary();
    const m = new Map<string, Pair>();
    for (const p of map.items) if (isScalar(p.key) && !m.has(String(p.key.value))) m.set(String(p.key.value), p);
    index = m;
    pairsByKey.set(map, index);
  }
  return index.get(String(seg));
}

/** The key and value nodes at `path`, as far as the path leads (a missing step stops at its parent). */
export function nodesAt(doc: Document, path: Path): { key: unknown; value: unknown } {
  const { isAlias, isMap, isSeq } = yamlLibrary();
  let key: unknown = null;
  let value: unknown = doc.contents;
  for (const seg of path) {
    if (isAlias(value)) value = value.resolve(doc);
    if (isMap(value)) {
      const pair = pairNamed(value, seg);
      if (!pair) break;
      key = pair.key;
      value = pair.value;
    } else if (isSeq(value) && typeof seg === 'number' && value.items[seg] !== undefined) {
      key = null;
      value = value.items[seg];
    } else {
      break;
    }
  }
  return { key, value };
}

export function startOf(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0];
}

/** An empty value (`users:` with nothing after it) has no useful position of its own: the key is where to look. */
function isEmptyScalar(node: unknown): boolean {
  return yamlLibrary().isScalar(node) && node.value === null && !node.source;
}

export function offsetOf(doc: Document, loc: Location): number {
  const { key, value } = nodesAt(doc, loc.path);
  const preferKey = loc.onKey === true || value === null || isEmptyScalar(value);
  return (preferKey ? startOf(key) ?? startOf(value) : startOf(value) ?? startOf(key)) ?? 0;
}
