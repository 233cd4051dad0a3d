/**
 * The last resort of the command line: anything that throws and is not bad
 * input is a bug in raft-check, or a throw from a user's module outside a
 * node step (say, in describeMessage under --trace). It must not look like a
 * violation (exit 1) nor drown the message in a stack: one line, exit 255,
 * the stack only with --verbose.
 */

import { EXIT_CODES } from '../sim/result.js';

export function wantsVerbose(argv: readonly string[]): boolean {
  return argv.includes('--verbose');
}

export function internalErrorLine(error: unknown): string {
  // A worker thread's error reaches the sweep as a message holding its whole stack: the frames are for --verbose only.
  const message = error instanceof Error ? error.message.split(/\n\s*at /)[0]! : String(error);
  const what = error instanceof Error ? `${error.name}: ${message}` : message;
  // One line, whatever the thrower put in its message.
  return `raft-check: internal error: ${what.replace(/\s*\n\s*/g, ' ')}`;
}

export function exitWithInternalError(error: unknown, verbose: boolean): never {
  const stack = error instanceof Error ? error.stack : undefined;
  if (verbose) process.stderr.write(`${internalErrorLine(error)}\n${stack ?? ''}\n`);
  else process.stderr.write(`${internalErrorLine(error)} (--verbose shows the stack)\n`);
  process.exit(EXIT_CODES.internal);
}
