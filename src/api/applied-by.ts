/**
 * Who applied a migration, as the history table records it. Its own module: `migrate` needs only
 * this from apply-database.ts, whose imports (desired-state loading, planning) it would load.
 */
import { userInfo } from 'node:os';

export function appliedBy(): string {
  try {
    return `${userInfo().username}@liteform`;
  } catch {
    return 'unknown@liteform';
  }
}
