/**
 * A sweep: run every seed of a range (or of one shard of it) on worker
 * threads and aggregate. A seed's result is a pure function of (seed,
 * overrides, code), so the report is the same for any worker count, shard
 * split or completion order: outcomes are sorted by seed before use.
 */

import { failureKindLabel, type ConfigOverrides } from '../sim/index.js';
import { type SeedRange } from './seed-range.js';
import { TOTAL_NAMES, type SeedOutcome, type TotalName } from './seed-outcome.js';
import { runPool } from './worker-pool.js';
import type { SeedWorkerData } from './seed-worker.js';

export interface SweepOptions {
  readonly range: SeedRange;
  readonly overrides: ConfigOverrides;
  readonly workers: number;
  readonly failFast: boolean;
  readonly codeVersion: string;
  /** A user's NodeFactory module (--system), or undefined for our Raft. */
  readonly systemModule?: string;
  /** Render an HTML report of each failing seed (SeedOutcome.reportHtml). */
  readonly reports?: boolean;
  /** Flags that reproduce the overrides (for replay commands in reports). */
  readonly replayFlags?: string;
  /** Called as each seed finishes (in completion order). */
  readonly onOutcome?: (outcome: SeedOutcome) => void;
}

export interface SweepReport {
  readonly range: SeedRange;
  readonly seedsRun: number;
  readonly passed: number;
  /** Failing seeds' outcomes, by seed. */
  readonly failures: SeedOutcome[];
  /** Failure counts by kind ("safety:ElectionSafety", "linearizability", "liveness", "unknown"). */
  readonly failuresByKind: Record<string, number>;
  readonly totals: Record<TotalName, number>;
  readonly marks: Record<string, number>;
  readonly stoppedEarly: boolean;
  /** Sum of per-seed wall times (CPU-ish cost), for seeds/s per core. */
  readonly seedWallMs: number;
  /** Every seed run, in order, with its wall time (for per-seed reports). */
  readonly seedTimes: ReadonlyArray<readonly [seed: number, wallMs: number]>;
}

export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const seeds: number[] = [];
  for (let seed = options.range.first; seed <= options.range.last; seed++) seeds.push(seed);
  const outcomes: SeedOutcome[] = [];
  const workerData: SeedWorkerData = {
    overrides: options.overrides,
    codeVersion: options.codeVersion,
    systemModule: options.systemModule,
    reports: options.reports === true,
    replayFlags: options.replayFlags ?? '',
  };
  const { stoppedEarly } = await runPool<number, SeedOutcome>({
    workers: options.workers,
    workerModule: new URL('./seed-worker.js', import.meta.url),
    workerData,
    jobs: seeds,
    onResult: (outcome) => {
      options.onOutcome?.(outcome);
      // The caller has saved what it wants; keep only the small part, so that a
      // sweep with thousands of failures does not hold every history and report.
      outcomes.push({ ...outcome, failureFile: null, reportHtml: null });
      return !(options.failFast && outcome.failure !== null);
    },
  });
  return aggregate(options.range, outcomes, stoppedEarly);
}

export function aggregate(range: SeedRange, unsorted: readonly SeedOutcome[], stoppedEarly: boolean): SweepReport {
  const outcomes = [...unsorted].sort((a, b) => a.seed - b.seed);
  const totals = Object.fromEntries(TOTAL_NAMES.map((name) => [name, 0])) as Record<TotalName, number>;
  const marks: Record<string, number> = {};
  const failuresByKind: Record<string, number> = {};
  const failures: SeedOutcome[] = [];
  let seedWallMs = 0;
  for (const outcome of outcomes) {
    for (const name of TOTAL_NAMES) totals[name] += outcome.totals[name];
    for (const [name, count] of Object.entries(outcome.marks)) marks[name] = (marks[name] ?? 0) + count;
    seedWallMs += outcome.wallMs;
    if (outcome.failure !== null) {
      failures.push(outcome);
      const kind = failureKindLabel(outcome.failure);
      failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
    }
  }
  return {
    range,
    seedsRun: outcomes.length,
    passed: outcomes.length - failures.length,
    failures,
    failuresByKind,
    totals,
    marks,
    stoppedEarly,
    seedWallMs,
    seedTimes: outcomes.map((outcome) => [outcome.seed, outcome.wallMs] as const),
  };
}
