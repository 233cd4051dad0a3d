/**
 * Leader isolation: a partition that cuts whichever node leads at that
 * moment from all the others (the plan cannot know who that is; the
 * simulation resolves it when the event runs, and skips it when nobody
 * leads). Clients still reach the isolated leader (client traffic is never
 * partitioned), so some keep reading from it while others time out and
 * write through the new leader: the schedule that exposes stale reads from a
 * deposed leader (raft-bugs.md #16). Half the clients reconnect to the
 * majority side when it starts, so writes reach the new leader soon after
 * its election while the other half keep reading from the old one. Drawn from a stream of its own, only
 * when the seed's faults include partitions.
 */

import type { RunConfig } from './config.js';
import type { FaultEvent } from './plan.js';
import type { RandomStream } from './random.js';

/** Longer than the longest election timeout any seed draws (43 ticks of 10ms), plus a few round trips. */
const ELECTION_ROOM_MS = 500;

export function drawLeaderIsolations(config: RunConfig, random: RandomStream): FaultEvent[] {
  const gapMs = random.range(300, 1200);
  const meanMs = random.range(200, 800);
  const isolations: FaultEvent[] = [];
  if (config.faults.partitionGapMs === 0) return isolations;
  for (let at = 1 + random.exponential(gapMs); at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    // Long enough for the others to elect a leader and commit through it.
    const durationMs = ELECTION_ROOM_MS + random.exponential(meanMs);
    isolations.push({ at, kind: 'isolate-leader', durationMs });
    at += durationMs;
  }
  return isolations;
}
