/**
 * Structural equality of model data (plain objects, arrays, strings, numbers, booleans, null). Used as
 * a fast path: two equal tables have no changes, whatever the normalisation would say, and on a large
 * schema nearly every table is equal to its counterpart. A false answer only means "diff them".
 *
 * `plan --dir` compares each desired table with the table it planned from, then with the one the file
 * reached (mostly the same object), then the two whole models: inside withModelMemo (model/model-memo.ts)
 * the pairs a call found equal are remembered (not every object inside them: that would cost more than
 * it saves) and not walked again.
 */
import { modelMemo } from '../model/model-memo.js';

export function sameData(a: unknown, b: unknown): boolean {
  if (!equal(a, b)) return false;
  const knownEqual = modelMemo()?.equal;
  if (knownEqual !== undefined && typeof a === 'object' && a !== null && a !== b) {
    const known = knownEqual.get(a);
    if (known === undefined) knownEqual.set(a, new WeakSet([b as object]));
    else known.add(b as object);
  }
  return true;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (modelMemo()?.equal.get(a)?.has(b) === true) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
