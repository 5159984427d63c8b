import type { ForeignKey } from './schema-model.js';

/** How a plan names a foreign key's parent: `parents(id)`, or `parents` when the source named no columns (the two differ). */
export function referenceText(fk: ForeignKey): string {
  return fk.refColumnsImplicit ? fk.refTable : `${fk.refTable}(${fk.refColumns.join(', ')})`;
}
