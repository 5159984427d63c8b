/** A fixed pool of worker threads running fleet tasks, each worker one task at a time. */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FleetTask, TaskOutcome } from './fleet-tasks.js';

export const defaultParallel = (): number => Math.max(1, availableParallelism());

interface Slot {
  worker: Worker;
  busy: { id: number; resolve: (o: TaskOutcome) => void; lane: string | null } | null;
}

/**
 * Tasks of one lane never run at the same time. A D1 database is reached through Miniflare over its
 * persist directory, and two Miniflare instances (one per worker thread) on one directory fight over its
 * files: workerd aborts with "database is locked: SQLITE_BUSY". So every d1:// target of one persist
 * directory shares a lane; files and libSQL servers have none.
 */
export function laneOf(task: FleetTask): string | null {
  return /^d1:/i.test(task.db) ? `d1 ${task.settings.conn.d1Persist ?? ''}` : null;
}

export class FleetPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: FleetTask; resolve: (o: TaskOutcome) => void }[] = [];
  private nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(new URL('./fleet-worker.js', import.meta.url)), busy: null };
    slot.worker.on('message', (m: { id: number; outcome: TaskOutcome }) => {
      const done = slot.busy;
      slot.busy = null;
      if (done?.id === m.id) done.resolve(m.outcome);
      this.pump();
    });
    // A worker that dies (out of memory, a native crash) fails its task, not the run; a fresh one takes its place.
    const died = (message: string): void => {
      const done = slot.busy;
      slot.busy = null;
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) this.slots[i] = this.spawn();
      done?.resolve({ ok: false, error: { code: 'LITEFORM_INTERNAL', message: `the worker died: ${message}`, hint: 'resume the run to retry this target' }, durationMs: 0 });
      this.pump();
    };
    slot.worker.on('error', (e) => died(e.message));
    slot.worker.on('exit', (code) => { if (!this.closed) died(`exit code ${code}`); });
    return slot;
  }

  private closed = false;

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy !== null) continue;
      const taken = new Set(this.slots.flatMap((s) => (s.busy?.lane ? [s.busy.lane] : [])));
      const at = this.queue.findIndex((q) => { const lane = laneOf(q.task); return lane === null || !taken.has(lane); });
      if (at < 0) return;
      const next = this.queue.splice(at, 1)[0]!;
      const id = this.nextId++;
      slot.busy = { id, resolve: next.resolve, lane: laneOf(next.task) };
      slot.worker.postMessage({ id, task: next.task });
    }
  }

  run(task: FleetTask): Promise<TaskOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Runs `tasks` through a pool of `parallel` workers; results in input order. */
export async function runAll(tasks: readonly FleetTask[], parallel: number): Promise<TaskOutcome[]> {
  const pool = new FleetPool(Math.min(parallel, Math.max(1, tasks.length)));
  try {
    return await Promise.all(tasks.map((t) => pool.run(t)));
  } finally {
    await pool.close();
  }
}
