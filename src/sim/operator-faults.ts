/**
 * Faults that follow the operator's actions (issue 9, reach). A membership
 * change or a leadership transfer opens a window of its own: a configuration
 * entry not yet committed, a new server still catching up, a leader that
 * holds proposals back for its transfer target. The code that handles a
 * failure inside that window is reached only when a random fault happens to
 * land in it, which the swarm's independent schedules make rare (well under
 * one seed in a hundred). So half of the operator's actions are followed,
 * within a few tens of ms, by a fault aimed at that window: the leader
 * crashed or cut off while the change (or the hand-over) is in flight.
 *
 * A follow-up is plain plan data (crash-leader, isolate-leader), so replay
 * and shrinking treat it like any other fault; a leader crash respects the
 * fault mix's bound on nodes down at once (src/sim/simulation.ts). It comes
 * only with a fault mix that has its kind (crashes, symmetric partitions), so
 * `--faults` keeps its meaning. Drawn from a stream of their own
 * ('operator-faults'), every draw made whatever the outcome, so that one
 * action's follow-up never shifts another's.
 */

import type { RunConfig } from './config.js';
import type { CrashLeaderFault, IsolateLeaderFault } from './leader-faults.js';
import type { FaultEvent } from './plan.js';
import type { RandomStream } from './random.js';

/** Share of the operator's actions that a fault follows. */
const FOLLOW_RATE = 0.5;
/** Mean delay between the action and its follow-up: a few round trips, while the action is in flight. */
const FOLLOW_MEAN_MS = 20;

type FollowUp = 'crash-leader' | 'isolate-leader';

export function drawOperatorFaults(config: RunConfig, actions: readonly FaultEvent[], random: RandomStream): FaultEvent[] {
  const mix = config.faults;
  const crashes = mix.crashGapMs > 0 ? 1 : 0;
  const isolations = mix.partitionGapMs > 0 && mix.partitionKinds.symmetric > 0 ? 1 : 0;
  const faults: FaultEvent[] = [];
  for (const action of actions) {
    if (action.kind !== 'transfer-leadership' && action.kind !== 'add-node' && action.kind !== 'remove-node') continue;
    const follows = random.chance(FOLLOW_RATE);
    const at = action.at + random.exponential(FOLLOW_MEAN_MS);
    const shape = crashes + isolations > 0 ? random.weighted<FollowUp>({ 'crash-leader': crashes, 'isolate-leader': isolations }) : null;
    // A bounce within an election timeout, or an outage the others must elect through.
    const downMs = random.chance(0.5) ? random.range(1, 60) : random.range(60, 1200);
    // Up to a few election timeouts: long enough for the others to elect without it.
    const isolatedMs = Math.round(config.tuning.electionTimeoutMaxTicks * config.tickMs * random.uniform(0.5, 4));
    if (!follows || shape === null || at >= config.safetyMs) continue;
    if (shape === 'crash-leader') faults.push({ at, kind: 'crash-leader', restartAfterMs: downMs } satisfies CrashLeaderFault);
    else faults.push({ at, kind: 'isolate-leader', durationMs: isolatedMs } satisfies IsolateLeaderFault);
  }
  return faults;
}
