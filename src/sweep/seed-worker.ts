/** Worker-thread entry of a sweep: run each seed it is sent, answer with its SeedOutcome. */

import { workerData } from 'node:worker_threads';
import { loadSystem } from '../harness/system-module.js';
import { systemRef } from '../harness/system-ref.js';
import { runSeed, type ConfigOverrides } from '../sim/index.js';
import { buildReportData } from '../report/from-run.js';
import { renderReport } from '../report/render-report.js';
import { serveJobs } from './pool-worker.js';
import { seedOutcomeOf, type SeedOutcome } from './seed-outcome.js';

export interface SeedWorkerData {
  overrides: ConfigOverrides;
  codeVersion: string;
  /** A user's NodeFactory module (--system), or undefined for our Raft. */
  systemModule: string | undefined;
  /** Render an HTML report of each failing seed. */
  reports: boolean;
  /** Flags that reproduce the overrides, for the report's replay command. */
  replayFlags: string;
}

const data = workerData as SeedWorkerData;
const system = await loadSystem(data.systemModule);
const ref = data.systemModule === undefined ? null : systemRef(data.systemModule);

serveJobs((seed: number): SeedOutcome => {
  const started = performance.now();
  const result = runSeed(seed, data.overrides, system, { codeVersion: data.codeVersion });
  const outcome = seedOutcomeOf(result, data.overrides, performance.now() - started, ref);
  if (result.failure !== null && data.reports) {
    // Failures are rare: run the seed again keeping its trace, for the report.
    const traced = runSeed(seed, data.overrides, system, { codeVersion: data.codeVersion, keepTrace: true });
    outcome.reportHtml = renderReport(buildReportData(traced, { replayCommand: `raft-check --seed ${seed}${data.replayFlags}`, implementation: system.factory.name }));
  }
  return outcome;
});
