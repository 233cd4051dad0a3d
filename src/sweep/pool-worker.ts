/** The worker side of worker-pool.ts: answer each job message with one result. */

import { parentPort } from 'node:worker_threads';
import { workerErrorData } from './worker-error.js';

export function serveJobs<Job, Result>(handle: (job: Job) => Result): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs must run inside a worker thread');
  port.on('message', (job: Job) => {
    try {
      port.postMessage({ kind: 'result', result: handle(job) });
    } catch (error) {
      port.postMessage({ kind: 'error', error: workerErrorData(error) });
    }
  });
}
