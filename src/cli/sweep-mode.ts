/**
 * `raft-check --seeds 1..10000`: a sweep on worker threads with a progress
 * bar, early stop, a time limit, shards, a results folder per sweep, and
 * text/JSON/JUnit summaries.
 */

import { createHash, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { loadSystem, SystemModuleError } from '../harness/system-module.js';
import { checkCorpusFolder, CorpusFolderError, copyToCorpus } from '../results/corpus-copy.js';
import { checkResultsRoot, DEFAULT_RESULTS_ROOT, ResultsFolderError } from '../results/results-folder.js';
import { ResultsStore } from '../results/results-store.js';
import { renderJunit } from '../sweep/junit.js';
import { createSweepProgress } from '../sweep/progress.js';
import { formatRange, MAX_SEED, parseSeedRange, parseShard, shardOf, SeedRangeError, type SeedRange, type Shard } from '../sweep/seed-range.js';
import { formatSweepSummary, junitSuiteName, sweepExitCode, sweepJson, sweepJunitCases, type SavedFailure, type SweepContext } from '../sweep/sweep-summary.js';
import { runSweep } from '../sweep/sweep.js';
import { sweepSystemRef, type SystemRef } from '../sweep/system-identity.js';
import { parseTimeLimit, TimeLimitError } from '../sweep/time-limit.js';
import { FileExistsError, writeFileAtomic } from '../util/atomic-write.js';
import { codeVersion } from './fingerprint.js';
import { integerFlag, overrideFlags, overridesOf, type OverrideArgs } from './run-options.js';
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
const WORKERS_PER_CORE = 4;

/** Declares the sweep flags; none has a yargs default, so that "given" is visible to single runs. */
export function withSweepOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('seeds', { type: 'string', requiresArg: true, describe: 'Sweep: run many seeds, A..B (e.g. 1..10000) or N (N seeds from a random start)' })
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

type Print = (line: string) => void;

/**
 * Where `--seeds N` starts. Alone, at a random seed (printed, so the sweep can
 * be rerun). With --shard, every CI job must pick the same start without
 * talking to the others: it is derived from what they share (the code, the
 * flags, the system, N), so a new commit also moves the window.
 */
function startOfCount(identity: string, sharded: boolean, print: Print): (count: number) => number {
  return (count) => {
    if (!sharded) {
      const start = randomInt(0, 2 ** 31);
      print(`seeds: ${count} seeds from a random start, ${start} (rerun with --seeds ${start}..${start + count - 1})`);
      return start;
    }
    const digest = createHash('sha256').update(`${identity}\n${count}`).digest();
    const start = digest.readUInt32BE(0) >>> 1;
    print(`seeds: ${count} seeds from ${start}, derived from the code and flags so that every shard agrees (same as --seeds ${start}..${start + count - 1})`);
    return start;
  };
}

interface SweepRange {
  range: SeedRange;
  shard: Shard | null;
  slice: SeedRange;
}

function parseRangeArgs(args: SweepArgs, identity: string, print: Print): SweepRange {
  try {
    const shard = args.shard === undefined ? null : parseShard(args.shard);
    const range = args.seeds === undefined ? { first: 1, last: MAX_SEED } : parseSeedRange(args.seeds, startOfCount(identity, shard !== null, print));
    if (shard === null) return { range, shard, slice: range };
    const slice = shardOf(range, shard);
    if (slice === null) throw new SeedRangeError(`--shard ${args.shard} of ${formatRange(range)} is empty: use fewer shards than seeds`);
    return { range, shard, slice };
  } catch (error) {
    if (error instanceof SeedRangeError) throw new UsageError(error.message);
    throw error;
  }
}

function checkOutputs(args: SweepArgs): void {
  if (args.junit !== undefined) {
    if (args.junit.trim() === '') throw new UsageError('--junit needs a file name');
    if (existsSync(args.junit)) throw new UsageError(`--junit ${args.junit} already exists; raft-check never overwrites a file (the results folder keeps junit.xml)`);
  }
  try {
    if (args.save !== undefined) checkCorpusFolder(args.save);
    checkResultsRoot(args.results);
  } catch (error) {
    if (error instanceof CorpusFolderError || error instanceof ResultsFolderError) throw new UsageError(error.message);
    throw error;
  }
}

/** Runs the sweep; resolves to the exit code (0 all passed, else the most serious failure's code). */
export async function executeSweep(args: SweepArgs, print: Print, progressStream: NodeJS.WriteStream): Promise<number> {
  const overrides = overridesOf(args);
  const maxWorkers = WORKERS_PER_CORE * availableParallelism();
  const workers = args.workers === undefined ? availableParallelism() : integerFlag('workers', args.workers, 1, maxWorkers);
  let timeLimitMs: number | null = null;
  try {
    if (args['time-limit'] !== undefined) timeLimitMs = parseTimeLimit(args['time-limit']);
  } catch (error) {
    if (error instanceof TimeLimitError) throw new UsageError(error.message);
    throw error;
  }
  checkOutputs(args);
  // Load the module here first, so that a bad one is one clear line, not a worker crash.
  if (args.system !== undefined) {
    try {
      await loadSystem(args.system);
    } catch (error) {
      if (error instanceof SystemModuleError) throw new UsageError(error.message);
      throw error;
    }
  }
  const fingerprint = codeVersion();
  const system: SystemRef | null = sweepSystemRef(args.system);
  const replayFlags = overrideFlags(overrides);
  const { range, shard, slice } = parseRangeArgs(args, `${fingerprint}\n${replayFlags}\n${JSON.stringify(system)}`, args.json ? () => {} : print);

  const startedAt = new Date();
  let store: ResultsStore;
  try {
    store = ResultsStore.create(args.results, startedAt, `${formatRange(range)}${shard === null ? '' : `-shard${shard.index}of${shard.count}`}`);
  } catch (error) {
    throw new UsageError(`cannot create a results folder in ${args.results}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const progress = args.json ? null : createSweepProgress(timeLimitMs === null ? slice.last - slice.first + 1 : null, progressStream, () => performance.now());
  let done = 0;
  let failures = 0;
  const saved = new Map<number, SavedFailure>();
  const started = performance.now();
  const report = await runSweep({
    range: slice,
    overrides,
    workers,
    failFast: args['fail-fast'],
    codeVersion: fingerprint,
    ...(args.system === undefined ? {} : { systemModule: args.system }),
    reports: true,
    replayFlags,
    ...(timeLimitMs === null ? {} : { timeIsUp: () => performance.now() - started >= (timeLimitMs as number) }),
    onOutcome: (outcome) => {
      done += 1;
      if (outcome.failureFile !== null) {
        failures += 1;
        const stored = store.saveFailure(outcome.failureFile, outcome.reportHtml);
        let copy: string | null = null;
        if (args.save !== undefined) {
          try {
            copy = copyToCorpus(args.save, outcome.failureFile, outcome.reportHtml);
          } catch (error) {
            if (!(error instanceof FileExistsError)) throw error;
            process.stderr.write(`raft-check: warning: ${error.message}; this sweep's copy is ${join(store.dir, stored.file)}\n`);
          }
        }
        saved.set(outcome.seed, { ...stored, saved: copy });
      }
      progress?.update(done, failures);
    },
  });
  progress?.stop();
  const context: SweepContext = {
    range,
    shard,
    overrides,
    system,
    fingerprint,
    workers,
    wallMs: performance.now() - started,
    replayFlags,
    timeLimit: args['time-limit'] ?? null,
    saved,
  };

  const json = sweepJson(report, context);
  const summary = formatSweepSummary(report, context);
  const junit = renderJunit(junitSuiteName(context), sweepJunitCases(report, context));
  store.finish(json, junit, summary);
  if (args.junit !== undefined) {
    try {
      writeFileAtomic(args.junit, junit, 'never');
    } catch (error) {
      throw new UsageError(`cannot write --junit ${args.junit}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (args.json) print(JSON.stringify(json, null, 2));
  else for (const line of [...summary, `results: ${join(store.dir, 'index.html')}`]) print(line);
  return sweepExitCode(report.failures.map((outcome) => outcome.failure?.kind ?? 'unknown'));
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
  if (given.length > 0) throw new UsageError(`--${given.join(', --')} only apply to a sweep (--seeds A..B or --time-limit); this is a single run`);
}
