/**
 * An error thrown in a worker thread, carried to the main thread as plain
 * data (structured clone keeps neither a class nor, across Node versions,
 * every own field) and made again there with what the command line tells
 * apart: bad input (exit 2, one line) from anything else (exit 255), and the
 * error's name and stack (one line names it; --verbose prints the stack).
 */

import { UserInputError } from '../util/user-input-error.js';

export interface WorkerErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly userInput: boolean;
}

export function workerErrorData(error: unknown): WorkerErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined, userInput: false };
  return { name: error.name, message: error.message, stack: error.stack, userInput: error instanceof UserInputError };
}

export function errorFromWorker(data: WorkerErrorData): Error {
  const error = data.userInput ? new UserInputError(data.message) : new Error(data.message);
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
