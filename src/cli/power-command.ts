/**
 * `raft-check power [--cap N] [--from S] [--bug NAME] [--shrink-budget S] [--json]`:
 * for each catalogued bug (or the named ones), run seeds 1, 2, ... with the
 * bug switched on until the first failure, up to the cap; shrink that
 * failure within a time budget; print the table (seeds to first failure,
 * failure kind, plan size before and after shrinking), then the median and
 * maximum. Bugs run in parallel on worker threads, one bug per job.
 * Exit 0 when every bug was caught within the cap, 1 otherwise.
 */

import { availableParallelism } from 'node:os';
import { BUG_NAMES, type BugName } from '../bugs/catalog.js';
import { formatPowerTable } from '../bugs/power-table.js';
import { medianSeeds, type BugPower } from '../bugs/power.js';
import { EXIT_CODES } from '../sim/index.js';
import { runPool } from '../sweep/worker-pool.js';
import { codeVersion } from './fingerprint.js';
import { EXIT_INTERRUPTED, watchInterrupt } from './interrupt.js';
import type { PowerJob } from './power-worker.js';
import { integerFlag } from './run-options.js';
import { validateBugNames } from './bugs-command.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

export interface PowerArgs {
  cap: number;
  from?: number;
  bug: string[] | undefined;
  'shrink-budget': number;
  workers: number | undefined;
  json: boolean;
  'self-checks'?: boolean;
}

type Print = (line: string) => void;

/** What `raft-check power` does with its flags (src/cli/commands/power.ts declares them). */
export function handlePower(args: PowerArgs): Promise<void> | undefined {
  const print: Print = (line) => process.stdout.write(`${line}\n`);
  const fail = (error: unknown): void => {
    if (error instanceof UsageError) exitWithUsageError(error.message);
    throw error;
  };
  try {
    return executePower(args, print).then((code) => void (process.exitCode = code), fail);
  } catch (error) {
    fail(error);
    return undefined;
  }
}

/** Runs the command; resolves to the exit code. Exported for tests. */
export async function executePower(args: PowerArgs, print: Print): Promise<number> {
  const cap = integerFlag('cap', args.cap, 1, 1_000_000);
  const from = integerFlag('from', args.from ?? 1, 1, Number.MAX_SAFE_INTEGER - cap);
  const last = from + cap - 1;
  if (!Number.isFinite(args['shrink-budget']) || args['shrink-budget'] < 0) {
    throw new UsageError(`--shrink-budget must be a number of seconds >= 0, got ${args['shrink-budget']}`);
  }
  const bugs: BugName[] = args.bug === undefined ? [...BUG_NAMES] : validateBugNames(args.bug);
  const workers = args.workers === undefined ? availableParallelism() : integerFlag('workers', args.workers, 1, 1024);
  const selfChecks = args['self-checks'] !== false;
  const jobs: PowerJob[] = bugs.map((bug) => ({ bug, cap, from, shrinkBudgetMs: args['shrink-budget'] * 1000, selfChecks }));
  const rows: BugPower[] = [];
  const started = performance.now();
  // A bug in flight can take minutes (up to --cap seeds and a shrink), so Ctrl-C stops it rather than waiting.
  const abort = new AbortController();
  const interrupt = watchInterrupt('leaving out the bugs in flight, printing the table of those measured', () => abort.abort());
  await runPool<PowerJob, BugPower>({
    workers,
    workerModule: new URL('./power-worker.js', import.meta.url),
    workerData: { codeVersion: codeVersion() },
    jobs,
    onResult: (row) => {
      rows.push(row);
      if (!args.json) process.stderr.write(`  ${row.bug}: ${row.seed === null ? `not caught in ${from}..${last}` : `seed ${row.seed} (${row.failureKind})`}\n`);
      return true;
    },
    abort: abort.signal,
  }).finally(interrupt.stop);
  const interrupted = interrupt.interrupted() && rows.length < bugs.length;
  // Catalog order, whatever order the workers finished in.
  rows.sort((a, b) => bugs.indexOf(a.bug) - bugs.indexOf(b.bug));
  const allCaught = rows.every((row) => row.seedsToFailure !== null);
  if (args.json) {
    print(JSON.stringify({ cap, from, selfChecks, median: medianSeeds(rows), ...(interrupted ? { interrupted: true } : {}), rows: rows.map(({ wallMs: _wallMs, ...row }) => row) }, null, 2));
  } else {
    print(`raft-check power: seeds ${from}..${last} per bug${from === 1 ? '' : ` (counted from ${from})`}, first failure shrunk for ${args['shrink-budget']}s${selfChecks ? '' : ", the nodes' own assertions off"}`);
    for (const line of formatPowerTable(rows, cap)) print(line);
    print(`time: ${((performance.now() - started) / 1000).toFixed(1)}s wall on ${workers} worker${workers === 1 ? '' : 's'}`);
    if (interrupted) print(`interrupted: Ctrl-C after ${rows.length} of ${bugs.length} bugs; the median and maximum above are of those ${rows.length} only`);
    const flags = selfChecks ? '' : ' --no-self-checks';
    for (const row of rows) if (row.seed !== null) print(`replay ${row.bug}: raft-check --seed ${row.seed} --bug ${row.bug}${flags}`);
  }
  if (interrupted) return EXIT_INTERRUPTED;
  return allCaught ? EXIT_CODES.pass : EXIT_CODES.violation;
}
