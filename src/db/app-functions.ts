/**
 * The application's own SQL functions (`app_setting(name)`), declared in liteform.yaml as
 * `functions: [{ name, arity, module? }]` (`module`: a JavaScript module exporting the function under its
 * name), or handed to `migrate({ functions })` with their implementations.
 * SQLite needs a function to exist to create a CHECK, generated column or index expression that calls
 * it, or to compile a view or trigger body. Every connection liteform opens (scratch databases and the
 * target) registers each one, marked deterministic so index expressions and CHECKs accept it.
 *
 * A function declared without an implementation is registered as a stub that refuses to be called:
 * parsing and compiling never call it, and a migration that needs its value for a row (a rebuild copying
 * rows into an expression index, a partial index's WHERE, a generated column or a CHECK that calls it; a
 * trigger that fires) stops and rolls back, naming it. A stub returning NULL would instead store NULL
 * where the application's function stores a value: an index whose entries disagree with its table.
 */
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { LiteformError } from '../errors.js';

export interface AppFunction {
  readonly name: string;
  /** Number of arguments; -1: any number. */
  readonly arity: number;
  /** The function itself (the library's `migrate({ functions })`); without it (and without `module`), a stub that refuses to be called. */
  readonly implementation?: (...args: never[]) => unknown;
  /** Absolute path of a JavaScript module that exports the function under `name` (liteform.yaml `module:`). */
  readonly module?: string;
}

let declared: readonly AppFunction[] = [];

/**
 * Set once per command from the resolved settings. A function's `module` is loaded here, so a missing
 * module or export is a configuration error before anything runs (require() loads CommonJS, and ES
 * modules without top-level await on Node ≥ 20.19).
 */
export function declareAppFunctions(functions: readonly AppFunction[]): void {
  declared = functions.map((f) => (f.implementation === undefined && f.module !== undefined ? { ...f, implementation: loadImplementation(f.name, f.module) } : f));
}

const requireHere = createRequire(import.meta.url);

function loadImplementation(name: string, module: string): (...args: never[]) => unknown {
  let exported: Record<string, unknown>;
  try {
    exported = requireHere(module) as Record<string, unknown>;
  } catch (e) {
    throw new LiteformError('LITEFORM_CONFIG', `functions: ${name}: cannot load ${module}: ${(e as Error).message.split('\n')[0]}`, 'module: is a path relative to liteform.yaml, to a CommonJS module or an ES module without top-level await (Node ≥ 20.19)');
  }
  const fn = exported[name] ?? (exported.default as Record<string, unknown> | undefined)?.[name];
  if (typeof fn !== 'function') {
    throw new LiteformError('LITEFORM_CONFIG', `functions: ${name}: ${module} exports no function named ${name}`, `export it: \`export function ${name}(…) { … }\` (or module.exports.${name} = …)`);
  }
  return fn as (...args: never[]) => unknown;
}

/** The functions declared now. */
export function declaredAppFunctions(): readonly AppFunction[] {
  return declared;
}

/** What a stub says when SQLite calls it (unknownFunctionHint gives the way out). */
function stubCalledMessage(name: string): string {
  return `${name}() is your application's function, and liteform has only a stub of it, which this step would have to call for a row ` +
    '(an index expression or WHERE, a generated column, a CHECK or a trigger calls it)';
}

const stubCalled = /(\S+)\(\) is your application's function, and liteform has only a stub of it/;

export function registerAppFunctions(db: Database.Database): void {
  for (const f of declared) {
    const options = { deterministic: true, varargs: f.arity < 0 };
    if (f.implementation !== undefined) {
      db.function(f.name, options, f.implementation as (...args: unknown[]) => unknown);
      continue;
    }
    const name = f.name;
    // better-sqlite3 takes the SQL arity from the JavaScript function's length.
    const stub = Object.defineProperty(function appFunctionStub(): never { throw new Error(stubCalledMessage(name)); }, 'length', { value: Math.max(0, f.arity) });
    db.function(f.name, options, stub);
  }
}

/** The hint for SQLite's "no such function: X" and for a stub that was called; null for any other message. */
export function unknownFunctionHint(message: string): string | null {
  const called = stubCalled.exec(message);
  if (called !== null) {
    return `give liteform the function itself: \`module: ./path/to/module.js\` beside its name in liteform.yaml \`functions:\` (a module exporting ${called[1]}), or migrate({ db, dir, functions: { ${called[1]}: (…) => … } }) from the application`;
  }
  const m = /no such function: ([^\s,;:]+)/i.exec(message);
  if (m === null) return null;
  return `${m[1]} is a function your application registers on its connection: declare it in liteform.yaml as \`functions: [{ name: ${m[1]}, arity: N }]\` (arity -1 for any number of arguments); liteform registers a stub so SQLite can parse the schema, and refuses any step that would have to call it`;
}
