/**
 * Leader outages: a leader cut off for longer than the bounds that judge what
 * it does when cut off. CheckQuorum must make it step down, and a transfer it
 * took must be aborted, within about an election timeout; the oracles allow
 * three of the longest (oracles/check-quorum.ts, transfer-timeout.ts), so only
 * a leader cut off for longer shows that it never does. A plan's isolation
 * lasts as long as a partition, and the plan's next partition or heal replaces
 * it: of the isolations of seeds 1..300 drawn longer than five election
 * timeouts, 30 of 34 were cut short so.
 *
 * So an outage fails the leader's own links (a dead switch port, a failed
 * NIC) for OUTAGE_TIMEOUTS of the seed's longest election timeouts, whatever
 * partitions the plan makes or heals meanwhile (network.ts, `sever`). Seeds
 * whose faults include symmetric partitions get them, at exponential gaps,
 * from a stream of their own. An outage strikes a leader that has committed
 * an entry of its term, and so has heard a majority in it: a leader cut off
 * before that has heard no one, and steps down even with a CheckQuorum that
 * never forgets. With none such when one is due (partition worlds are often
 * leaderless), it waits up to OUTAGE_WAIT_MS for a leader's first commit in
 * its term.
 *
 * Transfers gain little from them: a transfer the severed leader holds needs
 * CheckQuorum off and the outage to fall inside it, and outages aimed at a
 * transfer's target (tried in round 9) found the leader crashed, paused or
 * cut off by other faults before three election timeouts passed.
 */

import type { RunConfig } from './config.js';
import type { IsolateLeaderFault } from './leader-faults.js';
import type { RandomStream } from './random.js';

/** How long an outage lasts, in the seed's longest election timeouts: past the oracles' bound of three by one at least. */
const OUTAGE_TIMEOUTS = { min: 4, max: 8 };

/** How long an outage that found no established leader waits for one. */
export const OUTAGE_WAIT_MS = 3000;

export function drawLeaderOutages(config: RunConfig, random: RandomStream): IsolateLeaderFault[] {
  const faults: IsolateLeaderFault[] = [];
  const on = config.faults.partitionGapMs > 0 && config.faults.partitionKinds.symmetric > 0;
  const timeoutMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
  const gapMs = random.range(1000, 4000);
  for (let at = 1 + random.exponential(gapMs); on && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const durationMs = random.range(OUTAGE_TIMEOUTS.min * timeoutMs, OUTAGE_TIMEOUTS.max * timeoutMs);
    faults.push({ at, kind: 'isolate-leader', durationMs, outage: true });
    at += durationMs;
  }
  return faults;
}
