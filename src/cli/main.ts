#!/usr/bin/env node
/**
 * The `raft-check` command line. Usage errors (bad flags, unreadable files)
 * print one line and exit 2, without a stack trace; anything else that throws
 * is a bug in raft-check and keeps its stack.
 */

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { bugsCommand } from './bugs-command.js';
import { checkCommand } from './check-command.js';
import { regressCommand, replayCommand } from './corpus-commands.js';
import { mergeCommand } from './merge-command.js';
import { powerCommand } from './power-command.js';
import { runCommand } from './run-command.js';
import { serveCommand } from './serve-command.js';
import { shrinkCommand } from './shrink-command.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

export function main(argv: string[]): void {
  yargs(argv)
    .scriptName('raft-check')
    .usage('$0 --seed N [options]\n$0 --seeds A..B [options]\n$0 <command> [options]\n\nDeterministic simulation testing of a Raft key/value store: seeded faults, invariants, linearizability.')
    .command(runCommand)
    .command(checkCommand)
    .command(replayCommand)
    .command(regressCommand)
    .command(shrinkCommand)
    .command(mergeCommand)
    .command(serveCommand)
    .command(bugsCommand)
    .command(powerCommand)
    .strict()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      if (error !== undefined && error !== null && !(error instanceof UsageError)) throw error;
      exitWithUsageError(error?.message ?? message);
    })
    .parseSync();
}

// `raft-check --trace | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(hideBin(process.argv));
