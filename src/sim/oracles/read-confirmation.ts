/**
 * ReadConfirmedInTerm (dissertation section 6.4), for systems that describe
 * their messages: a get answered 'ok' by a node in term T must have been
 * confirmed in term T after it first reached the cluster. Whatever the read
 * path (through the log, ReadIndex, a lease, a follower asking the leader),
 * that confirmation is a majority of the node's configuration still in term T
 * at some moment after a node received the read: a log read commits in T, a
 * ReadIndex round started after the read arrived is answered in T, a lease
 * holds, when the read is served, only while no majority can have moved past
 * T. No node can confirm a read before one of them holds it.
 *
 * So if, before the read's first delivery to a running node (before its first
 * send, until round 12: the delivery is the later moment, and a read
 * that a deposed leader serves a moment after the majority moved on, sent a
 * moment before, is judged now), a majority of that configuration had
 * already sent messages of a term above T, no such confirmation could follow:
 * a node that sent term T' promises never to answer in a lower term again
 * (after a crash it comes back with at least T', RestartKeepsTerm). The node
 * answered from a leadership it no longer had. The linearizability checker
 * sees such a read only when a write completed on the other side first and
 * the read returned the older value; this sees it whatever the value, so a
 * deposed leader's unconfirmed read fails at once (bug
 * read-index-without-heartbeat-round, and leases that outlast the election
 * timeout).
 *
 * Sound with single-server membership changes (any two consecutive
 * configurations share a majority member) and with the dedup of retries (a
 * cached answer took effect after the first delivery as well). What it
 * assumes of a design: a node ties a read only to what happens after the
 * read reached it (a round already in flight when it arrived confirms
 * nothing about it: the node cannot tell whether the client called before
 * that round began). A node that
 * restarts from a disk a storage fault struck may come back with an older
 * term: the terms it sent before that restart no longer count. Until it
 * restarts it holds its term in memory whatever its disk holds, so a struck
 * node that has not restarted since it sent a newer term counts (it used to
 * count never, and a deposed leader's follower struck at any time in the run
 * hid the stale reads of half the seeds with storage faults).
 */

import type { ClientId, ClientRequest, NodeId } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import { PairMap } from './pair-map.js';

interface TermRaise {
  readonly at: number;
  readonly term: number;
}

export class ReadConfirmationOracle {
  /** (client, seq) of each get -> the time a client first sent it. */
  private readonly firstSent = new PairMap<number>();
  /** (client, seq) of each get -> the time a copy of it first reached a running node. */
  private readonly firstDelivered = new PairMap<number>();
  /** Per node, the times its highest term sent so far rose (increasing in both). */
  private readonly raises = new Map<NodeId, TermRaise[]>();

  requestSent(now: number, request: ClientRequest): void {
    if (request.op.op !== 'get') return;
    if (!this.firstSent.has(request.client, request.seq)) this.firstSent.set(request.client, request.seq, now);
  }

  /** A copy of `request` reached a running node (paused ones included: it waits in their inbox). */
  requestDelivered(now: number, request: ClientRequest): void {
    if (request.op.op !== 'get') return;
    if (!this.firstDelivered.has(request.client, request.seq)) this.firstDelivered.set(request.client, request.seq, now);
  }

  /** `node` has now sent messages of at most `term` (its highest so far). */
  termSent(node: NodeId, term: number, now: number): void {
    let list = this.raises.get(node);
    if (list === undefined) this.raises.set(node, (list = []));
    // Not `list[length - 1]` on an empty list: index -1 is a named-property lookup, which turns the read generic.
    const last = list.length === 0 ? undefined : list[list.length - 1];
    if (last === undefined || term > last.term) list.push({ at: now, term });
  }

  /** `node` restarted from a disk a storage fault struck: what it sent before may be lost to it. */
  restartedDamaged(node: NodeId): void {
    this.raises.delete(node);
  }

  /** `node` answers 'ok' to the request (client, seq); `state` gives its term and voters after the step that answered. */
  answered(now: number, node: NodeId, client: ClientId, seq: number, state: () => { term: number; voters: readonly NodeId[] }): void {
    const delivered = this.firstDelivered.get(client, seq);
    const since = delivered ?? this.firstSent.get(client, seq);
    if (since === undefined) return;
    const { term, voters } = state();
    if (voters.length === 0) return;
    const movedOn: string[] = [];
    for (const voter of voters) {
      const before = this.highestSentBefore(voter, since);
      if (before > term) movedOn.push(`n${voter} (term ${before})`);
    }
    if (movedOn.length * 2 <= voters.length) return;
    throw new InvariantViolation(
      'ReadConfirmedInTerm',
      node,
      `n${node} answered a get of client c${client} (seq ${seq}) in term ${term} at t=${now}, but before it ${delivered === undefined ? 'was first sent' : 'first reached a node'} at t=${since} a majority of its configuration had sent a newer term: ${movedOn.join(', ')}; no confirmation in term ${term} could follow`,
    );
  }

  private highestSentBefore(node: NodeId, time: number): number {
    const list = this.raises.get(node);
    if (list === undefined) return 0;
    let highest = 0;
    for (const raise of list) {
      if (raise.at >= time) break;
      highest = raise.term;
    }
    return highest;
  }
}
