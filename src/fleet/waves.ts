/** The order a fleet apply goes in: the canary wave first (stop if any fails), then the rest in waves. */

/** `canary` targets first, then waves of `waveSize` (0: all the rest in one wave). */
export function planWaves<T>(targets: readonly T[], canary: number, waveSize: number): T[][] {
  const waves: T[][] = [];
  const k = Math.min(Math.max(canary, 0), targets.length);
  if (k > 0) waves.push(targets.slice(0, k));
  const rest = targets.slice(k);
  const size = waveSize > 0 ? waveSize : rest.length;
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}
