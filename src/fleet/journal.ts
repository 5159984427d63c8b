/**
 * The run journal `.liteform/runs/<id>.jsonl`: a header line naming the run and its targets, then one line
 * per finished target (target, from, to, status, error, duration), each fsync'd before the next target is
 * counted done, so a run killed at any point resumes from what the journal says.
 */
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LiteformError } from '../errors.js';

export type TargetStatus = 'applied' | 'up-to-date' | 'failed';

export interface JournalHeader {
  readonly kind: 'run';
  readonly id: string;
  readonly startedAt: string;
  /** 'migrations': pending files from `dir`; 'direct': the desired state in `schema`. */
  readonly mode: 'migrations' | 'direct';
  readonly dir: string | null;
  readonly schema: string | null;
  readonly targets: readonly string[];
}

export interface JournalEntry {
  readonly kind: 'target';
  readonly target: string;
  /** Version before (null: nothing applied), and after (unchanged when the target failed). */
  readonly from: string | null;
  readonly to: string | null;
  readonly status: TargetStatus;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly durationMs: number;
  readonly at: string;
}

export type JournalLine = JournalHeader | JournalEntry;

/** A sortable, unique run id: UTC time to the second, and 4 random hex characters. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

export function journalPath(runsDir: string, id: string): string {
  if (!/^[\w.-]+$/.test(id)) throw new LiteformError('LITEFORM_USAGE', `'${id}' is not a run id`, 'give the id printed when the run started (the journal file name without .jsonl)');
  return join(runsDir, `${id}.jsonl`);
}

/** Appends lines to a journal, each written and fsync'd on its own. */
export class JournalWriter {
  private readonly fd: number;
  constructor(readonly path: string) {
    mkdirSync(join(path, '..'), { recursive: true });
    this.fd = openSync(path, 'a');
  }
  append(line: JournalLine): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fdatasyncSync(this.fd); // the line's data on disk before the target counts as done
  }
  close(): void {
    closeSync(this.fd);
  }
}

export interface ReadJournal {
  readonly header: JournalHeader;
  readonly entries: readonly JournalEntry[];
}

/** Reads a journal; a torn last line (the process died mid-write) is ignored, any other bad line is an error. */
export function readJournal(path: string): ReadJournal {
  if (!existsSync(path)) throw new LiteformError('LITEFORM_FILE_NOT_FOUND', `${path}: no such run journal`, 'list .liteform/runs/ for the ids of earlier runs');
  const lines = readFileSync(path, 'utf8').split('\n');
  const parsed: JournalLine[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      parsed.push(JSON.parse(text) as JournalLine);
    } catch {
      if (i === lines.length - 1) return; // written without its newline: the process died mid-line
      throw new LiteformError('LITEFORM_USAGE', `${path}:${i + 1}:1: not a journal line`, 'the journal was edited or damaged; start a new run instead of resuming this one');
    }
  });
  const header = parsed[0];
  if (header?.kind !== 'run') throw new LiteformError('LITEFORM_USAGE', `${path}:1:1: the journal has no run header`, 'start a new run instead of resuming this one');
  return { header, entries: parsed.filter((l): l is JournalEntry => l.kind === 'target') };
}

/** Each target's last recorded status (targets never reached are absent). */
export function lastStatus(entries: readonly JournalEntry[]): Map<string, JournalEntry> {
  const m = new Map<string, JournalEntry>();
  for (const e of entries) m.set(e.target, e);
  return m;
}

/** What a resumed run still has to do: targets not done (never reached, or failed last time), in the header's order. */
export function remainingTargets(j: ReadJournal): string[] {
  const last = lastStatus(j.entries);
  return j.header.targets.filter((t) => { const s = last.get(t)?.status; return s === undefined || s === 'failed'; });
}
