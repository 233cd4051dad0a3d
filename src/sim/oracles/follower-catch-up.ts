/**
 * FollowerCatchesUp (Figure 2, leaders: AppendEntries is retried until the
 * follower holds the leader's log; section 7: one too far behind gets the
 * snapshot): a follower that the leader can reach keeps making progress
 * towards the leader's commit index. The availability oracle judges the
 * cluster's progress, and the liveness phase ends once a leader at the
 * highest term has no operation pending; a majority without one follower
 * satisfies both, so a leader that gives up on a follower (an InstallSnapshot
 * lost and never sent again) was judged by nothing.
 *
 * Judged only where nothing excuses the follower: it and the leader are in
 * the calm majority (calm-majority.ts: up, linked both ways, no burst) and
 * the follower is a voter of the leader's configuration. Then a follower
 * whose commit index is below the leader's must change its log or commit
 * index (an entry appended or cut, a commit, a snapshot installed) within a
 * bound of the later of: its last change, the start of that calm stretch,
 * the leader's election. Progress restarts the clock, so a follower being
 * repaired over many small batches is working, while one the leader stopped
 * serving is caught. The bound is the availability oracle's window W,
 * stretched for the network's loss as that oracle stretches it for a vote
 * round (vote-chance.ts), here for one message that arrives with chance
 * 1 - dropRate: a snapshot is resent only once per election timeout.
 */

import type { NodeId, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import { calmMajority, type NetworkProbe } from './calm-majority.js';
import { leaderlessBoundMs } from './vote-chance.js';

/** What the oracle reads of the world, beyond the calm majority's probe. */
export interface CatchUpProbe extends NetworkProbe {
  /** The share of peer messages the network loses outside bursts. */
  dropRate(): number;
}

interface Leadership {
  readonly id: NodeId;
  readonly term: number;
  readonly since: number;
  commitIndex: number;
  voters: readonly NodeId[];
}

interface FollowerLog {
  lastIndex: number;
  commitIndex: number;
  snapshotIndex: number;
  /** Since when its lag is counted: its last change, or the last step at which it was not judged or not behind. */
  clockFrom: number;
}

export class FollowerCatchUpOracle {
  /** The calm majority, or null. */
  private members: readonly NodeId[] | null = null;
  private membersSince = 0;
  private leader: Leadership | null = null;
  /** By node id (small integers): read on every step, where an array slot is cheaper than a Map. */
  private readonly followers: (FollowerLog | undefined)[] = [];
  /** How long a judged follower may go without progress, for the network's loss now. */
  private boundMs: number;

  constructor(
    private readonly probe: CatchUpProbe,
    private readonly preVote: boolean,
    /** The availability oracle's W. */
    private readonly windowMs: number,
  ) {
    this.boundMs = windowMs;
  }

  /** Some node started, stopped, paused or resumed, or the network or a configuration changed. */
  topologyChanged(now: number): void {
    const members = calmMajority(this.probe, this.preVote);
    const boundMs = leaderlessBoundMs(this.windowMs, 1 - this.probe.dropRate());
    if (sameMembers(members, this.members) && boundMs === this.boundMs) return;
    this.members = members;
    this.membersSince = now;
    this.boundMs = boundMs;
  }

  /** After a step of `node`, `voters` being its configuration. */
  afterStep(now: number, node: NodeId, view: NodeView, voters: readonly NodeId[]): void {
    let leader = this.leader;
    if (view.role === 'leader') {
      if (leader === null || leader.id !== node || leader.term !== view.term) this.leader = leader = { id: node, term: view.term, since: now, commitIndex: 0, voters };
      leader.commitIndex = view.commitIndex;
      leader.voters = voters;
      return;
    }
    if (leader !== null && leader.id === node) this.leader = leader = null;
    let log = this.followers[node];
    if (log === undefined) {
      log = { lastIndex: view.lastIndex, commitIndex: view.commitIndex, snapshotIndex: view.snapshotIndex, clockFrom: now };
      this.followers[node] = log;
    } else if (log.lastIndex !== view.lastIndex || log.commitIndex !== view.commitIndex || log.snapshotIndex !== view.snapshotIndex) {
      log.lastIndex = view.lastIndex;
      log.commitIndex = view.commitIndex;
      log.snapshotIndex = view.snapshotIndex;
      log.clockFrom = now;
    }
    const members = this.members;
    const judged = members !== null && leader !== null && members.includes(node) && members.includes(leader.id) && leader.voters.includes(node);
    if (!judged || leader === null || view.commitIndex >= leader.commitIndex) {
      log.clockFrom = now;
      return;
    }
    const since = Math.max(log.clockFrom, this.membersSince, leader.since);
    if (now - since <= this.boundMs) return;
    throw new InvariantViolation(
      'FollowerCatchesUp',
      node,
      `n${node} (commit index ${view.commitIndex}, log ${view.snapshotIndex}..${view.lastIndex}) has not moved towards the commit index ${leader.commitIndex} of n${leader.id}, leader of term ${leader.term}, for ${now - since}ms (since t=${since}) while both are in the calm majority {${members.map((id) => `n${id}`).join(',')}}: a leader keeps replicating to every follower it reaches (bound ${Math.round(this.boundMs)}ms)`,
    );
  }
}

function sameMembers(a: readonly NodeId[] | null, b: readonly NodeId[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((id, k) => id === b[k]);
}
