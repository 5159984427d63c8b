/**
 * Memos keyed by model objects (a model's schemaHash; pairs of objects found equal as data), alive only
 * inside withModelMemo. Inside, the caller owns every model it compares and hashes and changes none of
 * them, so a remembered answer stays right: `plan --dir` hashes and compares the same 1,000 tables
 * several times. Outside (library callers, a fleet worker's long life) nothing is remembered, so a model
 * a caller changes in place is never answered for from before the change.
 */
export interface ModelMemo {
  readonly hashes: WeakMap<object, string>;
  readonly equal: WeakMap<object, WeakSet<object>>;
}

let active: ModelMemo | null = null;

export function withModelMemo<T>(fn: () => T): T {
  if (active !== null) return fn();
  active = { hashes: new WeakMap(), equal: new WeakMap() };
  try {
    return fn();
  } finally {
    active = null;
  }
}

/** The memo in force, or null. */
export function modelMemo(): ModelMemo | null {
  return active;
}
