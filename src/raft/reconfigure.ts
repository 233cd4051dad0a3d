/**
 * Single-server membership changes, leader side (dissertation chapter 4):
 *
 * - add-node: the new server first catches up as a learner (section 4.2.1):
 *   it gets the log but counts in no quorum. Replication runs in rounds, each
 *   up to the leader's last index at the round's start; once a round finishes
 *   within an election timeout, the leader appends the configuration with the
 *   new voter. Too many rounds, or a round that never ends (the server is
 *   down), abort the change.
 * - remove-node: the configuration without the server is appended at once.
 *   A leader that removes itself keeps leading, without counting itself,
 *   until that configuration commits, then steps down (section 4.2.2).
 * - One change at a time (section 4.1): no new change while the latest
 *   configuration is uncommitted, nor before an entry of the leader's own
 *   term has committed (the fix of the single-server bug Ongaro posted to
 *   raft-dev in 2015: a new leader could otherwise append a change on top of
 *   an uncommitted one of an earlier term that it does not know about).
 *
 * Requests are idempotent so that an operator may retry anywhere: asking for
 * the configuration already in the log answers 'ok' once it commits and a
 * no-op appended after the request commits too (the leader still leads).
 */

import type { AdminRequest, NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import { maybeAdvanceCommit, sendAppendEntries, sendNewEntry } from './leader.js';
import { LogEntry, NOOP_COMMAND } from './types.js';
import type { RaftNode } from './node.js';

declareMarks({
  'learner-caught-up': 'a new server finished a catch-up round within an election timeout and was added as a voter (section 4.2.1)',
  'learner-needed-several-rounds': 'a new server needed more than one catch-up round',
  'reconfig-rejected-change-in-flight': 'a membership change was refused because another one was not committed yet',
  'removed-leader-stepped-down': 'a leader committed the configuration that removes it and stepped down (section 4.2.2)',
});

/** A new server replicating as a learner before it may join. */
export interface CatchUp {
  readonly node: NodeId;
  /** Admin requests waiting for this addition. */
  readonly ids: number[];
  /** The current round ends when the learner matches this index. */
  roundEnd: number;
  /** Leader ticks since the current round started. */
  roundTicks: number;
  rounds: number;
}

/** Rounds before a learner that never keeps up is given up on. */
const MAX_CATCH_UP_ROUNDS = 10;

/** A membership change (leadership transfer is transfer.ts's). */
export function onAdminRequest(node: RaftNode, id: number, request: Exclude<AdminRequest, { kind: 'transfer-leadership' }>): void {
  if (node.role !== 'leader') {
    node.replyToAdmin(id, 'not-leader');
    return;
  }
  const target = request.node;
  const voters = node.membership.voters;
  const adding = request.kind === 'add-node';
  if (voters.includes(target) === adding) {
    // Already what the latest configuration says: done once that commits, and once this node is known to still
    // lead. A leader cut off from the rest answers from its own log, which a newer leader's committed change may
    // have overtaken: seed 4145's n3, isolated in term 3, answered "remove n4: ok" because its log never held n4's
    // addition, which the term-4 leader had committed; the operator stopped n4 and a voter of the real
    // configuration was gone for good. Like a read through the log, the answer waits for an entry appended after
    // the request to commit: a majority accepting it in this term means no newer term has a leader yet, so the
    // configuration this log ends with is the cluster's latest.
    const index = node.appendAsLeader(new LogEntry(node.currentTerm, NOOP_COMMAND));
    node.pendingAdmin.set(id, Math.max(index, node.membership.latestIndex));
    sendNewEntry(node, index);
    maybeAdvanceCommit(node);
    return;
  }
  if (adding && node.catchUp?.node === target) {
    node.catchUp.ids.push(id);
    return;
  }
  if (!adding && voters.length === 1) {
    // The last voter stays: a configuration without voters could never commit anything again.
    node.replyToAdmin(id, 'rejected');
    return;
  }
  if (!mayStartChange(node)) {
    mark('reconfig-rejected-change-in-flight');
    node.replyToAdmin(id, 'rejected');
    return;
  }
  if (adding) {
    node.catchUp = { node: target, ids: [id], roundEnd: node.log.lastIndex, roundTicks: 0, rounds: 1 };
    node.refreshPeers();
    sendAppendEntries(node, target);
    return;
  }
  appendConfiguration(node, voters.filter((voter) => voter !== target), [id]);
}

/** Section 4.1: one change at a time, and only once this leader's term has committed an entry. */
function mayStartChange(node: RaftNode): boolean {
  // Bug `two-config-changes-in-flight`: no guard at all, a change starts whatever is still in flight.
  if (node.bug['two-config-changes-in-flight']) return true;
  if (node.catchUp !== null) return false;
  const termCommitted = node.log.termAt(node.commitIndex) === node.currentTerm;
  return termCommitted && previousChangeCommitted(node);
}

/** The latest configuration in the log is committed. */
function previousChangeCommitted(node: RaftNode): boolean {
  return node.membership.latestIndex <= node.commitIndex;
}

function appendConfiguration(node: RaftNode, voters: readonly NodeId[], ids: readonly number[]): void {
  const index = node.appendAsLeader(new LogEntry(node.currentTerm, { kind: 'config', voters }));
  for (const id of ids) node.pendingAdmin.set(id, index);
  sendNewEntry(node, index);
  // A smaller quorum may already hold everything.
  maybeAdvanceCommit(node);
}

/** A leader tick: the catch-up round's clock. */
export function tickCatchUp(node: RaftNode): void {
  if (node.catchUp !== null) node.catchUp.roundTicks++;
}

/**
 * After a leader's step: answer the changes that committed, move the
 * catch-up on, and step down once the configuration without us has committed.
 */
export function advanceMembership(node: RaftNode): void {
  for (const [id, index] of node.pendingAdmin) {
    if (index > node.commitIndex) continue;
    node.pendingAdmin.delete(id);
    node.replyToAdmin(id, 'ok');
  }
  const catchUp = node.catchUp;
  if (catchUp !== null) advanceCatchUp(node, catchUp);
  if (!node.countsItself() && node.membership.latestIndex <= node.commitIndex) {
    mark('removed-leader-stepped-down');
    node.becomeFollower(node.currentTerm, null);
  }
}

function advanceCatchUp(node: RaftNode, catchUp: CatchUp): void {
  const timeout = node.options.tuning.electionTimeoutMinTicks;
  const matched = (node.progress.get(catchUp.node)?.matchIndex ?? 0) >= catchUp.roundEnd;
  if (!matched) {
    // A round that outlasts every round we would accept: the server is down or cut off.
    if (catchUp.roundTicks > timeout * MAX_CATCH_UP_ROUNDS) abortCatchUp(node, catchUp);
    return;
  }
  if (catchUp.roundTicks < timeout && previousChangeCommitted(node)) {
    mark('learner-caught-up');
    node.catchUp = null;
    appendConfiguration(node, [...node.membership.voters, catchUp.node], catchUp.ids);
    return;
  }
  if (catchUp.rounds >= MAX_CATCH_UP_ROUNDS) {
    abortCatchUp(node, catchUp);
    return;
  }
  mark('learner-needed-several-rounds');
  catchUp.rounds++;
  catchUp.roundEnd = node.log.lastIndex;
  catchUp.roundTicks = 0;
}

// No coverage mark: the plans never fault a new node, so only a unit test reaches this.
function abortCatchUp(node: RaftNode, catchUp: CatchUp): void {
  node.catchUp = null;
  node.refreshPeers();
  for (const id of catchUp.ids) node.replyToAdmin(id, 'rejected');
}

/** Leadership lost: nothing pending will be answered here; the operator asks again elsewhere. */
export function failPendingAdmin(node: RaftNode, newLeader: NodeId | null): void {
  for (const id of node.pendingAdmin.keys()) node.replyToAdmin(id, 'not-leader', newLeader);
  node.pendingAdmin.clear();
  const catchUp = node.catchUp;
  node.catchUp = null;
  if (catchUp !== null) for (const id of catchUp.ids) node.replyToAdmin(id, 'not-leader', newLeader);
}
