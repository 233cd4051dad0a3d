/**
 * A sweep: run the seeds of a range (or of one shard of it) on worker threads
 * and aggregate. A seed's result is a pure function of (seed, overrides,
 * code), so the report is the same for any worker count, shard split or
 * completion order: totals are sums, failures are sorted by seed.
 *
 * Seeds are dealt in order and every dealt seed finishes, so the seeds run are
 * always a prefix `first..first+seedsRun-1` of the range, also when the sweep
 * stops early (--fail-fast, --time-limit, Ctrl-C): that prefix repeats the run exactly.
 */

import { failureKindLabel, type ConfigOverrides } from '../sim/index.js';
import { seedsOf, type SeedRange } from './seed-range.js';
import { TOTAL_NAMES, type SeedOutcome, type TotalName } from './seed-outcome.js';
import { runPool } from './worker-pool.js';
import type { SeedWorkerData } from './seed-worker.js';

export type StopReason = 'fail-fast' | 'time-limit' | 'interrupted';

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
  /** Deal no seed once this returns true (--time-limit); seeds already dealt finish. */
  readonly timeIsUp?: () => boolean;
  /** The same, for a stop the user asked for (Ctrl-C). */
  readonly interrupted?: () => boolean;
  /** Called as each seed finishes (in completion order). */
  readonly onOutcome?: (outcome: SeedOutcome) => void;
}

export interface SweepReport {
  /** The seeds this sweep was asked to run (the shard's slice, when sharded). */
  readonly range: SeedRange;
  /** Seeds run: always the prefix range.first .. range.first + seedsRun - 1. */
  readonly seedsRun: number;
  readonly passed: number;
  /** Failing seeds' outcomes, by seed. */
  readonly failures: SeedOutcome[];
  /** Failure counts by kind ("safety:ElectionSafety", "linearizability", "liveness", "unknown"). */
  readonly failuresByKind: Record<string, number>;
  readonly totals: Record<TotalName, number>;
  readonly marks: Record<string, number>;
  /** Why the sweep ended before the end of its range, or null when it ran it all. */
  readonly stoppedBy: StopReason | null;
  /** Sum of per-seed wall times (CPU-ish cost), for seeds/s per core. */
  readonly seedWallMs: number;
  /** Every seed run, in order, with its wall time (for per-seed reports). */
  readonly seedTimes: ReadonlyArray<readonly [seed: number, wallMs: number]>;
}

export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const tally = new SweepTally(options.range);
  const workerData: SeedWorkerData = {
    overrides: options.overrides,
    codeVersion: options.codeVersion,
    systemModule: options.systemModule,
    reports: options.reports === true,
    replayFlags: options.replayFlags ?? '',
  };
  let timedOut = false;
  let interrupted = false;
  const { timeIsUp } = options;
  function* seeds(): Generator<number> {
    for (const seed of seedsOf(options.range)) {
      if (options.interrupted?.() === true) {
        interrupted = true;
        return;
      }
      if (timeIsUp !== undefined && timeIsUp()) {
        timedOut = true;
        return;
      }
      yield seed;
    }
  }
  const { stoppedEarly } = await runPool<number, SeedOutcome>({
    workers: options.workers,
    workerModule: new URL('./seed-worker.js', import.meta.url),
    workerData,
    jobs: seeds(),
    onResult: (outcome) => {
      options.onOutcome?.(outcome);
      tally.add(outcome);
      return !(options.failFast && outcome.failure !== null);
    },
  });
  return tally.report(stoppedEarly ? 'fail-fast' : interrupted ? 'interrupted' : timedOut ? 'time-limit' : null);
}

/**
 * Sums outcomes as they arrive, keeping per seed only its wall time: the
 * failure files and reports are the caller's to save, so that a sweep with
 * thousands of failures does not hold every history and report.
 */
export class SweepTally {
  private readonly totals = Object.fromEntries(TOTAL_NAMES.map((name) => [name, 0])) as Record<TotalName, number>;
  private readonly marks: Record<string, number> = {};
  private readonly failures: SeedOutcome[] = [];
  /** Wall time of seed `range.first + i` at index i. */
  private readonly wallMs: number[] = [];
  private seedsRun = 0;
  private seedWallMs = 0;

  constructor(private readonly range: SeedRange) {}

  add(outcome: SeedOutcome): void {
    for (const name of TOTAL_NAMES) this.totals[name] += outcome.totals[name];
    for (const [name, count] of Object.entries(outcome.marks)) this.marks[name] = (this.marks[name] ?? 0) + count;
    this.seedsRun += 1;
    this.seedWallMs += outcome.wallMs;
    this.wallMs[outcome.seed - this.range.first] = outcome.wallMs;
    if (outcome.failure !== null) this.failures.push({ ...outcome, failureFile: null, reportHtml: null });
  }

  report(stoppedBy: StopReason | null): SweepReport {
    const failures = [...this.failures].sort((a, b) => a.seed - b.seed);
    const failuresByKind: Record<string, number> = {};
    for (const { failure } of failures) {
      if (failure === null) continue;
      const kind = failureKindLabel(failure);
      failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
    }
    return {
      range: this.range,
      seedsRun: this.seedsRun,
      passed: this.seedsRun - failures.length,
      failures,
      failuresByKind,
      totals: { ...this.totals },
      marks: { ...this.marks },
      stoppedBy,
      seedWallMs: this.seedWallMs,
      seedTimes: this.wallMs.slice(0, this.seedsRun).map((wallMs, i) => [this.range.first + i, wallMs] as const),
    };
  }
}
