/**
 * Every timing constant of the node, in ticks (the node's only sense of time).
 * The election timeout is redrawn from [MIN, MIN + JITTER) at every election
 * start; the heartbeat interval must stay well below the minimum so that a
 * healthy leader is never deposed by a lost heartbeat or two.
 */

import { assert } from '../util/assert.js';

export const HEARTBEAT_INTERVAL_TICKS = 3;
export const ELECTION_TIMEOUT_MIN_TICKS = 10;
export const ELECTION_TIMEOUT_JITTER_TICKS = 10;

/** Most entries one AppendEntries carries; bounds message size and per-step work. */
export const MAX_ENTRIES_PER_APPEND = 64;

export function randomElectionTimeout(randomInt: (bound: number) => number): number {
  const timeout = ELECTION_TIMEOUT_MIN_TICKS + randomInt(ELECTION_TIMEOUT_JITTER_TICKS);
  assert(Number.isInteger(timeout), 'randomInt returned a non-integer');
  assert(timeout < ELECTION_TIMEOUT_MIN_TICKS + ELECTION_TIMEOUT_JITTER_TICKS, 'randomInt returned a value above its bound');
  assert(timeout >= ELECTION_TIMEOUT_MIN_TICKS, 'randomInt returned a negative value');
  return timeout;
}
