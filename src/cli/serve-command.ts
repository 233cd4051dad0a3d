/** `raft-check serve [DIR]`: browse the results store on http://127.0.0.1:PORT/ (see src/results/results-server.ts). */

import { statSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_RESULTS_ROOT } from '../results/results-folder.js';
import { createResultsServer } from '../results/results-server.js';
import { integerFlag } from './run-options.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

interface ServeArgs {
  dir: string;
  port: number;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve [dir]',
  describe: 'Serve the results store on localhost for browsing (it opens from file:// too)',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dir', { type: 'string', default: DEFAULT_RESULTS_ROOT, describe: 'The results store (or one sweep folder)' })
      .option('port', { type: 'number', default: 8080, describe: 'Port on 127.0.0.1 (0 picks a free one)' })
      .example('raft-check serve', 'open http://127.0.0.1:8080/latest/')
      .epilog('Exit codes: 2 usage error (no such folder, port in use). Stop it with Ctrl-C.') as unknown as Argv<ServeArgs>,
  handler: (args) => {
    try {
      const port = integerFlag('port', args.port, 0, 65535);
      let isFolder = false;
      try {
        isFolder = statSync(args.dir).isDirectory();
      } catch {
        // Reported below.
      }
      if (!isFolder) throw new UsageError(`serve: ${args.dir} is not a folder (run a sweep first, or name the results folder)`);
      const server = createResultsServer(args.dir);
      server.on('error', (error: NodeJS.ErrnoException) => exitWithUsageError(`serve: cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const bound = typeof address === 'object' && address !== null ? address.port : port;
        process.stdout.write(`serving ${args.dir} on http://127.0.0.1:${bound}/ (latest sweep: http://127.0.0.1:${bound}/latest/)\n`);
      });
    } catch (error) {
      if (error instanceof UsageError) exitWithUsageError(error.message);
      throw error;
    }
  },
};
