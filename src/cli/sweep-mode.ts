/**
 * `raft-check --seeds 1..10000`: a sweep on worker threads with a progress
 * bar, early stop, a time limit, shards, a results folder per sweep, and
 * text/JSON/JUnit summaries.
 */

import { createHash, randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadSystem, SystemModuleError } from '../harness/system-module.js';
import { checkCorpusFolder, CorpusFolderError, copyToCorpus } from '../results/corpus-copy.js';
import { checkResultsRoot, ResultsFolderError } from '../results/results-folder.js';
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
import { EXIT_INTERRUPTED, watchInterrupt } from './interrupt.js';
import { integerFlag, overrideFlags, overridesOf } from './run-options.js';
import { WORKERS_PER_CORE, type SweepArgs } from './sweep-options.js';
import { UsageError } from './usage-error.js';
import { checkOutputTarget } from './write-output.js';

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
    // Found only at the end, an unwritable target lost the summary of the whole sweep.
    if (checkOutputTarget('--junit', args.junit)) throw new UsageError(`--junit ${args.junit} already exists; raft-check never overwrites a file (the results folder keeps junit.xml)`);
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
  const replayFlags = overrideFlags(overrides, args.system);
  const { range, shard, slice } = parseRangeArgs(args, `${fingerprint}\n${replayFlags}\n${JSON.stringify(system)}`, args.json ? () => {} : print);

  const startedAt = new Date();
  // Before the sweep's folder exists: a Ctrl-C once it does must find the handler (until then the signal kills at once).
  const interrupt = watchInterrupt('finishing the seeds in flight, then summarizing');
  let store: ResultsStore;
  try {
    store = ResultsStore.create(args.results, startedAt, `${formatRange(range)}${shard === null ? '' : `-shard${shard.index}of${shard.count}`}`);
  } catch (error) {
    interrupt.stop();
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
    interrupted: interrupt.interrupted,
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
            // The sweep's own copy is safe in its results folder: a copy that cannot be made (a file in the way,
            // a full disk, a folder gone since the start) is said, and the sweep goes on to its summary.
            const why = error instanceof FileExistsError ? error.message : `cannot copy into --save ${args.save}: ${error instanceof Error ? error.message : String(error)}`;
            process.stderr.write(`raft-check: warning: ${why}; this sweep's copy is ${join(store.dir, stored.file)}\n`);
          }
        }
        saved.set(outcome.seed, { ...stored, saved: copy });
      }
      progress?.update(done, failures);
    },
  });
  interrupt.stop();
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
  const exitCode = sweepExitCode(report.failures.map((outcome) => outcome.failure?.kind ?? 'unknown'));
  return exitCode === 0 && report.stoppedBy === 'interrupted' ? EXIT_INTERRUPTED : exitCode;
}

