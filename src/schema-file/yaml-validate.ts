/**
 * Pass 2: the JSON Schema — the same file editors use for completion, so the two never disagree.
 * ajv's errors are reworded for a person writing YAML and placed at the node they are about.
 */
import { LiteformError } from '../errors.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { quoteString } from '../model/quote.js';
import { closest } from './yaml-closest.js';
import { displayPath, fail, finding, problemOf, type Finding } from './yaml-problem.js';
import type { YamlSchema } from './yaml-schema.js';
import type { Path, YamlSource } from './yaml-source.js';
import { schemaValidator } from './schema-validators.js';

/** ajv's JSON pointer as a path; array steps become numbers so messages read `checks[1]`. */
function pathOf(pointer: string, data: unknown): Path {
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

const typeWords: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false',
  object: 'a mapping', array: 'a list', null: 'null',
};

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${quoteString(v)}`;
  return `${typeof v} ${String(v)}`;
}

function showValue(v: unknown): string {
  return typeof v === 'string' ? quoteString(v) : String(v);
}

function unknownPropertyText(prop: string, parentSchema: unknown): string {
  const known = Object.keys((parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const guess = closest(prop, known);
  if (guess !== undefined) return `unknown property '${prop}' (did you mean '${guess}'?)`;
  return `unknown property '${prop}' (expected one of: ${known.join(', ')})`;
}

function shapeFinding(e: ErrorObject, data: unknown): Finding {
  const path = pathOf(e.instancePath, data);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      // Named after the mapping that has the property, located at the property itself.
      return { path: [...path, prop], onKey: true, text: `${displayPath(path)}: ${unknownPropertyText(prop, e.parentSchema)}` };
    }
    case 'required':
      return finding(path, `missing required property '${String(params.missingProperty)}'`);
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      return finding(path, `must be ${types.map((t) => typeWords[t] ?? t).join(' or ')}, not ${describeValue(e.data)}`);
    }
    case 'enum':
      return finding(path, `must be one of ${(params.allowedValues as unknown[]).map(showValue).join(', ')}, not ${showValue(e.data)}`);
    case 'const':
      return finding(path, `must be ${showValue(params.allowedValue)}`);
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return finding(path, 'must not be empty');
    case 'pattern':
      if (!e.schemaPath.endsWith('/typeName/pattern')) break;
      return finding(path, `${showValue(e.data)} is not an SQL type name (words and an optional size, e.g. TEXT, VARCHAR(255), DECIMAL(10, 2))`);
  }
  return finding(path, e.message ?? 'is invalid');
}

/** One message per problem: `if` only says a branch failed (the branch's own errors say why), and a value of the wrong type gets one complaint, the outermost. */
function shapeFindings(errors: readonly ErrorObject[], data: unknown): Finding[] {
  const typed = new Set<string>();
  const out: Finding[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    if (e.keyword === 'type') {
      if (typed.has(e.instancePath)) continue;
      typed.add(e.instancePath);
    }
    out.push(shapeFinding(e, data));
  }
  return out;
}

export function validateYamlShape(source: YamlSource): YamlSchema {
  let data: unknown;
  try {
    data = source.doc.toJS();
  } catch (e) {
    // The yaml library refuses aliases that expand without bound ("billion laughs"); anything else is ours.
    if (!/alias/i.test((e as Error).message)) throw e;
    throw new LiteformError('LITEFORM_SCHEMA_INVALID', `${source.file}: YAML aliases expand too far (${(e as Error).message})`, 'a desired-state file needs no anchors that reference each other; write the values out');
  }
  const validate = schemaValidator('desiredState');
  if (!validate(data)) {
    const problems = shapeFindings(validate.errors ?? [], data).map((f) => problemOf(source, f));
    fail(source, problems, 'see schema/liteform.schema.json; with yaml-language-server your editor shows these as you type');
  }
  return data as YamlSchema;
}
