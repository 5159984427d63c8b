/**
 * The application's own SQL functions (`app_setting(name)`), declared in liteform.yaml as
 * `functions: [{ name, arity }]`. SQLite needs a function to exist to create a CHECK, generated column
 * or index expression that calls it, or to compile a view or trigger body; liteform never calls them.
 * Every connection liteform opens (scratch databases and the target) registers each one as a stub that
 * returns NULL, marked deterministic so index expressions and CHECKs accept it.
 */
import type Database from 'better-sqlite3';

export interface AppFunction {
  readonly name: string;
  /** Number of arguments; -1: any number. */
  readonly arity: number;
}

let declared: readonly AppFunction[] = [];

/** Set once per command from the resolved settings. */
export function declareAppFunctions(functions: readonly AppFunction[]): void {
  declared = functions;
}

export function registerAppFunctions(db: Database.Database): void {
  for (const f of declared) {
    // better-sqlite3 takes the SQL arity from the JavaScript function's length.
    const stub = Object.defineProperty(function appFunctionStub() { return null; }, 'length', { value: Math.max(0, f.arity) });
    db.function(f.name, { deterministic: true, varargs: f.arity < 0 }, stub);
  }
}

/** The hint for SQLite's "no such function: X", or null for any other message. */
export function unknownFunctionHint(message: string): string | null {
  const m = /no such function: ([^\s,;:]+)/i.exec(message);
  if (m === null) return null;
  return `${m[1]} is a function your application registers on its connection: declare it in liteform.yaml as \`functions: [{ name: ${m[1]}, arity: N }]\` (arity -1 for any number of arguments); liteform registers a stub so SQLite can parse the schema, and never calls it`;
}
