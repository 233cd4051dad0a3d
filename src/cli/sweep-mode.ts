/**
 * `raft-check --seeds 1..10000`: a sweep on worker threads with a progress
 * bar, early stop, shards, saved failures, and text/JSON/JUnit summaries.
 */

import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { saveFailureFile } from '../corpus/corpus-dir.js';
import { loadSystem, SystemModuleError } from '../harness/system-module.js';
import { EXIT_CODES } from '../sim/index.js';
import { renderJunit } from '../sweep/junit.js';
import { createSweepProgress } from '../sweep/progress.js';
import { formatRange, parseSeedRange, parseShard, shardOf, SeedRangeError } from '../sweep/seed-range.js';
import { formatSweepSummary, sweepJson, sweepJunitCases, type SweepContext } from '../sweep/sweep-summary.js';
import { runSweep } from '../sweep/sweep.js';
import { codeVersion } from './fingerprint.js';
import { integerFlag, overrideFlags, overridesOf, type OverrideArgs } from './run-options.js';
import { UsageError } from './usage-error.js';

export interface SweepArgs extends OverrideArgs {
  seeds: string;
  shard: string | undefined;
  workers: number | undefined;
  'fail-fast': boolean;
  json: boolean;
  junit: string | undefined;
  save: string;
  system: string | undefined;
}

type Print = (line: string) => void;

function parseRangeArgs(args: SweepArgs, print: Print): { range: ReturnType<typeof parseSeedRange>; shard: string | null; full: string } {
  try {
    const full = parseSeedRange(args.seeds, () => {
      const start = randomInt(0, 2 ** 31);
      print(`seeds: ${args.seeds} seeds from a random start, ${start} (rerun with --seeds ${start}..${start + Number(args.seeds) - 1})`);
      return start;
    });
    if (args.shard === undefined) return { range: full, shard: null, full: formatRange(full) };
    const shard = parseShard(args.shard);
    const slice = shardOf(full, shard);
    if (slice === null) throw new SeedRangeError(`--shard ${args.shard} of ${formatRange(full)} is empty: use fewer shards than seeds`);
    return { range: slice, shard: `${shard.index}/${shard.count} of ${formatRange(full)}`, full: formatRange(full) };
  } catch (error) {
    if (error instanceof SeedRangeError) throw new UsageError(error.message);
    throw error;
  }
}

/** Runs the sweep; resolves to the exit code (0 all passed, else the most serious failure's code). */
export async function executeSweep(args: SweepArgs, print: Print, progressStream: NodeJS.WriteStream): Promise<number> {
  const overrides = overridesOf(args);
  const workers = args.workers === undefined ? availableParallelism() : integerFlag('workers', args.workers, 1, 1024);
  if (args.junit !== undefined && args.junit.trim() === '') throw new UsageError('--junit needs a file name');
  const { range, shard } = parseRangeArgs(args, args.json ? () => {} : print);
  // Load the module here first, so that a bad one is one clear line, not a worker crash.
  if (args.system !== undefined) {
    try {
      await loadSystem(args.system);
    } catch (error) {
      if (error instanceof SystemModuleError) throw new UsageError(error.message);
      throw error;
    }
  }
  const version = codeVersion();
  const replayFlags = overrideFlags(overrides, args.system);

  const total = range.last - range.first + 1;
  const progress = args.json ? null : createSweepProgress(total, progressStream, () => performance.now());
  let done = 0;
  let failures = 0;
  const saved = new Map<number, string>();
  const started = performance.now();
  const report = await runSweep({
    range,
    overrides,
    workers,
    failFast: args['fail-fast'],
    codeVersion: version,
    ...(args.system === undefined ? {} : { systemModule: args.system }),
    reports: true,
    replayFlags,
    onOutcome: (outcome) => {
      done += 1;
      if (outcome.failureFile !== null) {
        failures += 1;
        const path = saveFailureFile(args.save, outcome.failureFile);
        saved.set(outcome.seed, path);
        if (outcome.reportHtml !== null) writeFileSync(path.replace(/\.json$/, '.html'), outcome.reportHtml);
      }
      progress?.update(done, failures);
    },
  });
  progress?.stop();
  const context: SweepContext = { shard, workers, wallMs: performance.now() - started, replayFlags, saved };

  if (args.json) print(JSON.stringify(sweepJson(report, context), null, 2));
  else for (const line of formatSweepSummary(report, context)) print(line);
  if (args.junit !== undefined) {
    try {
      writeFileSync(args.junit, renderJunit('raft-check sweep', sweepJunitCases(report, context)));
    } catch (error) {
      throw new UsageError(`cannot write ${args.junit}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (report.failures.length === 0) return EXIT_CODES.pass;
  const kinds = new Set(report.failures.map((outcome) => outcome.failure?.kind));
  if (kinds.has('safety') || kinds.has('linearizability')) return EXIT_CODES.violation;
  if (kinds.has('liveness')) return EXIT_CODES.liveness;
  return EXIT_CODES.unknown;
}
