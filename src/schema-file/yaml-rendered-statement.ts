/**
 * A CREATE statement rendered from the document. It is built from fragments, each remembering its YAML
 * node, so that an error SQLite reports can be traced to the clause that causes it (see yaml-build-model).
 */
import type { Location } from './yaml-source.js';

export interface Fragment {
  readonly sql: string;
  readonly at: Location;
}

export interface RenderedStatement {
  /** How messages name it: `table users`, `index users_email`. */
  readonly label: string;
  readonly at: Location;
  readonly sql: string;
  readonly fragments: readonly Fragment[];
  /** The statement built from its first `keep` fragments (all of them: `sql`). */
  readonly build: (keep: number) => string;
  /** Statements that must run first for `build` to run on its own. */
  readonly requires: readonly string[];
}
