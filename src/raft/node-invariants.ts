/**
 * Node-local invariants, checked after every step in every build. A failure
 * under simulation is a found bug with a seed attached. With
 * `NodeOptions.selfChecks` false they are skipped: the simulator's own oracles
 * must then catch every bug without the node's help, as they must for a
 * plugged-in implementation that has no such checks.
 */

import { assert } from '../util/assert.js';
import type { RaftNode } from './node.js';
import { assertProgress } from './progress.js';

/** Values seen at the previous check of a node (RaftNode.selfCheckFloors; a restarted node is a new object). */
export interface SelfCheckFloors {
  term: number;
  commitIndex: number;
  appliedIndex: number;
  snapshotIndex: number;
}

export function assertNodeInvariants(node: RaftNode): void {
  if (!node.options.selfChecks) return;
  const log = node.log;
  assertMonotonic(node);
  // Run after every step: each message is built only on failure, not as a closure per check.
  if (node.appliedIndex > node.commitIndex) assert(false, `applied ${node.appliedIndex} > commit ${node.commitIndex}`);
  if (node.commitIndex > log.lastIndex) assert(false, `commit ${node.commitIndex} > last index ${log.lastIndex}`);
  if (log.snapshotIndex > node.appliedIndex) assert(false, `snapshot ${log.snapshotIndex} > applied ${node.appliedIndex}`);
  if (log.lastTerm > node.currentTerm) assert(false, `last log term ${log.lastTerm} > current term ${node.currentTerm}`);
  assert(
    (node.snapshot === null && log.snapshotIndex === 0) || node.snapshot?.lastIncludedIndex === log.snapshotIndex,
    'log base and kept snapshot disagree',
  );
  assert(!node.storage.hasUnsyncedChanges(), 'WAL records left unsynced at the end of a step');

  switch (node.role) {
    case 'follower':
      assert(node.votes.size === 0 && node.progress.size === 0, 'follower with candidate or leader state');
      assert(node.pendingRequests.size === 0, 'follower with pending client requests');
      assert(node.electionElapsed < node.electionTimeout, 'election timer past its timeout');
      break;
    case 'candidate':
      assert(node.votedFor === node.id && node.votes.has(node.id), 'candidate that did not vote for itself');
      assert(node.progress.size === 0 && node.pendingRequests.size === 0, 'candidate with leader state');
      assert(node.leaderId === null, 'candidate that knows a leader of its term');
      assert(node.electionElapsed < node.electionTimeout, 'election timer past its timeout');
      break;
    case 'leader':
      assert(node.votedFor === node.id && node.leaderId === node.id, 'leader that did not vote for itself');
      assert(node.progress.size === node.peers.length && node.votes.size === 0, 'leader progress not for every peer');
      assert(log.lastTerm === node.currentTerm, 'leader without an entry of its term');
      for (const progress of node.progress.values()) {
        assertProgress(progress);
        if (progress.matchIndex > log.lastIndex) assert(false, `matchIndex ${progress.matchIndex} beyond last ${log.lastIndex}`);
        if (progress.nextIndex > log.lastIndex + 1) assert(false, `nextIndex ${progress.nextIndex} beyond last + 1`);
      }
      break;
  }
}

/** currentTerm, commitIndex, lastApplied and the snapshot index never go back within a node's life. */
function assertMonotonic(node: RaftNode): void {
  // Kept on the node, not in a WeakMap keyed by it: this runs after every step, and the lookup cost more than the checks.
  const floor = node.selfCheckFloors;
  if (floor === null) {
    node.selfCheckFloors = { term: node.currentTerm, commitIndex: node.commitIndex, appliedIndex: node.appliedIndex, snapshotIndex: node.log.snapshotIndex };
    return;
  }
  if (node.currentTerm < floor.term) assert(false, `term went back from ${floor.term} to ${node.currentTerm}`);
  if (node.commitIndex < floor.commitIndex) assert(false, `commitIndex went back from ${floor.commitIndex} to ${node.commitIndex}`);
  if (node.appliedIndex < floor.appliedIndex) assert(false, `appliedIndex went back from ${floor.appliedIndex} to ${node.appliedIndex}`);
  if (node.log.snapshotIndex < floor.snapshotIndex) assert(false, `snapshot index went back from ${floor.snapshotIndex} to ${node.log.snapshotIndex}`);
  floor.term = node.currentTerm;
  floor.commitIndex = node.commitIndex;
  floor.appliedIndex = node.appliedIndex;
  floor.snapshotIndex = node.log.snapshotIndex;
}
