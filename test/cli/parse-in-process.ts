/**
 * A flag's validation, checked without starting a process: the CLI's parser
 * (src/cli/cli.ts) with the commands' handlers left out. Spawned tests (run-cli.ts)
 * keep checking what the process does with the error: one line, exit 2.
 */

import { raftCheckCli } from '../../src/cli/cli.js';
import type { RunArgs } from '../../src/cli/run-command.js';
import { isSweep, rejectSweepOnlyFlags, sweepArgsOf } from '../../src/cli/sweep-options.js';
import { isUsageError } from '../../src/cli/usage-error.js';

/** The usage error the parser reports for `args` (as main.ts would print it, in one line), or undefined when they parse. */
export function usageErrorOf(args: string[]): string | undefined {
  let reported: string | undefined;
  try {
    raftCheckCli(args, 'parse only')
      .exitProcess(false)
      .fail((message, error) => {
        // main.ts treats anything else as an internal error (exit 255): a usage test must not pass on one.
        if (error !== undefined && error !== null && error.name !== 'YError' && !isUsageError(error)) throw error;
        reported = error?.message ?? message;
      })
      .parseSync();
  } catch (error) {
    // A middleware's usage error (strict-flags.ts) is thrown past .fail; main.ts reports it the same way.
    if (!isUsageError(error)) throw error;
    reported = error.message;
  }
  return reported;
}

/**
 * The usage error of the top-level command's flags: the parser's, then the
 * checks its handler makes before it runs a seed or a sweep (sweep-options.ts).
 */
export function runFlagsErrorOf(args: string[]): string | undefined {
  const parseError = usageErrorOf(args);
  if (parseError !== undefined) return parseError;
  const parsed = raftCheckCli(args, 'parse only').exitProcess(false).parseSync() as unknown as RunArgs;
  try {
    if (isSweep(parsed)) sweepArgsOf(parsed);
    else rejectSweepOnlyFlags(parsed);
  } catch (error) {
    if (isUsageError(error)) return error.message;
    throw error;
  }
  return undefined;
}

/** What `raft-check ...args --help` prints, from the parser in-process. */
export async function helpOf(args: string[]): Promise<string> {
  let printed: string | undefined;
  await raftCheckCli([...args, '--help'], 'parse only')
    .exitProcess(false)
    .parse([...args, '--help'], {}, (_error, _argv, output) => {
      printed = output;
    });
  if (printed === undefined || printed === '') throw new Error(`${JSON.stringify(args)} --help printed nothing`);
  return printed;
}
