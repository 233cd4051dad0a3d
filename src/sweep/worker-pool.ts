/**
 * Runs independent jobs on worker threads and hands results back as they come.
 * Jobs are dealt out one at a time (a seed takes milliseconds, so a message per
 * job costs little and keeps both cores busy to the end). The result of a job
 * never depends on which worker ran it or in what order: callers sort by job.
 */

import { Worker } from 'node:worker_threads';

export interface PoolOptions<Job, Result> {
  readonly workers: number;
  /** A built .js module that calls `serveJobs` (see pool-worker.ts). */
  readonly workerModule: URL;
  /** Passed to every worker once, at start (e.g. run overrides). */
  readonly workerData: unknown;
  readonly jobs: readonly Job[];
  /** Called for each result; return false to stop early (fail-fast). */
  readonly onResult: (result: Result) => boolean;
}

type WorkerReply<Result> = { kind: 'result'; result: Result } | { kind: 'error'; message: string };

export async function runPool<Job, Result>(options: PoolOptions<Job, Result>): Promise<{ stoppedEarly: boolean }> {
  const workerCount = Math.max(1, Math.min(options.workers, options.jobs.length));
  let next = 0;
  let stopped = false;
  let failure: Error | null = null;
  const workers: Worker[] = [];

  await new Promise<void>((resolve) => {
    let running = workerCount;
    const finishOne = (worker: Worker): void => {
      void worker.terminate();
      running -= 1;
      if (running === 0) resolve();
    };
    const feed = (worker: Worker): void => {
      if (stopped || failure !== null || next >= options.jobs.length) {
        finishOne(worker);
        return;
      }
      worker.postMessage(options.jobs[next]);
      next += 1;
    };
    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(options.workerModule, { workerData: options.workerData });
      workers.push(worker);
      worker.on('message', (reply: WorkerReply<Result>) => {
        if (reply.kind === 'error') {
          failure ??= new Error(reply.message);
          finishOne(worker);
          return;
        }
        if (!stopped && !options.onResult(reply.result)) stopped = true;
        feed(worker);
      });
      worker.on('error', (error) => {
        failure ??= error;
        finishOne(worker);
      });
      feed(worker);
    }
  });
  if (failure !== null) throw failure;
  return { stoppedEarly: stopped };
}
