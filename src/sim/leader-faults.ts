/**
 * Faults aimed at the leader. The simulator knows who leads from the views,
 * so a plan may cut off whoever leads at a moment, or whoever wins the next
 * election, the moment it wins. Random partitions rarely land so precisely,
 * yet the histories that break commit rules are built from exactly these
 * moves (Figure 8 of the Raft paper): a leader cut off right after it accepted
 * proposals keeps a suffix no one else has (clients still reach it and keep
 * proposing); its successor, cut off as it wins, keeps a newer last term and
 * nothing else; the first leader, back with the rest, wins again and
 * replicates its old-term suffix one batch at a time, while a node with a
 * newer last term that lacks it is still about.
 *
 * An isolation is a symmetric partition {leader} | {everyone else} that
 * replaces the partition in force; when it ends it heals only itself (a
 * plan's later partition has already replaced it). Client traffic is never
 * partitioned. The events are plain plan data, drawn from their own stream, so
 * replay and shrinking work as for every other fault.
 */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { RunConfig } from './config.js';
import type { Partition } from './network.js';
import type { RandomStream } from './random.js';

export interface IsolateLeaderFault {
  at: number;
  kind: 'isolate-leader';
  /** How long the leader stays cut off from every peer. */
  durationMs: number;
  /**
   * Instead of the node leading at `at`: the next node to win an election
   * within NEXT_WINNER_WAIT_MS, cut off in the step it wins, so that none of
   * its first AppendEntries arrive.
   */
  nextWinner?: boolean;
}

/** How long an isolation of the next winner waits for an election before it lapses. */
export const NEXT_WINNER_WAIT_MS = 1000;

/** The trace tag of an isolation's `partition` event (a planned partition's tag is its kind). */
export const LEADER_ISOLATION_TAG = 'isolate-leader';

type Shape = 'leader' | 'leader-then-winner' | 'winner';

/**
 * Leader isolations come with partitions: seeds whose fault mix has none get
 * none. Episodes follow each other at exponential gaps: the current leader
 * cut off (briefly, a blip shorter than an election timeout, or long enough
 * for the others to elect), the next winner cut off, or both in a row (the
 * Figure 8 pair).
 */
export function drawLeaderFaults(config: RunConfig, random: RandomStream): IsolateLeaderFault[] {
  const faults: IsolateLeaderFault[] = [];
  const on = config.faults.partitionGapMs > 0 && random.chance(0.6);
  const gapMs = random.range(300, 1500);
  for (let at = 1 + random.exponential(gapMs); on && at < config.safetyMs; ) {
    const shape = random.weighted<Shape>({ leader: 2, 'leader-then-winner': 2, winner: 1 });
    const leaderMs = random.chance(0.3) ? random.range(10, 100) : 50 + random.exponential(500);
    const winnerMs = 100 + random.exponential(600);
    if (shape !== 'winner') faults.push({ at, kind: 'isolate-leader', durationMs: leaderMs });
    if (shape !== 'leader') faults.push({ at, kind: 'isolate-leader', durationMs: winnerMs, nextWinner: true });
    at += (shape === 'winner' ? winnerMs : leaderMs) + 1 + random.exponential(gapMs);
  }
  return faults;
}

export function validateLeaderFault(fault: IsolateLeaderFault): void {
  assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, () => `isolate-leader at ${fault.at}: durationMs must be a positive integer`);
  assert(fault.nextWinner === undefined || typeof fault.nextWinner === 'boolean', () => `isolate-leader at ${fault.at}: nextWinner must be true or false`);
}

export function describeLeaderFault(fault: IsolateLeaderFault): string {
  const whom = fault.nextWinner === true ? 'the next election winner as it wins' : 'the leader';
  return `t=${fault.at} isolate ${whom} for ${fault.durationMs}ms`;
}

/** The partition that cuts `leader` off from every other node. */
export function isolationOf(leader: NodeId, cluster: readonly NodeId[]): Partition {
  return { kind: 'symmetric', sides: [[leader], cluster.filter((id) => id !== leader)] };
}
