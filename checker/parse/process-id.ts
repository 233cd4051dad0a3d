/** Process ids of Jepsen-style logs become client numbers, which must be exact. */

import { shortened } from '../errors.js';

/** The process id as a client number; fails unless it is an integer a double holds exactly. */
export function readProcessId(text: string, fail: (problem: string) => never): number {
  const client = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(client)) return fail(`a process id must be an integer >= 0 and below 2^53, got ${shortened(text)}`);
  return client;
}
