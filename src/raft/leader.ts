/**
 * Leader handlers: client proposals, replication (AppendEntries or, for a
 * follower behind our snapshot, InstallSnapshot), progress from replies,
 * and the commit rule.
 */

import type { ClientRequest, NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import type { AppendEntriesReply, InstallSnapshotReply } from './messages.js';
import type { RaftNode } from './node.js';
import { becomeReplicate, maybeDecrease, maybeTimeOut, maybeUpdate, sentInflight, stopPipelining, type Progress } from './progress.js';
import { majority, quorumMatchIndex } from './quorum.js';
import { beginRound, onReadRequest, onRoundAnswered, readsOutsideLog } from './read-index.js';
import { LogEntry, type Entry } from './types.js';

declareMarks({
  'snapshot-sent-to-lagging-follower': 'a follower needed entries the leader had compacted, so it got InstallSnapshot',
  'stale-rejection-ignored': 'an AppendEntries rejection for an older probe was ignored (nextIndex not lowered twice)',
  'retry-answered-from-session-table': 'a leader answered a retried, already applied command from the session table',
  'retry-of-pending-command-joined': 'a retry of a command already in the leader\'s log waited for it instead of appending it again',
  'outdated-client-request-ignored': 'a delayed request older than the client\'s latest command reached the leader and was dropped',
  'follower-repaired-over-several-batches': 'a full AppendEntries batch was acknowledged and the follower still needed more: the batch cap bit',
  'backoff-jumped-over-conflict-term': 'a rejection\'s conflict term and index moved nextIndex back over more than one entry in one step (section 5.3)',
  'snapshot-resend-held-back': 'a follower still needed the snapshot sent to it less than an election timeout ago: not sent again yet',
  'snapshot-resent-after-timeout': 'InstallSnapshot went unanswered for an election timeout and was sent again',
  'append-entries-pipelined': 'a leader had several AppendEntries in flight to one follower at once (maxInflight > 1)',
  'pipeline-rejection-back-to-probe': 'a rejection reached a leader pipelining to the follower: it went back to probing from the hint',
  'pipeline-timeout-back-to-probe': 'a pipelined AppendEntries went unacknowledged for a heartbeat interval: the leader probed again from matchIndex + 1',
  'figure-8-earlier-term-quorum': 'a majority stored an earlier-term entry above the commit index under a new leader, which must not commit it by counting (Figure 8)',
});

const NO_ENTRIES: readonly Entry[] = [];
const matchScratch: number[] = [];

export function onHeartbeatTick(node: RaftNode): void {
  // What the last step appended is synced now: where the leader's own copy completes a majority, it commits.
  if (node.commitWaitsForSync) maybeAdvanceCommit(node);
  node.heartbeatElapsed += 1;
  if (node.heartbeatElapsed < node.options.tuning.heartbeatTicks) return;
  node.heartbeatElapsed = 0;
  // Every heartbeat is a round: its answers renew the lease (lease.ts).
  if (readsOutsideLog(node)) beginRound(node);
  broadcastAppendEntries(node);
}

/**
 * A heartbeat to one follower. Probing: the probe again, as Figure 2's
 * leader does (a lost one is thus resent). Replicating: a window whose oldest
 * AppendEntries has gone unanswered since the last heartbeat (the patience a
 * probe gets) falls back to probing; otherwise whatever the window has room
 * for, else an empty AppendEntries at nextIndex - 1: the follower
 * acknowledges everything sent (which frees the window even when the
 * acknowledgements themselves were lost), or rejects it with a hint when a
 * batch is missing, and the leader probes from there.
 */
function heartbeat(node: RaftNode, peer: NodeId): void {
  const progress = progressOf(node, peer);
  if (progress.inflight !== undefined && maybeTimeOut(progress, node.ticks, node.options.tuning.heartbeatTicks)) mark('pipeline-timeout-back-to-probe');
  if (progress.inflight === undefined || progress.nextIndex <= node.log.snapshotIndex) {
    sendAppendEntries(node, peer);
    return;
  }
  if (fillWindow(node, peer, progress) === 0) sendEntries(node, peer, progress.nextIndex - 1, 0);
}

/**
 * Figure 2, leaders: "If command received from client: append entry to local
 * log, respond after entry applied to state machine." A retry of a command
 * that is already applied is answered from the session table; a retry of one
 * already in our log joins it.
 */
export function proposeClientCommand(node: RaftNode, request: ClientRequest): void {
  assert(node.role === 'leader', 'proposal on a non-leader');
  if (node.bug['stale-local-read'] && request.op.op === 'get') {
    // Bug (etcd and Consul in "Call me maybe", jgroups-raft #208): read from local state, no ReadIndex or log round.
    node.replyToClient(request.client, { kind: 'ok', seq: request.seq, output: node.kv.read(request.op) });
    return;
  }
  // Bug `no-dedup-on-apply` has no session table to consult: a retry of an applied command is appended again.
  const appliedOutput = node.bug['no-dedup-on-apply'] ? undefined : node.kv.appliedOutput(request.client, request.seq);
  if (appliedOutput !== undefined) {
    mark('retry-answered-from-session-table');
    node.replyToClient(request.client, { kind: 'ok', seq: request.seq, output: appliedOutput });
    return;
  }
  // Older than a command the client already sent after it (a delayed
  // duplicate of its request): the client has moved on, nobody waits for it.
  const lastAppliedSeq = node.kv.lastAppliedSeq(request.client);
  const pendingSeq = node.pendingRequests.get(request.client);
  if ((lastAppliedSeq !== undefined && request.seq < lastAppliedSeq) || (pendingSeq !== undefined && request.seq < pendingSeq)) {
    mark('outdated-client-request-ignored');
    return;
  }
  if (request.op.op === 'get' && readsOutsideLog(node)) {
    if (onReadRequest(node, request, request.op)) broadcastAppendEntries(node);
    return;
  }
  if (pendingSeq === request.seq) {
    mark('retry-of-pending-command-joined');
    return;
  }
  node.pendingRequests.set(request.client, request.seq);
  const index = node.appendAsLeader(new LogEntry(node.currentTerm, { kind: 'client', request }));
  if (node.bug['ack-by-log-index']) node.pendingByIndex.set(index, { client: request.client, seq: request.seq });
  sendNewEntry(node, index);
  maybeAdvanceCommit(node);
}

/**
 * The leader appended the entry at `index`: followers that had been sent
 * everything before it get it now. The others are being repaired, or wait
 * for acknowledgements that will send the rest; heartbeats cover lost
 * messages. So a probed follower has one batch in flight, a replicated one
 * at most maxInflight, instead of the same entries re-sent on every proposal.
 */
export function sendNewEntry(node: RaftNode, index: number): void {
  for (const peer of node.peers) if (progressOf(node, peer).nextIndex === index) sendAppendEntries(node, peer);
}

/** Heartbeat (and first message of a term) to every follower: see heartbeat(). */
export function broadcastAppendEntries(node: RaftNode): void {
  for (const peer of node.peers) heartbeat(node, peer);
}

/**
 * Send the follower what it needs next: our snapshot if its entries are
 * compacted; else, probing, entries from nextIndex (a bounded batch);
 * replicating, the next batches while the window has room (maybe none).
 */
export function sendAppendEntries(node: RaftNode, peer: NodeId): void {
  const progress = progressOf(node, peer);
  const log = node.log;
  if (progress.nextIndex <= log.snapshotIndex) {
    // A snapshot is never pipelined: one at a time, and probing again after it.
    stopPipelining(progress);
    const snapshot = node.snapshot;
    assert(snapshot !== null && snapshot.lastIncludedIndex === log.snapshotIndex, 'compacted log without its snapshot');
    // One snapshot in flight per follower: it is big, and a slow follower flooded with copies on every
    // heartbeat only falls further behind. Resent after an election timeout without an answer (lost, or the
    // follower crashed); an answer (onInstallSnapshotReply) or a new term (fresh progress) clears the wait.
    if (progress.snapshotSentAt !== undefined) {
      if (node.ticks - progress.snapshotSentAt < node.options.tuning.electionTimeoutMinTicks) {
        mark('snapshot-resend-held-back');
        // Still a heartbeat, so the follower does not time out and campaign while it waits: an empty
        // AppendEntries at our snapshot's last entry. A follower holding that entry acknowledges it (and needs
        // no snapshot after all); one that does not rejects it, a rejection maybeDecrease ignores as stale.
        node.send(peer, {
          kind: 'AppendEntries',
          term: node.currentTerm,
          leader: node.id,
          prevLogIndex: log.snapshotIndex,
          prevLogTerm: snapshot.lastIncludedTerm,
          entries: NO_ENTRIES,
          leaderCommit: node.commitIndex,
          round: readsOutsideLog(node) ? node.reads.round : undefined,
        });
        return;
      }
      mark('snapshot-resent-after-timeout');
    }
    progress.snapshotSentAt = node.ticks;
    mark('snapshot-sent-to-lagging-follower');
    node.send(peer, {
      kind: 'InstallSnapshot',
      term: node.currentTerm,
      leader: node.id,
      lastIncludedIndex: snapshot.lastIncludedIndex,
      lastIncludedTerm: snapshot.lastIncludedTerm,
      state: snapshot.state,
      configuration: snapshot.configuration ?? node.membership.votersAt(snapshot.lastIncludedIndex),
    });
    return;
  }
  // Past the snapshot (installed, or the follower turned out to hold its last entry): no snapshot in flight.
  progress.snapshotSentAt = undefined;
  if (progress.inflight === undefined) sendEntries(node, peer, progress.nextIndex - 1, node.options.tuning.maxEntriesPerAppend);
  else fillWindow(node, peer, progress);
}

/** Replicating: send batches from nextIndex while there are entries and the window has room. Returns how many went. */
function fillWindow(node: RaftNode, peer: NodeId, progress: Progress): number {
  const inflight = progress.inflight;
  assert(inflight !== undefined, 'filling the window of a probed follower');
  let sent = 0;
  while (inflight.length < node.options.tuning.maxInflight && progress.nextIndex <= node.log.lastIndex) {
    sentInflight(progress, sendEntries(node, peer, progress.nextIndex - 1, node.options.tuning.maxEntriesPerAppend), node.ticks);
    if (inflight.length > 1) mark('append-entries-pipelined');
    sent++;
  }
  return sent;
}

/** One AppendEntries: up to `maxEntries` entries after `prevLogIndex` (none: a heartbeat). Returns the last index it carries. */
function sendEntries(node: RaftNode, peer: NodeId, prevLogIndex: number, maxEntries: number): number {
  const log = node.log;
  const prevLogTerm = log.termAt(prevLogIndex);
  if (prevLogTerm === undefined) assert(false, `prevLogIndex ${prevLogIndex} outside the log (${log.snapshotIndex}..${log.lastIndex})`);
  const lastToSend = Math.min(log.lastIndex, prevLogIndex + maxEntries);
  if (node.bug['match-index-from-last-send']) node.lastSentIndex.set(peer, lastToSend);
  const kind = 'AppendEntries';
  const term = node.currentTerm;
  const leader = node.id;
  const entries = lastToSend > prevLogIndex ? log.slice(prevLogIndex + 1, lastToSend) : NO_ENTRIES;
  const leaderCommit = node.commitIndex;
  const round = readsOutsideLog(node) ? node.reads.round : undefined;
  // Two literals, the fields in one order, rather than a spread at the end: an object spread per
  // AppendEntries went through the runtime, and only a follower being repaired gets `repairFor`.
  const repairFor = node.repairTokens.size > 0 ? node.repairTokens.get(peer) : undefined;
  node.send(
    peer,
    repairFor === undefined
      ? { kind, term, leader, prevLogIndex, prevLogTerm, entries, leaderCommit, round }
      : { kind, term, leader, prevLogIndex, prevLogTerm, entries, leaderCommit, round, repairFor },
  );
  return lastToSend;
}

/**
 * Figure 2, leaders: "If successful: update nextIndex and matchIndex for
 * follower. If AppendEntries fails because of log inconsistency: decrement
 * nextIndex and retry." The acknowledged index comes from the request the
 * reply echoes; stale and duplicate replies cannot move progress backwards.
 */
export function onAppendEntriesReply(node: RaftNode, from: NodeId, reply: AppendEntriesReply): void {
  assert(node.role === 'leader' && reply.term === node.currentTerm, 'AppendEntries reply reached the wrong role or term');
  const progress = progressOf(node, from);
  // Any answer of our term, success or not, shows the follower still follows us.
  onRoundAnswered(node, from, reply.round);
  // A follower repairing damaged storage: echo its token in what we send it from now on (storage/repair.ts).
  if (reply.lostEntries === true && reply.repairToken !== undefined) node.repairTokens.set(from, reply.repairToken);
  if (reply.success) {
    // Once a follower said it lost entries, a success that neither echoes its repair token nor carries it answers an
    // append sent before the loss (delayed in the network): what it acknowledged is gone, so counting it would raise
    // matchIndex over entries the follower no longer holds, drop its real rejections as stale, and commit on a phantom
    // copy (seed 3000614). Dropping an acknowledgement is always safe; the leader sends again.
    const token = node.repairTokens.size > 0 ? node.repairTokens.get(from) : undefined;
    if (token !== undefined && reply.repairFor !== token && reply.repairToken !== token) return;
    // Bug `match-index-at-reply-time` (ravendb PR #9325): the leader's last index now, not what the request carried.
    // Bug `match-index-from-last-send` (raft-bugs.md #12): the end of the latest AppendEntries sent, whichever one is answered.
    const acknowledged = node.bug['match-index-at-reply-time']
      ? node.log.lastIndex
      : node.bug['match-index-from-last-send']
        ? (node.lastSentIndex.get(from) ?? 0)
        : reply.prevLogIndex + reply.entryCount;
    if (acknowledged > node.log.lastIndex) assert(false, `follower ${from} acknowledged ${acknowledged} beyond our log`);
    if (maybeUpdate(progress, acknowledged)) {
      // The follower is known to match up to here: pipeline from now on, if we may (etcd's probe -> replicate).
      if (progress.inflight === undefined && node.options.tuning.maxInflight > 1) becomeReplicate(progress);
      if (reply.entryCount >= node.options.tuning.maxEntriesPerAppend && progress.nextIndex <= node.log.lastIndex) mark('follower-repaired-over-several-batches');
      maybeAdvanceCommit(node);
      if (progress.nextIndex <= node.log.lastIndex) sendAppendEntries(node, from);
    }
    return;
  }
  if (node.bug['next-index-decrement-on-any-rejection']) {
    // Bug (etcd PR #1197, little-raft PR #18): every rejection, duplicated or stale, lowers nextIndex once more.
    progress.nextIndex = Math.max(1, progress.nextIndex - 1);
    stopPipelining(progress);
    sendAppendEntries(node, from);
    return;
  }
  // Fast backoff (section 5.3): past the whole conflicting term in one step, not one entry per round trip.
  const hinted = backoffTarget(node, reply);
  const wasReplicating = progress.inflight !== undefined;
  if (maybeDecrease(progress, reply.prevLogIndex, reply.followerLastIndex, reply.lostEntries === true, hinted?.nextIndex)) {
    if (reply.conflictTerm !== undefined && progress.nextIndex < reply.prevLogIndex) mark('backoff-jumped-over-conflict-term');
    if (wasReplicating) mark('pipeline-rejection-back-to-probe');
    if (node.bug['conflict-term-backoff-skips-matching-entry'] && hinted !== null && hinted.heldTerm && hinted.nextIndex === progress.nextIndex) {
      // Bug: "we hold the conflict term, so the follower matches through it": the follower is taken to hold
      // everything before the new nextIndex and one entry more (nextIndex, the first entry of our next term,
      // where the follower has its conflicting one): an entry skipped and counted as replicated.
      maybeUpdate(progress, progress.nextIndex);
    }
    sendAppendEntries(node, from);
  } else mark('stale-rejection-ignored');
}

/**
 * The nextIndex a rejection's hint asks for: just after our last entry of the
 * follower's conflict term if we hold that term (everything up to there
 * matches, by the Log Matching Property), else the follower's first index of
 * that term; with no term (a short log), its last index + 1. Null without a
 * hint (maybeDecrease then takes no bound from it), never an Infinity: a
 * double in `nextIndex` of this little literal widens the same field of every
 * Progress (V8 gives literals with the same keys one hidden class), and every
 * index read from it afterwards is a boxed double.
 * maybeDecrease bounds it by matchIndex + 1 and the rejected probe.
 */
function backoffTarget(node: RaftNode, reply: AppendEntriesReply): { nextIndex: number; heldTerm: boolean } | null {
  if (reply.conflictIndex === undefined) return null;
  if (reply.conflictTerm === undefined) return { nextIndex: reply.conflictIndex, heldTerm: false };
  const log = node.log;
  // Terms never decrease along the log: walk down from below the rejected probe while they are higher.
  for (let index = Math.min(reply.prevLogIndex - 1, log.lastIndex); index >= log.snapshotIndex; index--) {
    const term = log.termAt(index);
    if (term === undefined || term < reply.conflictTerm) break;
    if (term === reply.conflictTerm) return { nextIndex: index + 1, heldTerm: true };
  }
  return { nextIndex: reply.conflictIndex, heldTerm: false };
}

export function onInstallSnapshotReply(node: RaftNode, from: NodeId, reply: InstallSnapshotReply): void {
  assert(node.role === 'leader' && reply.term === node.currentTerm, 'InstallSnapshot reply reached the wrong role or term');
  const progress = progressOf(node, from);
  progress.snapshotSentAt = undefined;
  if (maybeUpdate(progress, reply.lastIncludedIndex) && progress.nextIndex <= node.log.lastIndex) sendAppendEntries(node, from);
}

/**
 * Figure 2, leaders: "If there exists an N such that N > commitIndex, a
 * majority of matchIndex[i] >= N, and log[N].term == currentTerm: set
 * commitIndex = N." The majority is of the voters of the configuration in
 * force (membership.ts). The leader, while a voter, counts itself only up to
 * what is on its stable storage (Raft thesis, section 10.2.1: it may write in
 * parallel with replication, but its own copy counts once durable): the log
 * as this step began (syncedLastIndex), not what this step appends, which is
 * synced at its end. It matters where the leader's own copy completes a
 * majority in the step that appends the entry (it is the only voter): counted
 * there, a crash inside that fsync lost an entry its commit index already
 * covered (seed 8158, {n1}). The next tick commits it (commitWaitsForSync).
 * Terms never decrease along the log, so if the quorum index is not of the
 * current term, no lower index is either.
 */
export function maybeAdvanceCommit(node: RaftNode): void {
  assert(node.role === 'leader', 'commit rule on a non-leader');
  const quorumIndex = quorumIndexCountingOwnCopyTo(node, node.syncedLastIndex);
  // Only where the own copy of what this step appends would complete a majority: the next tick commits it.
  node.commitWaitsForSync = node.syncedLastIndex < node.log.lastIndex && quorumIndexCountingOwnCopyTo(node, node.log.lastIndex) > quorumIndex;
  if (quorumIndex <= node.commitIndex) return;
  // Reached when a follower is more than one batch behind a new leader: the
  // batches before the one carrying the no-op hold only earlier-term entries.
  if (node.log.termAt(quorumIndex) !== node.currentTerm) {
    mark('figure-8-earlier-term-quorum');
    // Bug `earlier-term-committed-by-count` (logcabin #44, goraft PR #27): the log[N].term == currentTerm check is missing.
    if (!node.bug['earlier-term-committed-by-count']) return;
  }
  node.commitIndex = quorumIndex;
}

/** The highest index a majority of the voters in force holds, the leader's own copy counted up to `own`. */
function quorumIndexCountingOwnCopyTo(node: RaftNode, own: number): number {
  // Only the voters of the configuration in force count: not a learner, not a leader removing itself.
  const voters = node.cluster;
  // Filled by index (see quorumMatchIndex): asked twice a step on a leader.
  let count = 0;
  if (node.bug['learner-counted-in-quorum']) {
    // Bug: every peer the leader replicates to counts, a learner still catching up included (section 4.2.1).
    matchScratch[count++] = own;
    for (const progress of node.progress.values()) matchScratch[count++] = progress.matchIndex;
  } else {
    if (node.countsItself()) matchScratch[count++] = own;
    for (const voter of voters) if (voter !== node.id) matchScratch[count++] = progressOf(node, voter).matchIndex;
  }
  return quorumMatchIndex(matchScratch, majority(voters.length), count);
}

function progressOf(node: RaftNode, peer: NodeId): Progress {
  const progress = node.progress.get(peer);
  if (progress === undefined) assert(false, `no progress for ${peer}`);
  return progress;
}
