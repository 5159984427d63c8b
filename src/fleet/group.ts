/** Targets grouped by the hash of their live schema: one plan per distinct starting state. */

/** What was read from one target: its version and schema hash, or why it could not be read. */
export type TargetState =
  | { readonly kind: 'read'; readonly target: string; readonly version: string | null; readonly hash: string }
  | { readonly kind: 'failed'; readonly target: string; readonly code: string; readonly message: string };

export interface TargetGroup {
  readonly hash: string;
  /** Targets in the order given. */
  readonly targets: readonly string[];
  /** Each recorded version in the group and how many targets are at it (null: nothing applied). */
  readonly versions: readonly { readonly version: string | null; readonly count: number }[];
}

/** Groups by schema hash; largest group first, ties in order of first appearance. */
export function groupBySchema(states: readonly TargetState[]): TargetGroup[] {
  const groups = new Map<string, { targets: string[]; versions: Map<string | null, number> }>();
  for (const s of states) {
    if (s.kind !== 'read') continue;
    const g = groups.get(s.hash) ?? { targets: [] as string[], versions: new Map<string | null, number>() };
    g.targets.push(s.target);
    g.versions.set(s.version, (g.versions.get(s.version) ?? 0) + 1);
    groups.set(s.hash, g);
  }
  return [...groups.entries()]
    .map(([hash, g]) => ({ hash, targets: g.targets, versions: [...g.versions.entries()].map(([version, count]) => ({ version, count })) }))
    .sort((a, b) => b.targets.length - a.targets.length);
}

/** Versions and their counts over the whole fleet, oldest first; null (nothing applied) first. */
export function countVersions(versions: readonly (string | null)[]): { version: string | null; count: number }[] {
  const m = new Map<string | null, number>();
  for (const v of versions) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].map(([version, count]) => ({ version, count })).sort((a, b) => (a.version === null ? -1 : b.version === null ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}
