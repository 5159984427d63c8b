/** Dependency ordering: parents before children, views after the views they read. */
import { foldName as lc } from '../model/normalize.js';

/**
 * Orders items so that each comes after the items it depends on (by name, case-insensitive).
 * Cycles (possible between FK-linked tables) keep their input order. Stable otherwise.
 */
export function orderByDependencies<T>(items: readonly T[], nameOf: (x: T) => string, dependsOn: (x: T) => readonly string[]): T[] {
  const byName = new Map(items.map((x) => [lc(nameOf(x)), x]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (x: T): void => {
    const k = lc(nameOf(x));
    if (state.get(k) !== undefined) return;
    state.set(k, 'visiting');
    for (const d of dependsOn(x)) {
      const dep = byName.get(lc(d));
      if (dep !== undefined && lc(d) !== k) visit(dep);
    }
    state.set(k, 'done');
    out.push(x);
  };
  for (const x of items) visit(x);
  return out;
}
