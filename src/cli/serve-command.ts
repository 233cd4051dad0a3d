/** `raft-check serve [DIR]`: browse the results store on http://127.0.0.1:PORT/ (see src/results/results-server.ts). */

import { statSync } from 'node:fs';
import { createResultsServer } from '../results/results-server.js';
import { EXIT_CODES } from '../sim/result.js';
import { integerFlag } from './run-options.js';
import { exitWithUsageError, UsageError } from './usage-error.js';

export interface ServeArgs {
  dir: string;
  port: number;
}

/** What `raft-check serve` does with its flags (src/cli/commands/serve.ts declares them). */
export function handleServe(args: ServeArgs): void {
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
    // Ctrl-C is how serve is meant to stop (the server only reads): a normal end, not a failure.
    process.once('SIGINT', () => process.exit(EXIT_CODES.pass));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      process.stdout.write(`serving ${args.dir} on http://127.0.0.1:${bound}/ (latest sweep: http://127.0.0.1:${bound}/latest/)\n`);
    });
  } catch (error) {
    if (error instanceof UsageError) exitWithUsageError(error.message);
    throw error;
  }
}
