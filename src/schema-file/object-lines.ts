/**
 * Where the desired-state file defines an object: the line of a table's, view's or trigger's key in
 * YAML, or of its CREATE statement in .sql. For pointing a reader (an annotation) at the definition of
 * a change no migration covers; only called on a file that already loaded cleanly.
 */
import { extname } from 'node:path';
import { foldName } from '../model/normalize.js';
import { splitStatements } from '../model/split-statements.js';
import { readSchemaFile } from './read-schema-file.js';
import { parseYamlDocument } from './yaml-document.js';
import { createdObject } from './sql-file-warnings.js';
import { yamlLibrary } from './yaml-library.js';

/** Object name (folded) → 1-based line; an object the file does not define is absent. */
export function objectLines(file: string): ReadonlyMap<string, number> {
  const text = readSchemaFile(file);
  const out = new Map<string, number>();
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    const { doc, lines } = parseYamlDocument(text, file);
    const { isMap, isScalar } = yamlLibrary();
    if (!isMap(doc.contents)) return out;
    for (const section of doc.contents.items) {
      if (!isScalar(section.key) || !['tables', 'views', 'triggers'].includes(String(section.key.value)) || !isMap(section.value)) continue;
      for (const item of section.value.items) {
        const at = isScalar(item.key) ? item.key.range?.[0] : undefined;
        if (at !== undefined && isScalar(item.key) && !out.has(foldName(String(item.key.value)))) out.set(foldName(String(item.key.value)), lines.linePos(at).line);
      }
    }
    return out;
  }
  for (const st of splitStatements(text)) {
    const created = createdObject(st.tokens.filter((t) => t.kind !== 'comment'));
    if (created !== null && !out.has(foldName(created.name))) out.set(foldName(created.name), st.line);
  }
  return out;
}
