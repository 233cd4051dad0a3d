/**
 * The leader's half of a storage repair (storage/repair.ts has the
 * follower's): when it may echo a damaged follower's repair token.
 *
 * The follower trusts itself again on an append that echoes its token once
 * its log matches the leader's through a commit index holding an entry of the
 * leader's term. That index covers everything committed before the follower
 * restarted only if no newer term had committed anything by then: a leader
 * deposed before the restart, still sending in its old term, commits nothing
 * new but has not heard of what the newer term committed (seed 4479 of
 * `--nodes 5 --profile brutal`: n1, deposed in term 1, "repaired" n5 to
 * commit 11 while term 2 had committed 17).
 *
 * So the leader first shows it was still current after it heard of the
 * damage, as a ReadIndex read does (dissertation section 6.4): a majority of
 * the voters, itself included, answers in its term a heartbeat round begun
 * after the token arrived. A newer term elected before that round was sent
 * had a majority of votes, and a voter in both majorities would have answered
 * with its newer term instead. Only answers from trusted storage count: a
 * damaged node may have lost the newer term it voted in (its term went back)
 * and answer the old one. VR's recovery protocol asks the same of a recovering
 * replica (Liskov and Cowling, "Viewstamped Replication Revisited", section
 * 4.3: fresh answers from a majority, named by a nonce, before it takes part
 * again), and Paxos Made Live's rebuilding replica waits for an instance
 * begun after it started; a round costs no log entry.
 */

import type { NodeId } from '../harness/api.js';
import { quorumMatchIndex } from './quorum.js';

interface WaitingToken {
  readonly token: number;
  /** The first round begun after the token arrived: a majority of trusted answers to it confirms the leader. */
  readonly round: number;
}

/** Each voter's latest trusted answer, for `confirm`. */
const roundScratch: number[] = [];

/** A leader's repair tokens: reset at every election win. */
export class RepairEchoes {
  /** Per damaged follower: the token it reported, waiting for its round. */
  private readonly waiting = new Map<NodeId, WaitingToken>();
  /** Per damaged follower: the confirmed token, echoed in every AppendEntries to it. */
  private readonly confirmed = new Map<NodeId, number>();
  /** Per peer: the highest round it answered while it trusted its storage. */
  private readonly trustedAnswers = new Map<NodeId, number>();

  /** Whether a token waits for a round: the leader runs heartbeat rounds meanwhile, whatever its read mode. */
  get roundsNeeded(): boolean {
    return this.waiting.size > 0;
  }

  /** The token to echo to `peer`, if any. */
  echoFor(peer: NodeId): number | undefined {
    return this.confirmed.size > 0 ? this.confirmed.get(peer) : undefined;
  }

  /** A lost-entries reply named `token`; `currentRound` is the latest round begun. A token already known changes nothing. */
  reported(peer: NodeId, token: number, currentRound: number): void {
    if (this.confirmed.get(peer) === token || this.waiting.get(peer)?.token === token) return;
    this.confirmed.delete(peer);
    this.waiting.set(peer, { token, round: currentRound + 1 });
  }

  /**
   * A reply of our term answered `round`; `trusted`: it came without lost entries. Confirms the waiting tokens
   * whose round a majority of `cluster` has answered from trusted storage (`self`, the leader, answers every round
   * it began, `ownRound`).
   */
  answered(peer: NodeId, round: number | undefined, trusted: boolean, self: NodeId, ownRound: number, cluster: readonly NodeId[]): void {
    if (this.waiting.size === 0 || round === undefined || !trusted) return;
    if (round <= (this.trustedAnswers.get(peer) ?? 0)) return;
    this.trustedAnswers.set(peer, round);
    if (cluster.length === 0) return;
    if (roundScratch.length !== cluster.length) roundScratch.length = cluster.length;
    for (let k = 0; k < cluster.length; k++) {
      const id = cluster[k] as NodeId;
      roundScratch[k] = id === self ? ownRound : (this.trustedAnswers.get(id) ?? 0);
    }
    const majorityRound = quorumMatchIndex(roundScratch);
    for (const [follower, waiting] of this.waiting) {
      if (waiting.round > majorityRound) continue;
      this.waiting.delete(follower);
      this.confirmed.set(follower, waiting.token);
    }
  }

  reset(): void {
    this.waiting.clear();
    this.confirmed.clear();
    this.trustedAnswers.clear();
  }
}
