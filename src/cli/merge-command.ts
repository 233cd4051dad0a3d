/** `raft-check merge SHARD.json...`: one summary for a sweep split over CI jobs with --shard. */

import { existsSync, readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { EXIT_CODES, failureKindLabel } from '../sim/index.js';
import { MergeError, mergeSweeps, parseSweepJson, rangeGaps } from '../sweep/merge-sweeps.js';
import { formatRange } from '../sweep/seed-range.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

type Print = (line: string) => void;

/** Exported for tests. Exit 0 when every shard passed, 1 when any seed failed, 2 for bad input. */
export function executeMerge(files: readonly string[], json: boolean, print: Print): number {
  if (files.length === 0) throw new UsageError('merge needs at least one --json summary file');
  const summaries = files.map((file) => {
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    try {
      return parseSweepJson(readFileSync(file, 'utf8'), file);
    } catch (error) {
      if (error instanceof MergeError) throw new UsageError(error.message);
      throw error;
    }
  });
  let merged;
  try {
    merged = mergeSweeps(summaries);
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  const gaps = rangeGaps(merged.ranges);
  if (json) {
    print(JSON.stringify({ ...merged, gaps }, null, 2));
  } else {
    print(`merged ${files.length} shard summaries: ${merged.ranges.map(formatRange).join(', ')}`);
    if (gaps.length > 0) print(`warning: no shard ran seeds ${gaps.map(formatRange).join(', ')}`);
    print(`${merged.seedsRun} seeds run, ${merged.passed} passed, ${merged.failures.length} failed${merged.stoppedEarly ? ' (some shard stopped early)' : ''}`);
    const totals = Object.entries(merged.totals).map(([name, count]) => `${name} ${count}`);
    print(`totals: ${totals.join(', ')}`);
    const neverHit = Object.entries(merged.marks).filter(([, count]) => count === 0).map(([name]) => name);
    print(`coverage marks: ${Object.keys(merged.marks).length - neverHit.length}/${Object.keys(merged.marks).length} hit${neverHit.length > 0 ? `; never hit: ${neverHit.join(', ')}` : ''}`);
    for (const failure of merged.failures) print(`  FAIL seed ${failure.seed}: ${failureKindLabel(failure)}: ${failure.message}\n       replay: ${failure.replay}`);
    print(merged.failures.length === 0 ? 'verdict: PASS' : 'verdict: FAIL');
  }
  return merged.failures.length === 0 ? EXIT_CODES.pass : EXIT_CODES.violation;
}

export const mergeCommand: CommandModule<object, { files: string[]; json: boolean }> = {
  command: 'merge <files..>',
  describe: 'Merge the --json summaries of sweep shards (--shard K/N) into one result',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Outputs of raft-check --seeds A..B --shard K/N --json' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the merged result as JSON' })
      .example('raft-check merge shard-*.json', 'one verdict for the whole sweep') as unknown as Argv<{ files: string[]; json: boolean }>,
  handler: (args) => {
    try {
      process.exitCode = executeMerge(args.files, args.json, (line) => process.stdout.write(`${line}\n`));
    } catch (error) {
      if (error instanceof UsageError) exitWithUsageError(error.message);
      throw error;
    }
  },
};
