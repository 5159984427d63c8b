/**
 * Colour styles for terminal output. A module of its own so that the CLI's start-up (which needs a
 * style for its error messages) does not load the plan renderers.
 */

export interface Style {
  readonly add: (s: string) => string;
  readonly remove: (s: string) => string;
  readonly change: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const id = (s: string): string => s;
export const plainStyle: Style = { add: id, remove: id, change: id, warn: id, dim: id, bold: id };

const ansi = (code: string) => (s: string): string => `\u001b[${code}m${s}\u001b[0m`;
export const colorStyle: Style = { add: ansi('32'), remove: ansi('31'), change: ansi('33'), warn: ansi('1;33'), dim: ansi('2'), bold: ansi('1') };
