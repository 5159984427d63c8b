/**
 * Where the CLI writes, and how. Human text is made safe for a terminal: control characters and bidi
 * overrides (which a table or column name may hold) are shown escaped, `\x1b`, `\r`, `\u202e`, so a
 * name can neither move the cursor, rewrite a line nor reorder what the reader sees. JSON goes out
 * exact through `raw`; a SQL script or YAML file through `source`, exact when redirected to a file and
 * escaped on a terminal. Colour is decided per stream: stdout's TTY for stdout, stderr's for stderr
 * (NO_COLOR and --no-color win; FORCE_COLOR forces). A reader that closes stdout early
 * (`liteform apply | head -1`) is not an error: later output is dropped.
 */
import { plainStyle, type Style } from '../render/style.js';

export interface Output {
  /** Human text to stdout, control characters escaped. */
  readonly out: (text: string) => void;
  /** Exact text to stdout: JSON. */
  readonly raw: (text: string) => void;
  /** A file's text to stdout (a SQL script, a YAML schema): exact when redirected, escaped on a terminal. */
  readonly source: (text: string) => void;
  /** Human text to stderr, control characters escaped. */
  readonly err: (text: string) => void;
  /** Colours for text written with `out`. */
  readonly style: Style;
  /** Colours for text written with `err`. */
  readonly errStyle: Style;
  readonly isTTY: boolean;
  readonly errIsTTY: boolean;
  /** A live progress line on stderr: replaces the line written last (call only when errIsTTY). */
  readonly progress: (text: string) => void;
}

export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

// C0 controls but tab and newline, DEL, C1 controls, bidi marks, embeddings, overrides and isolates,
// line and paragraph separators, and the private-use characters the colour marks below are made of.
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ue000\ue001]/g;

function escapeOne(ch: string): string {
  if (ch === '\r') return '\\r';
  const n = ch.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** Text with every character that could drive or mislead a terminal shown as an escape. */
export function escapeControls(text: string): string {
  return text.replace(unsafe, escapeOne);
}

// Colour is written as private-use marks and turned into ANSI codes only after the text around them was
// escaped: so no escape sequence reaches the terminal but ours, whatever the names hold. A mark carries a
// number drawn at start-up, so a name cannot spell one either.
const nonce = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
const sgr = ['32', '31', '33', '1;33', '2', '1', '0'];
const mark = (code: string) => (s: string): string => `\ue000${nonce}:${code}\ue001${s}\ue000${nonce}:0\ue001`;
const markedStyle: Style = { add: mark('32'), remove: mark('31'), change: mark('33'), warn: mark('1;33'), dim: mark('2'), bold: mark('1') };
const marks = new RegExp(`\ue000${nonce}:(${sgr.join('|')})\ue001`);

function terminalText(text: string, color: boolean): string {
  if (!color) return escapeControls(text);
  // split() with one capture group alternates text and the captured colour code.
  return text.split(marks).map((part, i) => (i % 2 === 1 ? `\u001b[${part}m` : escapeControls(part))).join('');
}

export interface OutputOptions {
  /** false for --no-color. */
  readonly color?: boolean;
}

export function createOutput(options: OutputOptions = {}): Output {
  const outColor = useColor(process.stdout, options.color);
  const errColor = useColor(process.stderr, options.color);
  let outOpen = true;
  let errOpen = true;
  // An 'error' event on stdout (EPIPE when the reader went away) would otherwise crash the process after
  // the command did its work; the command's own exit status stands, and nothing more is written.
  process.stdout.on('error', () => { outOpen = false; });
  process.stderr.on('error', () => { errOpen = false; });
  const write = (stream: NodeJS.WriteStream, open: () => boolean, text: string): void => {
    if (!open() || text === '') return;
    try {
      stream.write(text);
    } catch {
      // A synchronous write (to a file or TTY) that fails is the same as a closed stream for us.
    }
  };
  return {
    out: (t) => write(process.stdout, () => outOpen, terminalText(t, outColor)),
    raw: (t) => write(process.stdout, () => outOpen, t),
    source: (t) => write(process.stdout, () => outOpen, process.stdout.isTTY === true ? escapeControls(t) : t),
    err: (t) => write(process.stderr, () => errOpen, terminalText(t, errColor)),
    style: outColor ? markedStyle : plainStyle,
    errStyle: errColor ? markedStyle : plainStyle,
    isTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
    progress: (t) => write(process.stderr, () => errOpen, `\r\u001b[2K${terminalText(t, errColor)}`),
  };
}
