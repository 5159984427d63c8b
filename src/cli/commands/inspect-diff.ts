/** `liteform inspect` and `liteform diff A B`. */
import { useSettings } from '../../api/settings.js';
import { inspectTarget } from '../../api/engine-read.js';
import { engineConnection, type EngineFlags } from './engine-flags.js';
import { diffTarget } from '../../api/engine-lint.js';
import { requireSetting, type SettingFlags } from '../../config/config.js';
import { renderHuman } from '../../render/human.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderSchemaWarnings } from '../../render/schema-warnings.js';
import { LiteformError } from '../../errors.js';
import type { Output } from '../output.js';

export async function runInspect(flags: SettingFlags & EngineFlags & { json?: boolean; format?: string }, io: Output): Promise<number> {
  const s = useSettings(flags);
  const format = flags.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'sql') throw new LiteformError('LITEFORM_USAGE', `--format ${format}: expected yaml or sql`, 'e.g. liteform inspect --db app.db --format sql');
  const r = await inspectTarget({ db: requireSetting(s.db, 'database', '--db'), format, busyTimeoutMs: s.busyTimeoutMs, ...engineConnection(flags) });
  if (flags.json) io.raw(`${JSON.stringify({ formatVersion: 1, schema: r.model }, null, 2)}\n`);
  else io.source(r.text);
  return 0;
}

export async function runDiff(a: string, b: string, flags: EngineFlags & { json?: boolean; format?: string; exitCode?: boolean; busyTimeout?: string }, io: Output): Promise<number> {
  const s = useSettings({ ...(flags.busyTimeout !== undefined ? { busyTimeout: flags.busyTimeout } : {}) });
  const r = await diffTarget(a, b, { busyTimeoutMs: s.busyTimeoutMs, cacheDir: s.cacheDir, ...engineConnection(flags) });
  const differ = r.changes.length > 0 || r.unified !== '';
  if (!flags.json) io.err(renderSchemaWarnings(r.plan.warnings, io.errStyle));
  if (flags.json) io.raw(`${JSON.stringify({ ...renderJson(r.plan), from: { source: a, kind: r.from.kind }, to: { source: b, kind: r.to.kind }, unified: r.unified }, null, 2)}\n`);
  else if (flags.format === 'markdown') io.out(`${renderMarkdown(r.plan, `liteform diff \`${a}\` → \`${b}\``)}${r.unified ? `\n<details><summary>Schema diff</summary>\n\n\`\`\`diff\n${r.unified}\`\`\`\n\n</details>\n` : ''}`);
  else {
    io.out(renderHuman(r.plan, io.style));
    if (r.unified) io.out(`\n${colorDiff(r.unified, io)}`);
  }
  return flags.exitCode && differ ? 2 : 0;
}

function colorDiff(unified: string, io: Output): string {
  return unified
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? io.style.add(l) : l.startsWith('-') && !l.startsWith('---') ? io.style.remove(l) : l.startsWith('@@') ? io.style.dim(l) : l))
    .join('\n');
}
