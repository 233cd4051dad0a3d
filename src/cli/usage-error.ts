/** Bad input from the user (flags, files): reported in one line, exit code 2, no stack trace. */

import { EXIT_CODES } from '../sim/result.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function exitWithUsageError(message: string): never {
  process.stderr.write(`raft-check: ${message} (see raft-check --help)\n`);
  process.exit(EXIT_CODES.usage);
}
