/** `renamedFrom` hints that cannot be followed: the old name is still declared, or claimed twice. */
import { finding, type Finding } from './yaml-problem.js';
import type { YamlSchema } from './yaml-schema.js';
import type { Path } from './yaml-source.js';
import { columnsOf, lc, tablePath } from './yaml-table.js';

/** A rename hint must name something that no longer exists here, and only one object can come from it. */
function checkRenameHints(items: readonly { name: string; from: string | undefined; path: Path }[], kind: string): Finding[] {
  const declared = new Set(items.map((i) => lc(i.name)));
  const claimed = new Map<string, string>();
  const out: Finding[] = [];
  for (const item of items) {
    if (item.from === undefined) continue;
    const path = [...item.path, 'renamedFrom'];
    const other = claimed.get(lc(item.from));
    if (declared.has(lc(item.from)) && lc(item.from) !== lc(item.name)) {
      out.push(finding(path, `${kind} '${item.from}' is still declared; a renamed ${kind} must not keep its old name`));
    } else if (other !== undefined) {
      out.push(finding(path, `${kind} '${other}' is already renamed from '${item.from}'`));
    }
    claimed.set(lc(item.from), item.name);
  }
  return out;
}

export function checkRenames(doc: YamlSchema): Finding[] {
  const tables = Object.entries(doc.tables ?? {});
  return [
    ...checkRenameHints(tables.map(([name, t]) => ({ name, from: t.renamedFrom, path: tablePath(name) })), 'table'),
    ...tables.flatMap(([t, table]) =>
      checkRenameHints(columnsOf(t, table).map((c) => ({ name: c.name, from: c.def.renamedFrom, path: c.path })), 'column'),
    ),
  ];
}
