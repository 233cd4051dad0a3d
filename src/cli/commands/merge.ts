/** `raft-check merge`: its flags and help. What it does is src/cli/merge-command.ts, loaded only when it runs. */

import type { Argv, CommandModule } from 'yargs';
import { whenLoaded } from './when-loaded.js';

export const mergeCommand: CommandModule<object, { files: string[]; json: boolean }> = {
  command: 'merge <files..>',
  describe: 'Merge the sweep@1 files of sweep shards (--shard K/N --json) into one verdict',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Outputs of raft-check --seeds A..B --shard K/N --json (or sweep.json of a results folder)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the merged result as raft-check/sweep@1 JSON' })
      .example('raft-check merge shard-*.json', 'one verdict for the whole sweep') as unknown as Argv<{ files: string[]; json: boolean }>,
  handler: (args) => whenLoaded(import('../merge-command.js'), (command) => command.handleMerge(args)),
};
