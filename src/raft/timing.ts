/**
 * The node's timers, in ticks (its only sense of time), from the knobs the
 * simulator passes in NodeOptions.tuning. The election timeout is redrawn
 * from [min, max) at every election start; the heartbeat interval stays below
 * the minimum so that a healthy leader is not deposed by a lost heartbeat.
 */

import type { NodeTuning } from '../harness/api.js';
import { assert } from '../util/assert.js';

/** Rejects knobs no Raft can run with (checked once, at start). */
export function assertTuning(tuning: NodeTuning): void {
  assert(Number.isSafeInteger(tuning.maxEntriesPerAppend) && tuning.maxEntriesPerAppend >= 1, () => `maxEntriesPerAppend ${tuning.maxEntriesPerAppend}`);
  assert(Number.isSafeInteger(tuning.maxInflight) && tuning.maxInflight >= 1, () => `maxInflight ${tuning.maxInflight}`);
  assert(
    Number.isSafeInteger(tuning.heartbeatTicks) && tuning.heartbeatTicks >= 1 && tuning.heartbeatTicks < tuning.electionTimeoutMinTicks && tuning.electionTimeoutMinTicks < tuning.electionTimeoutMaxTicks,
    () => `timers need 1 <= heartbeat ${tuning.heartbeatTicks} < election timeout min ${tuning.electionTimeoutMinTicks} < max ${tuning.electionTimeoutMaxTicks}`,
  );
}

export function randomElectionTimeout(randomInt: (bound: number) => number, tuning: NodeTuning): number {
  const span = tuning.electionTimeoutMaxTicks - tuning.electionTimeoutMinTicks;
  const jitter = randomInt(span);
  assert(Number.isInteger(jitter), 'randomInt returned a non-integer');
  assert(jitter >= 0 && jitter < span, () => `randomInt(${span}) returned ${jitter}, outside its bound`);
  return tuning.electionTimeoutMinTicks + jitter;
}
