/** The desired-state file's warnings (`level: 'schema'`) for people: one line each, meant for stderr. */
import type { PlanWarning } from '../plan/plan.js';
import { plainStyle, type Style } from './style.js';

export function renderSchemaWarnings(warnings: readonly PlanWarning[], st: Style = plainStyle): string {
  return warnings
    .filter((w) => w.level === 'schema')
    .map((w) => `${st.warn(`warning [${w.code}]:`)} ${w.message}\n`)
    .join('');
}
