/** `raft-check replay FILE` and `raft-check regress [DIR]`: their flags and help. What they do is src/cli/corpus-commands.ts, loaded only when one runs. */

import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_CORPUS_DIR } from '../../corpus/default-corpus-dir.js';
import { whenLoaded } from './when-loaded.js';

interface ReplayArgs {
  file: string;
  system: string | undefined;
}

const systemOption = {
  type: 'string',
  describe: 'Run on this --system instead of the one the file recorded (a moved or renamed module)',
} as const;

// Errors reach main's one handler: exit 2 for bad input, 255 for anything else.
export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <file>',
  describe: 'Re-run a saved failure file exactly and say whether it still fails the same way',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('file', { type: 'string', demandOption: true, describe: 'A failure file (raft-check/failure@1), e.g. histories/seed-17.json' })
      .option('system', systemOption) as unknown as Argv<ReplayArgs>,
  handler: (args) => whenLoaded(import('../corpus-commands.js'), (command) => command.handleReplay(args)),
};

interface RegressArgs {
  dir: string;
  system: string | undefined;
}

export const regressCommand: CommandModule<object, RegressArgs> = {
  command: 'regress [dir]',
  describe: 'Replay every failure file of a folder; fail if any does not meet its expectation',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dir', { type: 'string', default: DEFAULT_CORPUS_DIR, describe: 'The corpus folder' })
      .option('system', systemOption)
      .epilog(
        'A file saved from the correct code must pass now (the bug was fixed); a file saved with an injected --bug must still fail the same way. ' +
          'Each file runs on the --system it recorded.',
      ) as unknown as Argv<RegressArgs>,
  handler: (args) => whenLoaded(import('../corpus-commands.js'), (command) => command.handleRegress(args)),
};
