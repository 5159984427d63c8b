/** A fleet worker thread: better-sqlite3 is synchronous, so parallel targets need their own threads. */
import { parentPort } from 'node:worker_threads';
import { runTask, type FleetTask } from './fleet-tasks.js';

parentPort?.on('message', (m: { readonly id: number; readonly task: FleetTask }) => {
  void runTask(m.task).then((outcome) => parentPort?.postMessage({ id: m.id, outcome }));
});
