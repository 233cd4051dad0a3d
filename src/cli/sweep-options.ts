/** The sweep flags of the top-level command: declaration, defaults, and which flags only a sweep takes. */

import type { Argv } from 'yargs';
import { DEFAULT_RESULTS_ROOT } from '../results/results-folder.js';
import type { OverrideArgs } from './run-options.js';
import { UsageError } from './usage-error.js';

export interface SweepArgs extends OverrideArgs {
  /** Undefined with --time-limit alone: seeds from 1 upward. */
  seeds: string | undefined;
  shard: string | undefined;
  workers: number | undefined;
  'fail-fast': boolean;
  'time-limit': string | undefined;
  json: boolean;
  junit: string | undefined;
  save: string | undefined;
  results: string;
  system: string | undefined;
}

/** Flags that mean nothing to a single run: given without --seeds or --time-limit, they are a usage error. */
export const SWEEP_ONLY_FLAGS = ['shard', 'workers', 'fail-fast', 'junit', 'save', 'results'] as const;

/** A few workers per core help when seeds wait on a user's exec: system; hundreds only thrash. */
export const WORKERS_PER_CORE = 4;

/** Declares the sweep flags; none has a yargs default, so that "given" is visible to single runs. */
export function withSweepOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('seeds', { type: 'string', requiresArg: true, describe:
        'Sweep: run many seeds: A..B, both included (1..10000, 1..1e6; 0 <= A <= B <= 2^53-1), or N (N seeds from a random start). Seeds are drawn one at a time, so a huge range costs no memory: it runs until Ctrl-C or --time-limit, then summarizes' })
    .option('shard', { type: 'string', requiresArg: true, describe: 'Sweep: run only the K-th of N slices of the range (K/N), for CI matrices' })
    .option('workers', { type: 'number', requiresArg: true, describe: `Sweep: worker threads (default: all cores; at most ${WORKERS_PER_CORE} per core)` })
    .option('fail-fast', { type: 'boolean', describe: 'Sweep: stop at the first failing seed' })
    .option('time-limit', {
      type: 'string',
      requiresArg: true,
      describe: 'Sweep: run seeds from the start of the range (seed 1 without --seeds) until this much wall time has passed (90s, 10m, 2h), then summarize; prints the seeds run',
    })
    .option('json', { type: 'boolean', describe: 'Print the result as JSON: the run, or the sweep (raft-check/sweep@1)' })
    .option('junit', { type: 'string', requiresArg: true, describe: 'Sweep: also write the JUnit XML report to this new file' })
    .option('results', { type: 'string', requiresArg: true, describe: `Sweep: folder of the results store (default: ${DEFAULT_RESULTS_ROOT})` })
    .option('save', { type: 'string', requiresArg: true, describe: 'Sweep: also copy each failing seed into this corpus folder (e.g. histories/); never replaces a different file' })
    .group(['seeds', 'shard', 'workers', 'fail-fast', 'time-limit', 'json', 'junit', 'results', 'save'], 'Sweeps:') as Argv<T>;
}

/** The flags of the top-level command that a sweep reads (any of them may be absent). */
export type SweepCommandArgs = OverrideArgs & {
  [Name in Exclude<keyof SweepArgs, keyof OverrideArgs>]?: SweepArgs[Name] | undefined;
} & {
  [Name in 'seed' | 'plan' | 'trace' | 'check-determinism' | 'save-plan' | 'save-history' | 'report']?: unknown;
};

/** True when the command line asks for a sweep (a range of seeds or a time box). */
export function isSweep(args: { seeds?: string | undefined; 'time-limit'?: string | undefined }): boolean {
  return args.seeds !== undefined || args['time-limit'] !== undefined;
}

export function sweepArgsOf(args: SweepCommandArgs): SweepArgs {
  const conflicting = (['seed', 'plan', 'trace', 'check-determinism', 'save-plan', 'save-history', 'report'] as const).filter(
    (name) => args[name] !== undefined && args[name] !== false,
  );
  if (conflicting.length > 0) throw new UsageError(`a sweep (--seeds, --time-limit) does not combine with --${conflicting.join(', --')}`);
  return {
    ...args,
    seeds: args.seeds,
    shard: args.shard,
    workers: args.workers,
    'fail-fast': args['fail-fast'] === true,
    'time-limit': args['time-limit'],
    json: args.json === true,
    junit: args.junit,
    save: args.save,
    results: args.results ?? DEFAULT_RESULTS_ROOT,
    system: args.system,
  };
}

/** A single run given a sweep-only flag: one line naming the flags, instead of silently ignoring them. */
export function rejectSweepOnlyFlags(args: Partial<Record<(typeof SWEEP_ONLY_FLAGS)[number], unknown>>): void {
  const given = SWEEP_ONLY_FLAGS.filter((name) => args[name] !== undefined);
  if (given.length > 0) throw new UsageError(`--${given.join(', --')} only ${given.length === 1 ? 'applies' : 'apply'} to a sweep (--seeds A..B or --time-limit); this is a single run`);
}
