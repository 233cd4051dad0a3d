/**
 * `raft-check merge SHARD.json...`: one verdict for a sweep split over CI jobs
 * with --shard. Exit codes: 0 every seed passed, 1/3/4 as a sweep (the most
 * serious failure), 2 bad input or shards of different sweeps, 6 the shards do
 * not cover the range exactly once (a shard missing or given twice).
 */

import { readBounded } from '../corpus/bounded-read.js';
import { strictUtf8 } from '../corpus/strict-json.js';
import { EXIT_CODES, failureKindLabel } from '../sim/index.js';
import { mergeSweeps, MixedSweepsError, ShardCoverageError, shardsStoppedEarly, type NamedSweep } from '../sweep/merge-sweeps.js';
import { formatRange } from '../sweep/seed-range.js';
import { parseSweepJson, SweepJsonError } from '../sweep/sweep-json.js';
import { markNames, sweepExitCode } from '../sweep/sweep-summary.js';
import { exitWithUsageError, UsageError } from './usage-error.js';
import { shownName } from './shown-name.js';

type Print = (line: string) => void;

/** A merge whose shards leave seeds unrun or run some twice: its own exit code (6), not a usage error. */
export class IncompleteSweepError extends Error {
  override readonly name = 'IncompleteSweepError';
}

function readSweep(file: string): NamedSweep {
  let text: string;
  try {
    // Strict, as for failure files and plans: a lenient decoder read bad bytes as U+FFFD, and kept a BOM, which JSON refuses.
    text = strictUtf8(readBounded(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${shownName(file)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { name: file, sweep: parseSweepJson(text, file) };
  } catch (error) {
    if (error instanceof SweepJsonError) throw new UsageError(error.message);
    throw error;
  }
}

/** Exported for tests; returns the exit code. */
export function executeMerge(files: readonly string[], json: boolean, print: Print): number {
  if (files.length === 0) throw new UsageError('merge needs at least one sweep file (raft-check --seeds ... --json)');
  const sweeps = files.map(readSweep);
  let merged;
  try {
    merged = mergeSweeps(sweeps);
  } catch (error) {
    if (error instanceof MixedSweepsError) throw new UsageError(error.message);
    if (error instanceof ShardCoverageError) throw new IncompleteSweepError(error.message);
    throw error;
  }
  const stopped = shardsStoppedEarly(sweeps);
  if (json) {
    print(JSON.stringify(merged, null, 2));
  } else {
    print(`merged ${files.length} sweep file${files.length === 1 ? '' : 's'} of ${formatRange(merged.range)}`);
    for (const note of stopped) print(`note: ${note}`);
    print(`${merged.seedsRun} seeds run, ${merged.passed} passed, ${merged.failed} failed`);
    print(`totals: ${Object.entries(merged.totals).map(([name, count]) => `${name} ${count}`).join(', ')}`);
    const marks = markNames(merged.marks);
    const neverHit = marks.filter((name) => (merged.marks[name] ?? 0) === 0);
    print(`coverage marks: ${marks.length - neverHit.length}/${marks.length} hit${neverHit.length > 0 ? `; never hit: ${neverHit.join(', ')}` : ''}`);
    for (const failure of merged.failures) print(`  FAIL seed ${failure.seed}: ${failureKindLabel(failure)}: ${failure.message}\n       replay: ${failure.replay}`);
    print(merged.failed === 0 ? 'verdict: PASS' : 'verdict: FAIL');
  }
  return sweepExitCode(merged.failures.map((failure) => failure.kind));
}

/** What `raft-check merge` does with its flags (src/cli/commands/merge.ts declares them). */
export function handleMerge(args: { files: string[]; json: boolean }): void {
  try {
    process.exitCode = executeMerge(args.files, args.json, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (error instanceof UsageError) exitWithUsageError(error.message);
    if (error instanceof IncompleteSweepError) {
      process.stderr.write(`raft-check merge: ${error.message}\n`);
      process.exit(EXIT_CODES.incompleteSweep);
    }
    throw error;
  }
}
