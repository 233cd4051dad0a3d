/** Bad input from the user (flags, files): reported in one line, exit code 2, no stack trace. */

import { EXIT_CODES } from '../sim/result.js';
import { UserInputError } from '../util/user-input-error.js';

export class UsageError extends UserInputError {
  override readonly name = 'UsageError';
}

/** Errors that are the user's input, not a bug: bad files, a bad --system module, a file that may not be overwritten or cannot be written. */
export function isUsageError(error: unknown): error is Error {
  return error instanceof UserInputError;
}

export function exitWithUsageError(message: string): never {
  // One line, even when the message quotes a multi-line error of a module or of JSON.parse.
  process.stderr.write(`raft-check: ${message.replace(/\s*\n\s*/g, ' ')} (see raft-check --help)\n`);
  process.exit(EXIT_CODES.usage);
}
