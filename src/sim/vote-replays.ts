/**
 * Vote replies retransmitted into a later candidacy. A transport that
 * retransmits what it had buffered (a reconnecting TCP stream, a
 * resend-until-acked layer) can hand a candidate the vote replies of its
 * earlier candidacies after it has stood again: a correct node discards them
 * by their term, a buggy one counts them. Reordering alone seldom builds
 * that schedule, since a reply must be held back exactly past its own
 * candidacy and into the next one.
 *
 * So the network remembers the latest vote reply of each kind each node
 * sent to each peer, and while an election storm is in force every new
 * candidacy has them delivered again (at the network's delays, lost or held
 * back like any copy). Only replies are kept: a replayed request would be answered,
 * which is a different fault.
 */

import type { NodeId } from '../harness/api.js';

export interface HeldReply {
  from: NodeId;
  message: unknown;
  tag: string;
}

export class VoteReplays {
  /**
   * The latest vote reply of each kind from each sender, per receiver: with
   * PreVote a pre-vote reply follows every vote reply, and must not displace it.
   */
  private readonly held = new Map<NodeId, Map<string, HeldReply>>();
  /** Message kinds already classified (a kind is a vote reply or not for the whole run). */
  private readonly kinds = new Map<string, boolean>();
  /** Replays happen until this time (the end of the latest election storm). */
  private openUntil = -1;

  sent(from: NodeId, to: NodeId, message: unknown, tag: string): void {
    let isReply = this.kinds.get(tag);
    if (isReply === undefined) {
      isReply = isVoteReply(tag);
      this.kinds.set(tag, isReply);
    }
    if (!isReply) return;
    let replies = this.held.get(to);
    if (replies === undefined) {
      replies = new Map();
      this.held.set(to, replies);
    }
    replies.set(`${from} ${tag}`, { from, message, tag });
  }

  /** An election storm starts: candidacies until `until` get their old replies again. */
  open(until: number): void {
    this.openUntil = Math.max(this.openUntil, until);
  }

  isOpen(now: number): boolean {
    return now < this.openUntil;
  }

  /** The replies to replay to `candidate`, who just stood (each is replayed once). */
  take(candidate: NodeId): HeldReply[] {
    const replies = this.held.get(candidate);
    if (replies === undefined) return [];
    this.held.delete(candidate);
    return [...replies.values()];
  }

  /** The liveness phase: no more replays. */
  close(): void {
    this.openUntil = -1;
  }
}

/** "RequestVoteReply", "PreVoteResponse", "vote_ack": a reply to a (pre-)vote request. */
export function isVoteReply(kind: string): boolean {
  return /vote/i.test(kind) && /reply|response|ack/i.test(kind);
}
