/**
 * Runs independent jobs on worker threads and hands results back as they come.
 * Jobs are dealt out one at a time (a seed takes milliseconds, so a message per
 * job costs little and keeps both cores busy to the end) and drawn from an
 * iterator only when a worker is free, so a sweep over 10^12 seeds never holds
 * more than one job per worker. The result of a job never depends on which
 * worker ran it or in what order: callers sort by job.
 */

import { Worker } from 'node:worker_threads';
import { errorFromWorker, type WorkerErrorData } from './worker-error.js';

export interface PoolOptions<Job, Result> {
  readonly workers: number;
  /** A built .js module that calls `serveJobs` (see pool-worker.ts). */
  readonly workerModule: URL;
  /** Passed to every worker once, at start (e.g. run overrides). */
  readonly workerData: unknown;
  /** Drawn lazily; a job that was handed out always has its result delivered. */
  readonly jobs: Iterable<Job>;
  /** Called for each result; return false to deal no further jobs (fail-fast). */
  readonly onResult: (result: Result) => boolean;
  /** Aborting ends the pool at once: workers in flight are terminated and their jobs' results are lost. */
  readonly abort?: AbortSignal;
}

type WorkerReply<Result> = { kind: 'result'; result: Result } | { kind: 'error'; error: WorkerErrorData };

export async function runPool<Job, Result>(options: PoolOptions<Job, Result>): Promise<{ stoppedEarly: boolean }> {
  const jobs = options.jobs[Symbol.iterator]();
  // Start no more workers than there are jobs: draw the first ones up front.
  const firstJobs: Job[] = [];
  while (firstJobs.length < Math.max(1, options.workers)) {
    const next = jobs.next();
    if (next.done === true) break;
    firstJobs.push(next.value);
  }
  let stopped = false;
  let failure: Error | null = null;

  await new Promise<void>((resolve) => {
    let running = firstJobs.length;
    if (running === 0) resolve();
    const live = new Set<Worker>();
    const finishOne = (worker: Worker): void => {
      if (!live.delete(worker)) return;
      void worker.terminate();
      running -= 1;
      if (running === 0) resolve();
    };
    options.abort?.addEventListener('abort', () => {
      stopped = true;
      for (const worker of [...live]) finishOne(worker);
    }, { once: true });
    const feed = (worker: Worker, job: IteratorResult<Job>): void => {
      if (stopped || failure !== null || job.done === true) {
        finishOne(worker);
        return;
      }
      worker.postMessage(job.value);
    };
    for (const firstJob of firstJobs) {
      const worker = new Worker(options.workerModule, { workerData: options.workerData });
      live.add(worker);
      worker.on('message', (reply: WorkerReply<Result>) => {
        if (!live.has(worker)) return;
        if (reply.kind === 'error') {
          failure ??= errorFromWorker(reply.error);
          finishOne(worker);
          return;
        }
        try {
          if (!options.onResult(reply.result)) stopped = true;
        } catch (error) {
          // The caller could not take the result (a full disk, say): stop the pool and report it.
          failure ??= error instanceof Error ? error : new Error(String(error));
          finishOne(worker);
          return;
        }
        feed(worker, stopped ? { done: true, value: undefined } : jobs.next());
      });
      worker.on('error', (error) => {
        failure ??= error;
        finishOne(worker);
      });
      feed(worker, { done: false, value: firstJob });
    }
  });
  if (failure !== null) throw failure;
  return { stoppedEarly: stopped };
}
