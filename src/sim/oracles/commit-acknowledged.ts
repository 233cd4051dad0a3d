/**
 * A follower commits only what it acknowledged (part of FollowerCommitMatchesLeader).
 *
 * A follower learns that entry i is committed from a leader of its term, and
 * the leader's commit index speaks of the leader's log: it says nothing about
 * the follower's own entry at i until an AppendEntries has matched the
 * follower's log with the leader's up to i (Figure 2, AppendEntries receiver:
 * step 5 runs only after steps 1 to 4 succeed, and commits no more than "the
 * index of last new entry"). Such a match is exactly what the follower
 * acknowledges (MessagePromises.acknowledgedIndex, or snapshotInstalledIndex
 * for a snapshot it installed). So: after a step that handled a leader's
 * message, a follower's commit index may rise no higher than the highest index
 * it has acknowledged in its current term, counting the answers of that step.
 *
 * A follower that commits on a rejected AppendEntries, or past the entries it
 * was sent, breaks it even when its stale entries happen to be the leader's,
 * which no comparison of logs can see; once they are not, it applies an entry
 * no one committed. A system that commits on a heartbeat without a log check
 * (etcd) keeps it as long as the leader caps that commit index at the
 * follower's acknowledged match, as etcd's does.
 *
 * The answers of a step leave after it (behind its fsyncs), so the rule is
 * judged when the node's next step runs; a crash in between takes the commit
 * index with it, and the judgment is dropped.
 */

import type { NodeId } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

/** The highest index a node acknowledged in messages of `term`. */
interface Acknowledged {
  term: number;
  index: number;
}

/** A commit index that the step's answers still have to acknowledge. */
interface Unacknowledged {
  readonly commit: number;
  readonly term: number;
  readonly leader: NodeId;
  /** What the node had acknowledged in that term when it committed. */
  readonly acknowledged: number;
}

export class CommitAcknowledgedRule {
  private readonly acknowledged = new Map<NodeId, Acknowledged>();
  private readonly waiting = new Map<NodeId, Unacknowledged>();

  /** `node` sent a message of `term` acknowledging the leader's log up to `index`. */
  acknowledgedUpTo(node: NodeId, term: number, index: number): void {
    const known = this.acknowledged.get(node);
    if (known === undefined) this.acknowledged.set(node, { term, index });
    else if (term > known.term) {
      known.term = term;
      known.index = index;
    } else if (term === known.term && index > known.index) known.index = index;
    const waiting = this.waiting.get(node);
    if (waiting !== undefined && waiting.term === term && index >= waiting.commit) this.waiting.delete(node);
  }

  /**
   * A step of `node` in `term` handled a message from `leader`, the leader of that term, and its commit
   * index rose to `commit`: unless already acknowledged, the step's answers must acknowledge it.
   */
  committed(node: NodeId, term: number, leader: NodeId, commit: number): void {
    const acknowledged = this.acknowledgedIn(node, term);
    if (commit > acknowledged) this.waiting.set(node, { commit, term, leader, acknowledged });
  }

  /** `node` takes its next step: the answers of the previous one have left. */
  stepped(node: NodeId): void {
    if (this.waiting.size === 0) return;
    const waiting = this.waiting.get(node);
    if (waiting === undefined) return;
    const acknowledged = Math.max(waiting.acknowledged, this.acknowledgedIn(node, waiting.term));
    throw new InvariantViolation(
      'FollowerCommitMatchesLeader',
      node,
      `n${node} committed up to ${waiting.commit} on a message of n${waiting.leader}, leader of term ${waiting.term}, but had acknowledged its log only up to ${acknowledged} in that term`,
    );
  }

  /** `node` (re)started: a commit index still waiting was lost with its memory. */
  started(node: NodeId): void {
    this.waiting.delete(node);
  }

  private acknowledgedIn(node: NodeId, term: number): number {
    const known = this.acknowledged.get(node);
    return known !== undefined && known.term === term ? known.index : 0;
  }
}
