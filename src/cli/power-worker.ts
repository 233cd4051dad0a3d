/** Worker-thread entry of `raft-check power`: search one bug's first failing seed, shrink it, answer its row. */

import { workerData } from 'node:worker_threads';
import { firstFailingSeed, planOpsAndFaults, type BugPower } from '../bugs/power.js';
import { failureKindLabel } from '../sim/index.js';
import type { BugName } from '../bugs/catalog.js';
import { defaultSystem } from '../sim/index.js';
import { shrinkPlan } from '../shrink/shrink.js';
import { serveJobs } from '../sweep/pool-worker.js';

export interface PowerJob {
  readonly bug: BugName;
  readonly cap: number;
  /** The window's first seed (--from): seeds from .. from + cap - 1 are tried. */
  readonly from: number;
  /** 0: do not shrink. */
  readonly shrinkBudgetMs: number;
  /** False: the nodes run without their own assertions (--no-self-checks). */
  readonly selfChecks: boolean;
}

const data = workerData as { codeVersion: string };

export function measureBug(job: PowerJob, codeVersion: string): BugPower {
  const started = performance.now();
  const found = firstFailingSeed(job.bug, job.from + job.cap - 1, defaultSystem, job.from, job.selfChecks);
  const wallMs = performance.now() - started;
  if (found === null) {
    return { bug: job.bug, seedsToFailure: null, seed: null, cap: job.cap, failure: null, failureKind: null, size: null, shrunkSize: null, wallMs };
  }
  const failure = found.result.failure!;
  let shrunkSize: number | null = null;
  if (job.shrinkBudgetMs > 0) {
    const shrunk = shrinkPlan(found.result.plan, failure, {
      system: defaultSystem,
      clock: () => performance.now(),
      budgetMs: job.shrinkBudgetMs,
      codeVersion,
    });
    shrunkSize = planOpsAndFaults(shrunk.plan);
  }
  return {
    bug: job.bug,
    seedsToFailure: found.seed - job.from + 1,
    seed: found.seed,
    cap: job.cap,
    failure,
    failureKind: failureKindLabel(failure),
    size: planOpsAndFaults(found.result.plan),
    shrunkSize,
    wallMs,
  };
}

if (data !== null && data !== undefined) serveJobs((job: PowerJob) => measureBug(job, data.codeVersion));
