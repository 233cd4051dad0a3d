#!/usr/bin/env node
/**
 * The `raft-check` command line. Usage errors (bad flags, unreadable or
 * malformed files, files that cannot be written) print one line and exit 2;
 * anything else that throws, synchronously or in a promise, is an internal
 * error: one line, exit 255, the stack only with --verbose.
 */

import { hideBin } from 'yargs/helpers';
import { raftCheckCli } from './cli.js';
import { exitWithInternalError, wantsVerbose } from './internal-error.js';
import { exitWithUsageError, isUsageError } from './usage-error.js';

function exitOnError(error: unknown): never {
  if (isUsageError(error)) exitWithUsageError(error.message);
  exitWithInternalError(error, wantsVerbose(process.argv));
}


export function main(argv: string[]): void {
  raftCheckCli(argv)
    .fail((message, error) => {
      // yargs reports its own checks (and throws of a flag's coerce) as a YError: the user's input.
      if (error !== undefined && error !== null && error.name !== 'YError') exitOnError(error);
      exitWithUsageError(error?.message ?? message);
    })
    .parseSync();
}

// `raft-check --trace | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.on('uncaughtException', exitOnError);
process.on('unhandledRejection', exitOnError);

try {
  main(hideBin(process.argv));
} catch (error) {
  exitOnError(error);
}
