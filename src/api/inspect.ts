/** `liteform inspect`: a live database as a desired-state file (adopting an existing database). */
import { openDatabase } from '../db/open-database.js';
import { introspect } from '../db/introspect.js';
import { canonicalSchema } from '../model/canonical.js';
import type { SchemaModel } from '../model/schema-model.js';
import { renderYaml } from '../render/yaml.js';

export interface InspectResult {
  readonly model: SchemaModel;
  readonly text: string;
}

export function inspect(o: { db: string; format?: 'yaml' | 'sql'; busyTimeoutMs?: number }): InspectResult {
  const db = openDatabase(o.db, { readonly: true, busyTimeoutMs: o.busyTimeoutMs ?? 5000 });
  try {
    const model = introspect(db);
    return { model, text: o.format === 'sql' ? canonicalSchema(model) : renderYaml(model) };
  } finally {
    db.close();
  }
}
