/**
 * The JSON Schemas that check liteform.yaml and a desired-state YAML file, as validation functions.
 *
 * `npm run build` compiles them ahead of time into ajv's standalone code (scripts/build-validators.mjs
 * writes dist/validators/*.cjs). Compiling at run time made every command that reads either file load
 * ajv (30-40 ms, 90 files) and compile (config ~100 ms, desired state 200+ ms on our 2-core machine);
 * the prebuilt code loads in a few. Each prebuilt file carries the fingerprint of the schema text and
 * options it was built from: one built from another version (a plain `tsc` after an edit to a schema
 * file) is ignored and the schema is compiled here as before, so what is valid never depends on how
 * dist/ was built. Both paths produce the same errors: they are the same ajv code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv/dist/2020.js';

export interface SchemaValidatorSpec {
  /** The file under schema/ (shipped in the package next to dist/). */
  readonly file: string;
  readonly options: Options;
}

/** The one place the options live: the build script compiles with these, and so does the fallback. */
export const schemaValidatorSpecs = {
  config: { file: 'config.schema.json', options: { allErrors: true, verbose: true } },
  desiredState: { file: 'liteform.schema.json', options: { allErrors: true, verbose: true, allowUnionTypes: true } },
} as const satisfies Record<string, SchemaValidatorSpec>;

export type SchemaName = keyof typeof schemaValidatorSpecs;

/** What a prebuilt validator must have been built from to be used. */
export function schemaFingerprint(spec: SchemaValidatorSpec, schemaText: string): string {
  return createHash('sha256').update(`${JSON.stringify(spec.options)}\n${schemaText}`).digest('hex');
}

/** dist/validators/<file>.cjs, relative to dist/schema-file/. */
export function prebuiltFileName(spec: SchemaValidatorSpec): string {
  return spec.file.replace(/\.json$/, '.cjs');
}

const requireHere = createRequire(import.meta.url);
const validators = new Map<SchemaName, ValidateFunction>();

/** Built (or loaded) once per process. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = loadValidator(schemaValidatorSpecs[name]);
    validators.set(name, validate);
  }
  return validate;
}

function loadValidator(spec: SchemaValidatorSpec): ValidateFunction {
  const text = readFileSync(new URL(`../../schema/${spec.file}`, import.meta.url), 'utf8');
  const prebuilt = new URL(`../validators/${prebuiltFileName(spec)}`, import.meta.url);
  if (existsSync(prebuilt)) {
    const validate = requireHere(fileURLToPath(prebuilt)) as ValidateFunction & { fingerprint?: unknown };
    if (validate.fingerprint === schemaFingerprint(spec, text)) return validate;
  }
  // ajv is CommonJS: `require` loads it without an ESM wrapper, and only on this path.
  const { Ajv2020 } = requireHere('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new Ajv2020(spec.options).compile(JSON.parse(text) as object);
}
