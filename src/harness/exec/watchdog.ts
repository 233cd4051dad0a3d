/**
 * A wall-clock guard for blocking reads from exec nodes. The harness waits for
 * a node's answer with a blocking read (the simulator is synchronous), so a
 * node that never answers would hang the run. A helper thread watches: if the
 * same wait lasts longer than the timeout, it kills the node's process group,
 * the read sees end-of-file, and the harness reports the timeout.
 *
 * Arming costs two atomic stores and no wake-up: the helper polls a few times
 * per timeout, so a step of microseconds never involves it.
 */

import { Worker } from 'node:worker_threads';

const GENERATION = 0;
const ARMED_PID = 1;
const FIRED_GENERATION = 2;
const STOP = 3;

/** The helper thread, as source: an eval'd worker needs no built file next to this one (tests run the .ts). */
const WATCHER_SOURCE = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared);
const pollMs = Math.max(5, Math.min(100, Math.floor(workerData.timeoutMs / 4)));
let watched = -1;
let since = 0;
for (;;) {
  Atomics.wait(state, ${STOP}, 0, pollMs);
  if (Atomics.load(state, ${STOP}) !== 0) break;
  const pid = Atomics.load(state, ${ARMED_PID});
  const generation = Atomics.load(state, ${GENERATION});
  if (pid === 0) { watched = -1; continue; }
  if (generation !== watched) { watched = generation; since = Date.now(); continue; }
  if (Date.now() - since < workerData.timeoutMs) continue;
  Atomics.store(state, ${FIRED_GENERATION}, generation);
  try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch {} }
  watched = -1;
}
`;

export class Watchdog {
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;

  constructor(readonly timeoutMs: number) {
    this.worker = new Worker(WATCHER_SOURCE, { eval: true, workerData: { shared: this.state.buffer, timeoutMs } });
    this.worker.unref();
  }

  /** Runs a blocking action on behalf of process `pid`, which the watchdog kills if the action takes too long. */
  guard<T>(pid: number, action: () => T): T {
    Atomics.add(this.state, GENERATION, 1);
    Atomics.store(this.state, ARMED_PID, pid);
    try {
      return action();
    } finally {
      Atomics.store(this.state, ARMED_PID, 0);
    }
  }

  /** Whether the watchdog ended the latest guarded action. */
  firedOnLatest(): boolean {
    return Atomics.load(this.state, FIRED_GENERATION) === Atomics.load(this.state, GENERATION);
  }

  stop(): void {
    Atomics.store(this.state, STOP, 1);
    Atomics.notify(this.state, STOP);
  }
}
