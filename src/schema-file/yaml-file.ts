/**
 * A desired state written as YAML (format: schema/liteform.schema.json).
 *
 * The file is checked in passes, each reporting every problem it finds as `file:line:col: message`
 * (one line per problem, in file order): YAML syntax (yaml-document), then the JSON Schema
 * (yaml-validate), then rules a JSON Schema cannot express (yaml-checks). The result is rendered as
 * CREATE statements (yaml-render) and run by SQLite in a scratch database (yaml-build-model), like a
 * `.sql` desired state.
 */
import type { DesiredState } from '../model/schema-model.js';
import { buildYamlModel } from './yaml-build-model.js';
import { checkYamlSemantics } from './yaml-checks.js';
import { parseYamlDocument } from './yaml-document.js';
import { problemOf, throwIfAny } from './yaml-problem.js';
import { yamlRenameHints } from './yaml-rename-hints.js';
import { renderStatements } from './yaml-render.js';
import type { NumberSource } from './yaml-render-table.js';
import { nodesAt } from './yaml-source.js';
import { yamlLibrary } from './yaml-library.js';
import { validateYamlShape } from './yaml-validate.js';
import { readSchemaFile } from './read-schema-file.js';

export function loadYamlSchemaText(text: string, file: string): DesiredState {
  const source = parseYamlDocument(text, file);
  const doc = validateYamlShape(source);
  throwIfAny(source, checkYamlSemantics(doc).map((f) => problemOf(source, f)), `fix the listed problems in ${file}`);
  const { isScalar } = yamlLibrary();
  const numberSource: NumberSource = (path) => {
    const { value } = nodesAt(source.doc, path);
    return isScalar(value) ? value.source : undefined;
  };
  const model = buildYamlModel(source, renderStatements(doc, numberSource));
  return { model, hints: yamlRenameHints(doc), source: file };
}

export function loadYamlSchemaFile(file: string): DesiredState {
  return loadYamlSchemaText(readSchemaFile(file), file);
}
