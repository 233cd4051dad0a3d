/** `raft-check serve`: its flags and help. What it does is src/cli/serve-command.ts, loaded only when it runs. */

import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_RESULTS_ROOT } from '../../results/results-folder.js';
import type { ServeArgs } from '../serve-command.js';
import { whenLoaded } from './when-loaded.js';

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve [dir]',
  describe: 'Serve the results store on localhost for browsing (it opens from file:// too)',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dir', { type: 'string', default: DEFAULT_RESULTS_ROOT, describe: 'The results store (or one sweep folder)' })
      .option('port', { type: 'number', default: 8080, describe: 'Port on 127.0.0.1 (0 picks a free one)' })
      .example('raft-check serve', 'open http://127.0.0.1:8080/latest/') as unknown as Argv<ServeArgs>,
  handler: (args) => whenLoaded(import('../serve-command.js'), (command) => command.handleServe(args)),
};
