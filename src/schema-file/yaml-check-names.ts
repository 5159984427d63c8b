/** Names SQLite would reject: the same name twice (as SQLite compares names), or a reserved prefix. */
import { isUserTableName } from '../model/internal-names.js';
import { finding, type Finding } from './yaml-problem.js';
import type { YamlSchema } from './yaml-schema.js';
import type { Path } from './yaml-source.js';
import { columnsOf, lc, tablePath } from './yaml-table.js';

const namespaceNote = '(SQLite names are case-insensitive; tables, views, virtual tables and indexes share one namespace)';

interface NamedNode {
  readonly kind: string;
  readonly name: string;
  readonly path: Path;
}

/** Objects in SQLite's shared namespace, in document order of kinds. */
function namespaceEntries(doc: YamlSchema): NamedNode[] {
  const out: NamedNode[] = [];
  for (const [name, table] of Object.entries(doc.tables ?? {})) {
    out.push({ kind: 'table', name, path: tablePath(name) });
    for (const idx of Object.keys(table.indexes ?? {})) out.push({ kind: 'index', name: idx, path: [...tablePath(name), 'indexes', idx] });
  }
  for (const name of Object.keys(doc.views ?? {})) out.push({ kind: 'view', name, path: ['views', name] });
  for (const name of Object.keys(doc.virtualTables ?? {})) out.push({ kind: 'virtual table', name, path: ['virtualTables', name] });
  return out;
}

function duplicateNames(entries: readonly NamedNode[], note: string): Finding[] {
  const seen = new Map<string, NamedNode>();
  const out: Finding[] = [];
  for (const e of entries) {
    const first = seen.get(lc(e.name));
    if (first) out.push(finding(e.path, `${e.kind} name '${e.name}' is already used by ${first.kind} '${first.name}' ${note}`, true));
    else seen.set(lc(e.name), e);
  }
  return out;
}

function triggerEntries(doc: YamlSchema): NamedNode[] {
  return Object.keys(doc.triggers ?? {}).map((name) => ({ kind: 'trigger', name, path: ['triggers', name] }));
}

function reservedNames(doc: YamlSchema): Finding[] {
  return [...namespaceEntries(doc), ...triggerEntries(doc)]
    .filter((e) => !isUserTableName(e.name))
    .map((e) => finding(e.path, `${e.kind} name '${e.name}' is reserved (names starting with sqlite_ belong to SQLite, _liteform_ to liteform)`, true));
}

export function checkNames(doc: YamlSchema): Finding[] {
  const columnDuplicates = Object.entries(doc.tables ?? {}).flatMap(([t, table]) =>
    duplicateNames(columnsOf(t, table).map((c) => ({ kind: 'column', name: c.name, path: c.path })), `in table '${t}' (SQLite names are case-insensitive)`),
  );
  return [
    ...duplicateNames(namespaceEntries(doc), namespaceNote),
    ...duplicateNames(triggerEntries(doc), '(SQLite names are case-insensitive)'),
    ...columnDuplicates,
    ...reservedNames(doc),
  ];
}
