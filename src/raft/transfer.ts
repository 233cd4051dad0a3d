/**
 * Leadership transfer (dissertation section 3.10). On an operator's request
 * the leader stops taking client proposals (they are answered not-leader,
 * hinting the target), brings the target's log up to its own, and then sends
 * it TimeoutNow; the target starts an election at once, without PreVote and
 * marked as a transfer so that leader stickiness lets it through. If the
 * target has not taken over within an election timeout, the leader aborts
 * and takes proposals again. The operator gets 'ok' once the leader stepped
 * down after its TimeoutNow, 'rejected' for an abort or a request it cannot
 * honour, 'not-leader' from a node that does not lead.
 */

import type { AdminOutcome, ClientRequest, NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { sendAppendEntries } from './leader.js';
import type { TimeoutNow } from './messages.js';
import type { RaftNode } from './node.js';

declareMarks({
  'transfer-completed': 'a leader handed over to the transfer target (it stepped down after its TimeoutNow)',
  'transfer-aborted-by-timeout': 'a leadership transfer did not complete within an election timeout and was aborted',
  'proposal-refused-during-transfer': 'a leader answered a client not-leader because a leadership transfer was under way',
  'timeout-now-started-election': 'a node got TimeoutNow from its leader and stood at once, bypassing PreVote',
});

/** A transfer under way (leader only). */
export interface Transfer {
  readonly id: number;
  readonly to: NodeId;
  /** Ticks since it began; it is aborted after an election timeout. */
  elapsed: number;
  timeoutNowSent: boolean;
}

export function startTransfer(node: RaftNode, id: number, to: NodeId): void {
  if (node.role !== 'leader') {
    node.replyToAdmin(id, 'not-leader', node.leaderId);
    return;
  }
  if (to === node.id) {
    node.replyToAdmin(id, 'ok', node.id);
    return;
  }
  // Only a voter of the configuration may lead: not a learner still catching up, not a stranger.
  if (!node.peers.includes(to) || !node.cluster.includes(to) || node.transfer !== null) {
    node.replyToAdmin(id, 'rejected', node.id);
    return;
  }
  node.transfer = { id, to, elapsed: 0, timeoutNowSent: false };
  const progress = node.progress.get(to);
  if (progress !== undefined && progress.matchIndex < node.log.lastIndex) sendAppendEntries(node, to);
  sendTimeoutNowIfCaughtUp(node);
}

/**
 * Once the target holds the leader's whole log, tell it to stand. Called at the
 * start and after each acknowledgement from the target (so a lost TimeoutNow is
 * sent again with the next heartbeat's answer).
 */
export function sendTimeoutNowIfCaughtUp(node: RaftNode): void {
  const transfer = node.transfer;
  if (transfer === null) return;
  const progress = node.progress.get(transfer.to);
  if (progress === undefined || !node.cluster.includes(transfer.to)) {
    // A membership change removed the target while the transfer ran: it can no longer take over.
    endTransfer(node, 'rejected');
    return;
  }
  if (progress.matchIndex < node.log.lastIndex) return;
  transfer.timeoutNowSent = true;
  // The target's election passes leader stickiness: the lease's guarantee is gone for this term (lease.ts).
  node.reads.leaseForfeited = true;
  const message: TimeoutNow = { kind: 'TimeoutNow', term: node.currentTerm, leader: node.id };
  node.send(transfer.to, message);
}

/** Leader tick: abort a transfer that has run for an election timeout. */
export function transferTick(node: RaftNode): void {
  const transfer = node.transfer;
  if (transfer === null) return;
  transfer.elapsed += 1;
  // Bug `transfer-never-aborted`: no timeout, so a transfer to a node that never stands stops proposals for good.
  if (node.bug['transfer-never-aborted'] || transfer.elapsed < node.electionTimeout) return;
  mark('transfer-aborted-by-timeout');
  endTransfer(node, 'rejected');
}

/** The leader is stepping down: a transfer in flight is done if TimeoutNow went out, otherwise it failed. */
export function transferSteppedDown(node: RaftNode): void {
  const transfer = node.transfer;
  if (transfer === null) return;
  if (transfer.timeoutNowSent) mark('transfer-completed');
  endTransfer(node, transfer.timeoutNowSent ? 'ok' : 'not-leader');
}

function endTransfer(node: RaftNode, outcome: AdminOutcome): void {
  const transfer = node.transfer as Transfer;
  node.transfer = null;
  node.replyToAdmin(transfer.id, outcome, outcome === 'ok' ? transfer.to : null);
}

/** A client proposal reached the leader during a transfer: send the client to the target. */
export function refuseDuringTransfer(node: RaftNode, request: ClientRequest): void {
  const transfer = node.transfer as Transfer;
  mark('proposal-refused-during-transfer');
  node.replyToClient(request.client, { kind: 'not-leader', seq: request.seq, leaderHint: transfer.to });
}

/** Target side: TimeoutNow from the leader of our term starts an election now. */
export function onTimeoutNow(node: RaftNode, from: NodeId, message: TimeoutNow): void {
  assert(message.leader === from, 'TimeoutNow relayed');
  if (node.role !== 'follower') return;
  // A leader may pick a target that has since restarted from damaged storage: the handover is no
  // exception to CTRL's rule (FAST 2018, section 4.2) that such a node never campaigns until a
  // leader has repaired it; the leader's transfer times out instead.
  // Bug `damaged-node-votes`: it campaigns as if its storage were whole.
  if (!node.storageTrusted() && !node.bug['damaged-node-votes']) {
    mark('campaign-withheld-while-damaged');
    return;
  }
  mark('timeout-now-started-election');
  node.becomeCandidate(true);
}
