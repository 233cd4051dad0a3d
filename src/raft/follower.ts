/**
 * Follower handlers: AppendEntries and InstallSnapshot from the leader of the
 * current term (node.ts has already compared terms and converted a candidate).
 */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import type { AppendEntries, AppendEntriesReply, InstallSnapshot } from './messages.js';
import type { RaftNode } from './node.js';

declareMarks({
  'append-entries-rejected-log-mismatch': 'a follower refused AppendEntries: no entry at prevLogIndex with prevLogTerm',
  'conflicting-suffix-truncated': 'a follower dropped a conflicting uncommitted suffix (Figure 2, AppendEntries step 3)',
  'append-entries-already-present': 'an AppendEntries carried only entries the follower already had (a stale or duplicate one): nothing truncated',
  'snapshot-installed-on-follower': 'a follower replaced its state with the leader\'s snapshot',
  'snapshot-install-kept-log-suffix': 'InstallSnapshot matched an existing entry, so the entries after it were kept (Figure 13 step 6)',
  'snapshot-installed-over-longer-matching-log': 'InstallSnapshot reached a follower whose log goes past the snapshot and holds its last entry: the suffix was kept',
  'snapshot-installed-over-longer-conflicting-log': 'InstallSnapshot reached a follower whose log goes past the snapshot but disagrees at its last entry: the whole log was discarded',
  'stale-snapshot-ignored': 'an InstallSnapshot no newer than the follower\'s commit index was ignored',
  'snapshot-refetched-while-repairing': 'a node repairing damaged storage (a lost or damaged snapshot, a cut log) got a snapshot from the leader',
});

export function onAppendEntries(node: RaftNode, from: NodeId, request: AppendEntries): void {
  assert(node.role === 'follower' && (request.term === node.currentTerm || node.bug['stale-term-append-accepted']), 'AppendEntries reached the wrong role or term');
  assert(request.leader === from, 'AppendEntries relayed');
  node.leaderId = from;
  // Heard from the current leader: reset the election timer, even if the log check below fails.
  // Bug `election-timer-not-reset-on-heartbeat` (redpanda PR #30817): only an AppendEntries with entries resets it.
  if (!node.bug['election-timer-not-reset-on-heartbeat'] || request.entries.length > 0) node.electionElapsed = 0;
  const log = node.log;
  if (node.bug['vote-cleared-by-leader-message'] && node.votedFor !== null) {
    // Bug (camunda #5356): hearing from the leader resets the vote inside the same term.
    node.votedFor = null;
    node.storage.recordHardState(node.hardState());
  }
  if (node.bug['commit-not-clamped'] && request.leaderCommit > node.commitIndex) {
    // Bug (copycat #265): commit follows the leader up to our last index, before (and whatever) the log check says.
    node.commitIndex = Math.max(node.commitIndex, Math.min(request.leaderCommit, log.lastIndex));
  }
  if (node.bug['commit-is-leader-commit'] && request.leaderCommit > node.commitIndex) {
    // Bug (Students' Guide, raft-bugs.md #10): commitIndex = leaderCommit, with no min at all.
    node.commitIndex = request.leaderCommit;
  }

  // Step 2: "Reply false if log doesn't contain an entry at prevLogIndex whose
  // term matches prevLogTerm." Below the snapshot everything is committed and
  // therefore matches (termAt is undefined there).
  const prevTerm = log.termAt(request.prevLogIndex);
  if (request.prevLogIndex > log.lastIndex || (prevTerm !== undefined && prevTerm !== request.prevLogTerm)) {
    mark('append-entries-rejected-log-mismatch');
    replyToAppend(node, from, request, false, conflictHint(node, request.prevLogIndex));
    return;
  }

  // Steps 3 and 4: truncate only on a real conflict, append what is new.
  // Bug `truncate-on-matching-append` (Students' Guide): cut after prevLogIndex even when every entry matches.
  // Bug `append-keeps-stale-suffix` (camunda #5360): conflicting entries are overwritten in place, the rest of the old suffix stays.
  const { firstWritten, truncated } = node.bug['truncate-on-matching-append']
    ? log.replaceAfter(request.prevLogIndex, request.entries)
    : node.bug['append-keeps-stale-suffix']
      ? log.overwriteInPlace(request.prevLogIndex, request.entries)
      : log.mergeFromLeader(request.prevLogIndex, request.entries);
  const lastNewIndex = request.prevLogIndex + request.entries.length;
  // Configuration entries take effect when written and lapse when cut (section 4.1).
  if (firstWritten !== null || truncated) node.logRewritten(firstWritten ?? log.lastIndex + 1);
  if (truncated) {
    mark('conflicting-suffix-truncated');
    // (firstWritten is null only for an entry-less cut, which the injected truncate-on-matching-append bug makes.)
    const cutAt = firstWritten ?? log.lastIndex + 1;
    // A self-check (off with NodeOptions.selfChecks false: the simulator must see it without the node's help).
    if (node.options.selfChecks) assert(cutAt > node.commitIndex, () => `truncated committed entry ${cutAt} <= ${node.commitIndex}`);
  }
  if (firstWritten === null) {
    if (request.entries.length > 0) mark('append-entries-already-present');
  } else {
    // An entry record at i supersedes everything >= i on disk, so writing the
    // new entries is the whole persistence of the truncation.
    for (let index = firstWritten; index <= lastNewIndex; index++) node.storage.recordEntry(index, log.entryAt(index));
  }

  // Step 5: "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit,
  // index of last new entry)." Never moves commitIndex backwards.
  if (request.leaderCommit > node.commitIndex) {
    node.commitIndex = Math.max(node.commitIndex, Math.min(request.leaderCommit, lastNewIndex));
  }
  node.afterLeaderAppend(request.leaderCommit, request.repairFor);
  replyToAppend(node, from, request, true);
}

