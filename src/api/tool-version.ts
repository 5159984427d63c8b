/** liteform's own version, written into migration headers. */
import { readFileSync } from 'node:fs';

export const toolVersion: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
