/** Where the CLI writes, and whether it may use colour (a TTY only; NO_COLOR and --no-color respected; FORCE_COLOR forces). */
import { colorStyle, plainStyle, type Style } from '../render/style.js';

export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly style: Style;
  readonly isTTY: boolean;
}

export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

export function createOutput(colorFlag: boolean | undefined): Output {
  const color = useColor(process.stdout, colorFlag);
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    style: color ? colorStyle : plainStyle,
    isTTY: process.stdout.isTTY === true,
  };
}
