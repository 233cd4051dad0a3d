#!/usr/bin/env node
/**
 * The `raft-check` command line. Usage errors (bad flags, unreadable or
 * malformed files, files that cannot be written) print one line and exit 2;
 * anything else that throws, synchronously or in a promise, is an internal
 * error: one line, exit 255, the stack only with --verbose.
 */

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
// The commands' flags and help only: each loads its code when it runs (commands/when-loaded.ts).
import { bugsCommand } from './commands/bugs.js';
import { checkCommand } from './commands/check.js';
import { regressCommand, replayCommand } from './commands/corpus.js';
import { mergeCommand } from './commands/merge.js';
import { powerCommand } from './commands/power.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { shrinkCommand } from './commands/shrink.js';
import { EXIT_CODE_LINES, withExitCodes } from './exit-codes.js';
import { exitWithInternalError, wantsVerbose } from './internal-error.js';
import { exitWithUsageError, isUsageError } from './usage-error.js';

function exitOnError(error: unknown): never {
  if (isUsageError(error)) exitWithUsageError(error.message);
  exitWithInternalError(error, wantsVerbose(process.argv));
}


export function main(argv: string[]): void {
  yargs(argv)
    .scriptName('raft-check')
    .usage('$0 --seed N [options]\n$0 --seeds A..B [options]\n$0 <command> [options]\n\nDeterministic simulation testing of a Raft key/value store: seeded faults, invariants, linearizability.')
    .command(runCommand)
    .command(withExitCodes(checkCommand, EXIT_CODE_LINES.check))
    .command(withExitCodes(replayCommand, EXIT_CODE_LINES.replay))
    .command(withExitCodes(regressCommand, EXIT_CODE_LINES.regress))
    .command(withExitCodes(shrinkCommand, EXIT_CODE_LINES.shrink))
    .command(withExitCodes(mergeCommand, EXIT_CODE_LINES.merge))
    .command(withExitCodes(serveCommand, EXIT_CODE_LINES.serve))
    .command(withExitCodes(bugsCommand, EXIT_CODE_LINES.bugs))
    .command(withExitCodes(powerCommand, EXIT_CODE_LINES.power))
    .strict()
    .help()
    .alias('help', 'h')
    .option('verbose', { type: 'boolean', global: true, describe: 'More detail; on an internal error, its stack' })
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
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
