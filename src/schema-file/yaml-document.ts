/** Pass 1: YAML syntax. The document is parsed with positions, which every later pass reports against. */
import { LineCounter, isScalar, parseDocument, visit, type Document, type Scalar, type YAMLError } from 'yaml';
import { throwIfAny, type Problem } from './yaml-problem.js';
import { startOf, type YamlSource } from './yaml-source.js';

/** The scalar starting or ending at `offset`, if any. */
function scalarAt(doc: Document, offset: number, end: boolean): Scalar | undefined {
  let found: Scalar | undefined;
  visit(doc, {
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

export function parseYamlDocument(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source = { file, doc, lines };
  const syntax = doc.errors.map((e) => ({ offset: syntaxErrorOffset(e, doc), text: yamlErrorText(e, doc) }));
  throwIfAny(source, [...syntax, ...nonStringKeys(doc)], 'fix the YAML syntax');
  return source;
}
