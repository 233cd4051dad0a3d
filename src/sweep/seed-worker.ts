/** Worker-thread entry of a sweep: run each seed it is sent, answer with its SeedOutcome. */

import { workerData } from 'node:worker_threads';
import { loadSystem } from '../harness/system-module.js';
import { runSeed, type ConfigOverrides } from '../sim/index.js';
import { serveJobs } from './pool-worker.js';
import { seedOutcomeOf, type SeedOutcome } from './seed-outcome.js';

export interface SeedWorkerData {
  overrides: ConfigOverrides;
  codeVersion: string;
  /** A user's NodeFactory module (--system), or undefined for our Raft. */
  systemModule: string | undefined;
}

const data = workerData as SeedWorkerData;
const system = await loadSystem(data.systemModule);

serveJobs((seed: number): SeedOutcome => {
  const started = performance.now();
  const result = runSeed(seed, data.overrides, system, { codeVersion: data.codeVersion });
  return seedOutcomeOf(result, data.overrides, performance.now() - started);
});
