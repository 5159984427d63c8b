/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), so a finding shows
 * inline on the migration file's line in the pull request's diff. Pure: built from findings, check
 * issues and plan warnings as data, never from re-read SQL.
 *
 * Escaping follows the runner (actions/toolkit `command.ts`): in the message `%`, `\r`, `\n` become
 * `%25`, `%0D`, `%0A`; in a property value `:` and `,` also become `%3A` and `%2C`, since they separate
 * the properties. Without it a newline in a table name would end the command and start another.
 */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly title?: string;
  /** Path relative to the repository root (what the runner matches against the diff). */
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderAnnotation(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.col !== undefined) props.push(`col=${a.col}`);
  if (a.title !== undefined) props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}\n`;
}

export function renderAnnotations(list: readonly Annotation[]): string {
  return list.map(renderAnnotation).join('');
}

/** Where a message says it is: liteform's messages start with `path:line:col: ` when they have a place. */
export function placeOf(message: string): { file: string; line: number; col?: number; rest: string } | null {
  const m = /^([^\s:][^:\n]*?):(\d+)(?::(\d+))?: ([\s\S]*)$/.exec(message);
  if (!m) return null;
  return { file: m[1]!, line: Number(m[2]), ...(m[3] !== undefined ? { col: Number(m[3]) } : {}), rest: m[4]! };
}

/** A LiteformError as an annotation: on its file and line when the message names one. */
export function errorAnnotation(code: string, message: string, hint: string | undefined, relative: (p: string) => string): Annotation {
  const place = placeOf(message);
  const text = `${place ? place.rest : message}${hint ? `\nhint: ${hint}` : ''}`;
  return place
    ? { level: 'error', title: `liteform ${code}`, file: relative(place.file), line: place.line, ...(place.col !== undefined ? { col: place.col } : {}), message: text }
    : { level: 'error', title: `liteform ${code}`, message: text };
}
