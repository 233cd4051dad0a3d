/**
 * TransferRefusesProposals (dissertation section 3.10), for systems that say
 * they implement leadership transfer: from the moment a leader takes a
 * transfer until it answers it (or stops leading that term), it takes no
 * client proposal. Otherwise the proposals keep its log ahead of the target's,
 * so the target is never caught up enough to be told to stand, the transfer
 * runs into its timeout, and the writes a client was told to send elsewhere
 * commit on a leader that is about to go (hashicorp/raft answers
 * ErrLeadershipTransferInProgress, etcd/raft drops the proposal).
 *
 * Judged from replies alone: a leader that refuses answers not-leader and
 * starts no work, so it can later answer 'ok' to a (client, seq) only if it
 * received that request at least once outside a transfer window. An 'ok' for
 * one it only ever received while transferring is a proposal taken during the
 * transfer (or a read served then, equally forbidden: the leader is handing
 * over). A retry that reached it outside every window clears the request, so
 * a command it took before the transfer and answers after is no violation.
 */

import type { ClientId, NodeId, NodeInput, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import { PairMap } from './pair-map.js';

interface Window {
  readonly node: NodeId;
  readonly term: number;
}

export class TransferProposalOracle {
  /** Transfer admin id -> the leader and term it was asked of, until answered. */
  private readonly open = new Map<number, Window>();
  /** Per node, (client, seq) -> whether every receipt of that request fell inside a transfer window. */
  private readonly onlyInWindow = new Map<NodeId, PairMap<boolean>>();

  /**
   * After each step, in the order the node took its inputs: a transfer opens
   * when the node takes it (not when it is sent: a busy node queues it behind
   * requests it takes first) and is still unanswered (`unanswered`, by admin
   * id); its answer, an effect of that step or a later one, closes it before
   * the node takes its next input.
   */
  afterStep(node: NodeId, view: NodeView, input: NodeInput<unknown>, unanswered: ReadonlyMap<number, NodeId>): void {
    if (input.kind === 'client-request') this.requestTaken(node, view.role === 'leader', view.term, input.request.client, input.request.seq);
    else if (input.kind === 'admin' && input.request.kind === 'transfer-leadership' && unanswered.has(input.id) && view.role === 'leader') this.transferTaken(input.id, node, view.term);
  }

  transferTaken(id: number, node: NodeId, term: number): void {
    this.open.set(id, { node, term });
  }

  transferAnswered(id: number): void {
    this.open.delete(id);
  }

  /** `node` took a client request, leading in `term` or not. */
  requestTaken(node: NodeId, leading: boolean, term: number, client: ClientId, seq: number): void {
    const inWindow = leading && this.transferring(node, term);
    let requests = this.onlyInWindow.get(node);
    if (requests === undefined) {
      requests = new PairMap();
      this.onlyInWindow.set(node, requests);
    }
    requests.set(client, seq, inWindow && requests.get(client, seq) !== false);
  }

  replied(node: NodeId, client: ClientId, seq: number, ok: boolean): void {
    if (!ok || this.onlyInWindow.get(node)?.get(client, seq) !== true) return;
    throw new InvariantViolation(
      'TransferRefusesProposals',
      node,
      `n${node} answered ok to c${client} seq ${seq}, a request it received only while it was transferring leadership: a leader in a transfer must refuse proposals`,
    );
  }

  private transferring(node: NodeId, term: number): boolean {
    for (const window of this.open.values()) if (window.node === node && window.term === term) return true;
    return false;
  }
}
