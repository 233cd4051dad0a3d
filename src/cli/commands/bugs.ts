/** `raft-check bugs`: its flags and help. What it does is src/cli/bugs-command.ts, loaded only when it runs. */

import type { Argv, CommandModule } from 'yargs';
import { whenLoaded } from './when-loaded.js';

export const bugsCommand: CommandModule<object, { verbose: boolean }> = {
  command: 'bugs',
  describe: 'List the injectable classic Raft bugs (values of --bug)',
  builder: (yargs: Argv<object>) =>
    yargs.option('verbose', { type: 'boolean', default: false, describe: 'Also print how each is caught and where it was seen' }) as unknown as Argv<{ verbose: boolean }>,
  handler: (args) => whenLoaded(import('../bugs-command.js'), (command) => command.handleBugs(args)),
};
