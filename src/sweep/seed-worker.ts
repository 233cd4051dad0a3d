/** Worker-thread entry of a sweep: run each seed it is sent, answer with its SeedOutcome. */

import { workerData } from 'node:worker_threads';
import { defaultSystem, runSeed, type ConfigOverrides } from '../sim/index.js';
import { serveJobs } from './pool-worker.js';
import { seedOutcomeOf, type SeedOutcome } from './seed-outcome.js';

export interface SeedWorkerData {
  overrides: ConfigOverrides;
  codeVersion: string;
}

const data = workerData as SeedWorkerData;

serveJobs((seed: number): SeedOutcome => {
  const started = performance.now();
  const result = runSeed(seed, data.overrides, defaultSystem, { codeVersion: data.codeVersion });
  return seedOutcomeOf(result, data.overrides, performance.now() - started);
});
