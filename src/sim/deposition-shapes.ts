/**
 * The shapes of a deposition beyond the plain one (the leader cut off from
 * every peer, leader-depositions.ts). Each is a schedule a lease or a
 * leader's clock must survive and the plain isolation does not reach
 * (docs/mutants.md, rounds 13c and 14a):
 *
 * - One link. The leader loses its link to ONE follower (both ways, or only
 *   its own messages to it) while the others still hear it. The follower
 *   cut off times out and stands; a voter that still hears the leader must
 *   refuse it (leader stickiness, dissertation 4.2.3) for as long as the
 *   leader's lease may run. A plain isolation silences the leader to every
 *   voter at once, so every lease is safe there even without stickiness.
 * - Paused. The leader is frozen (a GC pause, SIGSTOP) from the moment it is
 *   cut off, for longer than an election timeout, and resumes while still
 *   cut off: it must count the time it stood still before it trusts its
 *   lease again (a monotonic clock that a pause does not stop). Leader
 *   pauses of the plan are mostly shorter than an election, and the
 *   deposition guard skips pauses of the deposed leader.
 * - Late answers. A reorder storm holds back most peer messages for a
 *   while before the deposition, and for its first heartbeat intervals only
 *   the leader's own messages are lost: answers to a round arrive after
 *   later rounds went out, and those later rounds are lost. A lease dated
 *   from any round but the one a majority answered runs too long just then.
 *
 * A seed that reads by lease gets one shaped deposition at most (three in
 * four of them), after its plain ones (leader-depositions.ts): the run up
 * to its strike is the one the plain schedule drew, so whatever the plain
 * depositions and the faults around them find is found as before, and seeds
 * reading otherwise simulate what they did. Drawn from a stream of their
 * own; plain plan data, like every fault.
 */

import type { RunConfig } from './config.js';
import type { IsolateLeaderFault } from './leader-faults.js';
import type { RandomStream } from './random.js';
import type { ReorderFault } from './reorder-storms.js';

/** How often each shape is drawn for the one shaped deposition a lease seed may have. */
const SHAPE_WEIGHTS: Readonly<Record<Shape, number>> = { plain: 1, 'one-link': 1, paused: 1, 'late-answers': 1 };

type Shape = 'plain' | 'one-link' | 'paused' | 'late-answers';

/** How a deposition cuts one link (IsolateLeaderFault.oneLink). */
export type OneLinkDirection = 'both' | 'from-leader';

/** A drawn shape: how much longer than the plain deposition it lasts, and what it adds to one. */
export interface DepositionShape {
  readonly extraMs: number;
  /** Gives `deposition` the shape (it lasts extraMs more already); returns the storm that leads into it, if any. */
  give(deposition: IsolateLeaderFault): ReorderFault[];
}

/** The plain deposition: the leader cut off from every peer. */
export const PLAIN_SHAPE: DepositionShape = { extraMs: 0, give: () => [] };

/**
 * A shape for the next deposition of `config` (one lasting at least `roomMs`).
 * Under `--faults`, only shapes made of the faults it names: a pause needs
 * pauses, a one-way cut one-way partitions, a storm bursts.
 */
export function drawShape(config: RunConfig, roomMs: number, random: RandomStream): DepositionShape {
  // Only a lease rests on what these shapes test (stickiness, the leader's clock, which round it dates
  // from): a ReadIndex or log read is confirmed after it arrives whatever the schedule, so elsewhere a
  // plain deposition tests as much and the seed stays as it was drawn.
  if (config.features.readMode !== 'lease') return PLAIN_SHAPE;
  const mix = config.faults;
  const chosen = mix.selection !== undefined;
  const oneWay = !chosen || mix.partitionKinds['one-way'] > 0;
  const weights = { ...SHAPE_WEIGHTS };
  if (chosen && mix.pauseGapMs === 0) weights.paused = 0;
  if (!oneWay || (chosen && mix.burstGapMs === 0)) weights['late-answers'] = 0;
  const shape = random.weighted<Shape>(weights);
  const peer = random.int(config.nodes - 1);
  // Mostly both ways: cut only one way, the follower's candidacy reaches the leader too, which then steps down at once.
  const direction: OneLinkDirection = random.chance(0.75) || !oneWay ? 'both' : 'from-leader';
  // At least an election timeout on the slowest clock and the votes and a commit (roomMs), and a little more.
  const leaseMs = config.tuning.electionTimeoutMinTicks * config.tickMs;
  const pauseMs = roomMs + random.int(leaseMs);
  const heartbeatMs = config.tuning.heartbeatTicks * config.tickMs;
  // The one-way opening ends before a follower that heard the last round delivered may stand (the
  // shortest election timeout on the fastest clock): the leader is still unaware when the cut closes.
  const standMs = Math.floor((config.tuning.electionTimeoutMinTicks * config.tickMs) / (1 + config.clocks.maxDrift));
  const lateMs = Math.max(1, Math.min(heartbeatMs * random.range(2, 5), standMs - heartbeatMs));
  const rate = Math.round(random.uniform(0.5, 0.9) * 1000) / 1000;
  switch (shape) {
    case 'plain':
      return PLAIN_SHAPE;
    case 'one-link':
      return { extraMs: 0, give: (deposition) => ((deposition.oneLink = { peer, direction }), []) };
    case 'paused':
      // The leader resumes still cut off, for at least the shortest election timeout (longer than any lease).
      return { extraMs: pauseMs + leaseMs - roomMs, give: (deposition) => ((deposition.pauseMs = pauseMs), []) };
    case 'late-answers':
      return {
        extraMs: 0,
        give: (deposition) => {
          deposition.lateMs = lateMs;
          // Held back from a while before the deposition to the end of its opening (if it strikes at once).
          return deposition.at <= lateMs ? [] : [{ at: deposition.at - lateMs, kind: 'reorder', durationMs: 2 * lateMs + heartbeatMs, rate, maxMs: lateMs }];
        },
      };
  }
}
