/** Pass 1: YAML syntax. The document is parsed with positions, which every later pass reports against. */
import type { Document, Scalar, YAMLError } from 'yaml';
import { yamlLibrary } from './yaml-library.js';
import { throwIfAny, type Problem } from './yaml-problem.js';
import { startOf, type YamlSource } from './yaml-source.js';

/** The scalar starting or ending at `offset`, if any. */
function scalarAt(doc: Document, offset: number, end: boolean): Scalar | undefined {
  let found: Scalar | undefined;
  yamlLibrary().visit(doc, {
    Scalar(_, node) {
      if (node.range?.[end ? 1 : 0] === offset) found = node;
    },
  });
  return found;
}

function yamlErrorText(e: YAMLError, doc: Document): string {
  switch (e.code) {
    case 'DUPLICATE_KEY':
      return `YAML: duplicate key '${String(scalarAt(doc, e.pos[0], false)?.value ?? '')}' (keys of a mapping must be unique)`;
    case 'MULTIPLE_DOCS':
      return `YAML: a schema file holds one document; remove the '---' separator`;
    default:
      return `YAML: ${e.message}`;
  }
}

/** An unclosed quote is only noticed at the end of the file; the opening quote is where to look. */
function syntaxErrorOffset(e: YAMLError, doc: Document): number {
  if (e.code !== 'MISSING_CHAR') return e.pos[0];
  const quoted = scalarAt(doc, e.pos[0], true);
  return quoted !== undefined && (quoted.type === 'QUOTE_DOUBLE' || quoted.type === 'QUOTE_SINGLE') ? startOf(quoted) ?? e.pos[0] : e.pos[0];
}

/** Names are map keys; `true:`, `1.0:` or `null:` would silently become the strings "true", "1", "". */
function nonStringKeys(doc: Document): Problem[] {
  const { isScalar, visit } = yamlLibrary();
  const out: Problem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const k = pair.key;
      if (isScalar(k) && typeof k.value === 'string') return;
      const offset = startOf(k) ?? startOf(pair.value) ?? 0;
      const written = isScalar(k) ? k.source ?? String(k.value) : '';
      out.push({
        offset,
        text: isScalar(k) && k.value !== null
          ? `YAML: key ${written} is read as a ${typeof k.value}, not a name; quote it ("${written}")`
          : 'YAML: a key must be a plain name',
      });
    },
  });
  return out;
}

/**
 * Keys repeated in one mapping. The yaml library's own check (`uniqueKeys`) compares each key with
 * every earlier one, which is quadratic in a mapping's size (8,000 tables: seconds); a set per
 * mapping finds the same keys. Keys that are not strings are reported by `nonStringKeys`.
 */
function duplicateKeys(doc: Document): Problem[] {
  const { isScalar, visit } = yamlLibrary();
  const out: Problem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k) || typeof k.value !== 'string') continue;
        if (seen.has(k.value)) out.push({ offset: startOf(k) ?? 0, text: `YAML: duplicate key '${k.value}' (keys of a mapping must be unique)` });
        seen.add(k.value);
      }
    },
  });
  return out;
}

export function parseYamlDocument(text: string, file: string): YamlSource {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const source = { file, doc, lines };
  const syntax = doc.errors.map((e) => ({ offset: syntaxErrorOffset(e, doc), text: yamlErrorText(e, doc) }));
  throwIfAny(source, [...syntax, ...duplicateKeys(doc), ...nonStringKeys(doc)], 'fix the YAML syntax');
  return source;
}
