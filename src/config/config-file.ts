/**
 * Reading liteform.yaml: YAML with positions (the schema-file machinery), checked against
 * schema/config.schema.json with ajv, every problem reported as `file:line:col` with a "did you mean"
 * for a misspelt key. A config that names a wrong value must stop the command, not be half-used.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { LiteformError, isLiteformError } from '../errors.js';
import { parseYamlDocument } from '../schema-file/yaml-document.js';
import { closest } from '../schema-file/yaml-closest.js';
import { displayPath, fail, finding, problemOf, type Finding } from '../schema-file/yaml-problem.js';
import type { Path, YamlSource } from '../schema-file/yaml-source.js';
import { schemaValidator } from '../schema-file/schema-validators.js';

export interface FileSection {
  readonly database?: string;
  readonly schema?: string;
  readonly migrations?: string;
  readonly backups?: { readonly dir?: string; readonly keep?: number };
  readonly busyTimeoutMs?: number;
  /** A glob, or a list of paths, globs and URLs: the databases a fleet command runs over. */
  readonly fleet?: string | readonly string[];
  readonly functions?: readonly { readonly name: string; readonly arity: number; readonly module?: string }[];
}

export interface ConfigFile extends FileSection {
  readonly environments?: Readonly<Record<string, FileSection>>;
}

const hint = 'see schema/config.schema.json (point yaml-language-server at it for completion in your editor)';

/** The schema-file reporters throw LITEFORM_SCHEMA_INVALID; a config file's problems are LITEFORM_CONFIG. */
function asConfigError<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (isLiteformError(e) && e.code === 'LITEFORM_SCHEMA_INVALID') throw new LiteformError('LITEFORM_CONFIG', e.message, e.hint);
    throw e;
  }
}

const pathOf = (pointer: string): Path => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return String(v);
}

const typeWords: Record<string, string> = { string: 'a string', integer: 'a whole number', object: 'a mapping' };

function findingOf(e: ErrorObject): Finding {
  const path = pathOf(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const keep = path.at(-1) === 'keep';
  // `fleet:` is a string or a list: ajv reports each branch of the oneOf; one sentence covers them all.
  if (path.at(-1) === 'fleet') return finding(path, `must be a path or glob, or a non-empty list of paths, globs and URLs, not ${shown(e.data)}`);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(prop, known);
      const text = guess !== undefined ? `unknown setting '${prop}' (did you mean '${guess}'?)` : `unknown setting '${prop}' (expected one of: ${known.join(', ')})`;
      return { path: [...path, prop], onKey: true, text: `${displayPath(path)}: ${text}` };
    }
    case 'type':
      return finding(path, `must be ${typeWords[String(params.type)] ?? String(params.type)}, not ${shown(e.data)}${keep ? ' (newest backups kept, at least 1)' : ''}`);
    case 'minimum':
      return finding(path, keep
        ? `must be at least 1, not ${shown(e.data)} (the backup just taken is always kept; to take no backup, pass --no-backup to apply)`
        : `must be at least ${String(params.limit)}, not ${shown(e.data)}`);
    case 'maximum':
      return finding(path, `must be at most ${String(params.limit)}, not ${shown(e.data)}`);
    case 'minLength':
      return finding(path, 'must not be empty');
  }
  return finding(path, e.message ?? 'is invalid');
}

/** Reads and validates a config file; `shownAs` is how messages name it (e.g. `liteform.yaml`). */
export function readConfigFile(path: string, shownAs: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LiteformError('LITEFORM_CONFIG', `${shownAs}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check --config / LITEFORM_CONFIG and the file\'s permissions');
  }
  return asConfigError(() => {
    const source: YamlSource = parseYamlDocument(text, shownAs);
    const data: unknown = source.doc.toJS();
    if (data === null || data === undefined) return {};
    const validate = schemaValidator('config');
    if (!validate(data)) {
      // One complaint per value: ajv reports a wrong type once per schema branch it tried.
      const seen = new Set<string>();
      const problems = (validate.errors ?? [])
        .map(findingOf)
        .filter((f) => !seen.has(f.text) && seen.add(f.text))
        .map((f) => problemOf(source, f));
      fail(source, problems, hint);
    }
    return data as ConfigFile;
  });
}
