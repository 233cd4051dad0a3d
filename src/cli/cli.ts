/**
 * The `raft-check` parser: every command's flags, help and exit codes. main.ts
 * adds what a process does with a failure (one line, exit 2) and parses;
 * tests parse in-process with the handlers left out, to check a flag's
 * validation without starting a process (test/cli/parse-in-process.ts).
 */

import yargs, { type Argv, type CommandModule } from 'yargs';
// The commands' flags and help only: each loads its code when it runs (commands/when-loaded.ts).
import { bugsCommand } from './commands/bugs.js';
import { checkCommand } from './commands/check.js';
import { regressCommand, replayCommand } from './commands/corpus.js';
import { mergeCommand } from './commands/merge.js';
import { powerCommand } from './commands/power.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { shrinkCommand } from './commands/shrink.js';
import { refuseCarelessPaths, refuseDoubleDash } from './careless-paths.js';
import { refuseLooseFlags, type DeclaredFlags } from './strict-flags.js';
import { refuseUnknownWithHints } from './argument-hints.js';
import { EXIT_CODE_LINES, withExitCodes } from './exit-codes.js';
import { packageVersion } from './fingerprint.js';

/** Every command, for the hints on an unknown word (argument-hints.ts). */
const COMMANDS = [runCommand, checkCommand, replayCommand, regressCommand, shrinkCommand, mergeCommand, serveCommand, bugsCommand, powerCommand] as unknown as CommandModule<never, never>[];

/**
 * `parse only` declares the commands without running them: a test of a flag's
 * validation gets the usage error (through `.fail`) or nothing.
 */
export function raftCheckCli(argv: string[], handlers: 'run' | 'parse only' = 'run'): Argv {
  // Before yargs reads anything: its own checks would blame a file that follows '--' for being missing.
  refuseDoubleDash(argv);
  const use = <T, U>(command: CommandModule<T, U>): CommandModule<T, U> => (handlers === 'run' ? command : { ...command, handler: () => undefined });
  const cli = yargs(argv);
  return cli
    .scriptName('raft-check')
    // Before the commands' own coercions (added as they are parsed, after this): they must never see a flag's list or a loose value.
    // getOptions() is untyped in @types/yargs; when a middleware runs, it holds the chosen command's flags.
    .middleware((parsed) => {
      const declared = (cli as unknown as { getOptions(): DeclaredFlags }).getOptions();
      refuseLooseFlags(argv, declared);
      refuseUnknownWithHints(argv, parsed._, declared, COMMANDS);
    }, true)
    .usage('$0 --seed N [options]\n$0 --seeds A..B [options]\n$0 <command> [options]\n\nDeterministic simulation testing of a Raft key/value store: seeded faults, invariants, linearizability.')
    .command(use(runCommand))
    .command(use(withExitCodes(checkCommand, EXIT_CODE_LINES.check)))
    .command(use(withExitCodes(replayCommand, EXIT_CODE_LINES.replay)))
    .command(use(withExitCodes(regressCommand, EXIT_CODE_LINES.regress)))
    .command(use(withExitCodes(shrinkCommand, EXIT_CODE_LINES.shrink)))
    .command(use(withExitCodes(mergeCommand, EXIT_CODE_LINES.merge)))
    .command(use(withExitCodes(serveCommand, EXIT_CODE_LINES.serve)))
    .command(use(withExitCodes(bugsCommand, EXIT_CODE_LINES.bugs)))
    .command(use(withExitCodes(powerCommand, EXIT_CODE_LINES.power)))
    .strict()
    .check((parsed) => refuseCarelessPaths(argv, parsed))
    .help()
    .alias('help', 'h')
    .option('verbose', { type: 'boolean', global: true, describe: 'More detail; on an internal error, its stack' })
    .version(packageVersion())
    .wrap(Math.min(110, process.stdout.columns || 110));
}