/** Answers an AppendEntries (a function of its own, not a closure: a context per AppendEntries otherwise). */
function replyToAppend(node: RaftNode, from: NodeId, request: AppendEntries, success: boolean, conflict?: { term: number | undefined; index: number }): void {
  // Spelled out per case, the fields in one order, rather than a spread in the middle of the literal: a reply per AppendEntries.
  const term = node.currentTerm;
  const prevLogIndex = request.prevLogIndex;
  const entryCount = request.entries.length;
  const followerLastIndex = node.log.lastIndex;
  const round = request.round;
  const kind = 'AppendEntriesReply';
  const answer: AppendEntriesReply =
    conflict === undefined
      ? { kind, term, success, prevLogIndex, entryCount, followerLastIndex, round }
      : conflict.term === undefined
        ? { kind, term, success, prevLogIndex, entryCount, followerLastIndex, conflictIndex: conflict.index, round }
        : { kind, term, success, prevLogIndex, entryCount, followerLastIndex, conflictTerm: conflict.term, conflictIndex: conflict.index, round };
  const echoed: AppendEntriesReply = request.repairFor === undefined ? answer : { ...answer, repairFor: request.repairFor };
  node.send(from, node.storageTrusted() ? echoed : { ...echoed, lostEntries: true, repairToken: node.repairToken });
}

/**
 * The fast-backoff hint of a log-mismatch rejection (section 5.3, "the term of
 * the conflicting entry and the first index it stores for that term"): a log
 * too short gives no term and its last index + 1. The first index of the term
 * is searched down to the snapshot (entries below it are committed: they match).
 */
function conflictHint(node: RaftNode, prevLogIndex: number): { term: number | undefined; index: number } {
  const log = node.log;
  if (prevLogIndex > log.lastIndex) return { term: undefined, index: log.lastIndex + 1 };
  const term = log.termAt(prevLogIndex);
  assert(term !== undefined, 'a mismatch below the snapshot');
  let first = prevLogIndex;
  while (first - 1 > log.snapshotIndex && log.termAt(first - 1) === term) first -= 1;
  return { term, index: first };
}

/**
 * Figure 13, InstallSnapshot receiver, whole snapshot in one message:
 * ignore a snapshot we already cover; keep the log after the snapshot if it
 * holds the snapshot's last entry (step 6), otherwise discard it (step 7);
 * reset the state machine from the snapshot (step 8).
 */
export function onInstallSnapshot(node: RaftNode, from: NodeId, request: InstallSnapshot): void {
  assert(node.role === 'follower' && request.term === node.currentTerm, 'InstallSnapshot reached the wrong role or term');
  assert(request.leader === from, 'InstallSnapshot relayed');
  node.leaderId = from;
  node.electionElapsed = 0;
  const index = request.lastIncludedIndex;
  const term = request.lastIncludedTerm;
  // Bug `stale-snapshot-installed` (etcd PR #1763): a snapshot at or above our own base but no newer
  // than our commit index is installed anyway, moving the state machine and commit index back to it.
  const staleInstalled = node.bug['stale-snapshot-installed'] && index >= node.log.snapshotIndex;
  if (index <= node.commitIndex && !staleInstalled) {
    // Already have (committed) everything it covers; installing would move state backwards.
    mark('stale-snapshot-ignored');
  } else {
    const log = node.log;
    const longer = log.lastIndex > index;
    if (index === log.snapshotIndex) {
      // Only the injected bug gets here: the log already starts after this snapshot.
    } else if (log.termAt(index) === term) {
      mark('snapshot-install-kept-log-suffix');
      if (longer) mark('snapshot-installed-over-longer-matching-log');
      // Bug `snapshot-drops-matching-tail` (camunda/camunda #6092): the log is discarded even though it
      // holds the snapshot's last entry, losing the entries after it (Figure 13 step 6 says keep them).
      if (node.bug['snapshot-drops-matching-tail']) log.resetTo(index, term);
      else log.compactTo(index, term);
    } else {
      if (longer) mark('snapshot-installed-over-longer-conflicting-log');
      log.resetTo(index, term);
    }
    node.membership.installSnapshot(index, request.configuration, log.lastIndex > index);
    node.refreshPeers();
    node.kv.restore(request.state);
    node.commitIndex = index;
    node.appliedIndex = index;
    node.saveSnapshot({ lastIncludedIndex: index, lastIncludedTerm: term, state: request.state, configuration: request.configuration });
    mark('snapshot-installed-on-follower');
    if (!node.storageTrusted()) mark('snapshot-refetched-while-repairing');
  }
  node.send(from, { kind: 'InstallSnapshotReply', term: node.currentTerm, lastIncludedIndex: index });
}
