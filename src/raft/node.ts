/**
 * The Raft node: the state all roles share, the rules that hold for every
 * role (term comparison, stepping down, voting), and the role transitions.
 * Role-specific message handling lives in follower.ts, candidate.ts and
 * leader.ts. Each step collects disk effects first, then one WAL sync, then
 * every send and reply, so nothing leaves the node before what it depends on
 * is durable.
 */

import type { KvOutput } from '@raft-check/checker';
import type { ClientId, ClientRequest, ClientResponse, NodeEffect, NodeId, NodeInput, NodeOptions, NodeView, Role, SimNode } from '../harness/api.js';
import { KvStore } from '../kv/kv-store.js';
import type { StoredSnapshot } from '../storage/snapshot-file.js';
import { StorageWriter } from '../storage/storage-writer.js';
import type { RecoveredState } from '../storage/recovery.js';
import { bugSwitches, type BugSwitches } from '../bugs/switches.js';
import { assert, unreachable } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { onRequestVoteReply } from './candidate.js';
import { onAppendEntries, onInstallSnapshot } from './follower.js';
import { broadcastAppendEntries, maybeAdvanceCommit, onAppendEntriesReply, onHeartbeatTick, onInstallSnapshotReply, proposeClientCommand } from './leader.js';
import { RaftLog } from './log.js';
import type { RaftMessage, RequestVote } from './messages.js';
import { ignoresVoteRequest } from './leader-stickiness.js';
import { assertNodeInvariants } from './node-invariants.js';
import { newProgress, type Progress } from './progress.js';
import { hasVoteQuorum } from './quorum.js';
import { beginRound, dropReads, LeaderReads, readsOutsideLog, serveReads } from './read-index.js';
import { assertTuning, randomElectionTimeout } from './timing.js';
import { createNodeView } from './node-view.js';
import { NOOP_COMMAND, type Entry, type HardState } from './types.js';

declareMarks({
  'stale-term-message-rejected': 'a request from an older term was refused (the reply carries the newer term)',
  'stale-reply-ignored': 'a reply from an older term, or for a role the node no longer has, was dropped',
  'vote-denied-log-not-up-to-date': 'a vote was refused because the candidate\'s log was behind (section 5.4.1)',
  'vote-denied-already-voted': 'a vote was refused because the node had voted for someone else in this term',
  'leader-stepped-down-with-pending-requests': 'a leader lost leadership while client requests awaited their apply; they were answered not-leader',
  'leader-stepped-down': 'a leader saw a higher term and became follower',
});

export class RaftNode implements SimNode<RaftMessage> {
  readonly id: NodeId;
  readonly cluster: readonly NodeId[];
  readonly peers: readonly NodeId[];
  readonly options: NodeOptions;
  /** Injected bugs (src/bugs/catalog.ts), read once at start; all false for the correct code. */
  readonly bug: BugSwitches;

  // Figure 2 persistent state (written through `storage` whenever it changes).
  currentTerm: number;
  votedFor: NodeId | null;
  readonly log: RaftLog;

  // Figure 2 volatile state.
  commitIndex: number;
  appliedIndex: number;
  role: Role = 'follower';
  /** The leader of currentTerm, once known (for not-leader hints). */
  leaderId: NodeId | null = null;

  readonly kv: KvStore;
  /** Latest snapshot (own or installed), kept to send to lagging followers. */
  snapshot: StoredSnapshot | null;

  electionElapsed = 0;
  electionTimeout: number;
  heartbeatElapsed = 0;
  /** Ticks since this incarnation started: the node's own clock (leases and stickiness measure on it). */
  ticks = 0;
  /** Leader only: reads served outside the log, their heartbeat rounds and the lease (read-index.ts). */
  readonly reads = new LeaderReads();

  /** Candidate only: who granted a vote in currentTerm (a set: a duplicate grant counts once). */
  readonly votes = new Set<NodeId>();
  /** Leader only: nextIndex/matchIndex per peer, rebuilt at every election win. */
  readonly progress = new Map<NodeId, Progress>();
  /** Only with the `match-index-from-last-send` bug: per peer, the last index of the latest AppendEntries sent. */
  readonly lastSentIndex = new Map<NodeId, number>();
  /** Leader only: client -> seq of its command appended in this term and not yet applied. */
  readonly pendingRequests = new Map<ClientId, number>();
  /** Only with the `ack-by-log-index` bug: log index -> the request whose answer waits for that index. */
  readonly pendingByIndex = new Map<number, { client: ClientId; seq: number }>();

  readonly storage = new StorageWriter();
  /** This step's effects in order: disk effects; `finishStep` appends the WAL sync and then `outbox`. */
  effects: NodeEffect<RaftMessage>[] = [];
  private outbox: NodeEffect<RaftMessage>[] = [];
  private startupRepair: NodeEffect<never>[];
  private readonly nodeView: NodeView;

  constructor(options: NodeOptions, recovered: RecoveredState) {
    assert(options.cluster.includes(options.id), 'node not in its cluster');
    assert(new Set(options.cluster).size === options.cluster.length, 'duplicate ids in cluster');
    assert(Number.isInteger(options.snapshotEvery) && options.snapshotEvery >= 1, () => `snapshotEvery ${options.snapshotEvery}`);
    assertTuning(options.tuning);
    this.id = options.id;
    this.cluster = options.cluster;
    this.peers = options.cluster.filter((id) => id !== options.id);
    this.options = options;
    this.bug = bugSwitches(options.bugs);
    this.kv = new KvStore(this.bug);
    this.currentTerm = recovered.hardState.term;
    this.votedFor = recovered.hardState.votedFor;
    this.log = new RaftLog(recovered.baseIndex, recovered.baseTerm, recovered.entries);
    this.snapshot = recovered.snapshot;
    if (recovered.snapshot !== null) this.kv.restore(recovered.snapshot.state);
    // Commit and apply state is volatile: restart from the snapshot and re-apply what gets committed again.
    this.commitIndex = recovered.baseIndex;
    this.appliedIndex = recovered.baseIndex;
    this.electionTimeout = randomElectionTimeout(options.randomInt, options.tuning);
    this.startupRepair = recovered.repair;
    this.nodeView = createNodeView(this);
    assertNodeInvariants(this);
  }

  step(input: NodeInput<RaftMessage>): NodeEffect<RaftMessage>[] {
    this.effects = this.startupRepair.length > 0 ? this.startupRepair.splice(0) : [];
    this.outbox = [];
    switch (input.kind) {
      case 'tick':
        // The lease clock counts every tick that passed; the timers see one late tick, as a busy process would.
        this.ticks += input.missed ?? 0;
        this.onTick();
        break;
      case 'message':
        this.onMessage(input.from, input.message);
        break;
      case 'client-request':
        this.onClientRequest(input.request);
        break;
      case 'admin':
        // Membership changes and leadership transfer are not built yet (issue 12).
        this.effects.push({ kind: 'admin-reply', id: input.id, outcome: 'rejected' });
        break;
      default:
        unreachable(input);
    }
    this.applyCommitted();
    if (this.role === 'leader') serveReads(this);
    if (this.bug['send-before-fsync']) {
      // Bug: etcd's Ready contract broken (tikv #994, etcd #14370): acks and votes leave before the WAL fsync below.
      for (const effect of this.outbox) this.effects.push(effect);
      this.outbox = [];
    }
    this.storage.sync(this.effects);
    const effects = this.effects;
    for (const effect of this.outbox) effects.push(effect);
    this.effects = [];
    assertNodeInvariants(this);
    return effects;
  }

  view(): NodeView {
    return this.nodeView;
  }

  // ---- Outputs (queued behind this step's WAL sync) -------------------------------------------

  send(to: NodeId, message: RaftMessage): void {
    assert(to !== this.id, 'sending to self');
    this.outbox.push({ kind: 'send', to, message });
  }

  replyToClient(client: ClientId, response: ClientResponse): void {
    this.outbox.push({ kind: 'reply', to: client, response });
  }

  replyNotLeader(request: ClientRequest): void {
    assert(this.role !== 'leader', 'a leader answering not-leader');
    this.replyToClient(request.client, { kind: 'not-leader', seq: request.seq, leaderHint: this.leaderId });
  }

  // ---- Persistent state changes ---------------------------------------------------------------

  hardState(): HardState {
    return { term: this.currentTerm, votedFor: this.votedFor };
  }

  private saveHardState(): void {
    this.storage.recordHardState(this.hardState());
  }

  /** Append an entry as leader: to the log and to the WAL buffer. */
  appendAsLeader(entry: Entry): number {
    assert(this.role === 'leader' && entry.term === this.currentTerm, 'only a leader appends entries of its term');
    const index = this.log.append(entry);
    this.storage.recordEntry(index, entry);
    return index;
  }

  /** Persist a snapshot covering up to its last index and compact the WAL after it. */
  saveSnapshot(snapshot: StoredSnapshot): void {
    assert(this.log.snapshotIndex === snapshot.lastIncludedIndex, 'log not compacted to the snapshot');
    this.snapshot = snapshot;
    const remaining = this.log.lastIndex > this.log.snapshotIndex ? this.log.slice(this.log.snapshotIndex + 1, this.log.lastIndex) : [];
    this.storage.saveSnapshot(this.effects, snapshot, this.hardState(), remaining, this.bug['wal-compacted-before-snapshot']);
  }

  // ---- Role transitions: the only places `role` changes ---------------------------------------

  /**
   * Figure 2, all servers: "If RPC request or response contains term T >
   * currentTerm: set currentTerm = T, convert to follower." Also used by a
   * candidate that hears from the leader of its own term. votedFor is cleared
   * only together with a term change: within a term a vote is never taken back.
   */
  becomeFollower(term: number, leaderId: NodeId | null): void {
    assert(term >= this.currentTerm, () => `becoming follower of older term ${term} < ${this.currentTerm}`);
    if (term > this.currentTerm) {
      this.currentTerm = term;
      this.votedFor = null;
      // Bug `term-not-persisted-on-step-down` (cornerstone #65): the new term reaches disk only with a later vote.
      if (!this.bug['term-not-persisted-on-step-down']) this.saveHardState();
    }
    if (this.role === 'leader') {
      mark('leader-stepped-down');
      this.failPendingRequests(leaderId);
      dropReads(this, leaderId);
      // The election timer did not run while leading; start a fresh one.
      this.electionElapsed = 0;
    }
    this.role = 'follower';
    this.leaderId = leaderId;
    this.votes.clear();
    this.progress.clear();
  }

  /** Figure 2, followers and candidates: "If election timeout elapses ...: convert to candidate." */
  becomeCandidate(): void {
    assert(this.role !== 'leader', 'a leader does not start elections');
    // "On conversion to candidate, start election: increment currentTerm, vote
    // for self, reset election timer, send RequestVote RPCs to all other servers."
    this.currentTerm += 1;
    this.votedFor = this.id;
    // Bug `vote-not-persisted` (nebula PR #3415): the candidacy's term and self-vote live only in memory.
    if (!this.bug['vote-not-persisted']) this.saveHardState();
    this.role = 'candidate';
    this.leaderId = null;
    this.votes.clear();
    this.votes.add(this.id);
    this.electionElapsed = 0;
    this.electionTimeout = randomElectionTimeout(this.options.randomInt, this.options.tuning);
    const request = this.voteRequest();
    for (const peer of this.peers) this.send(peer, request);
    if (hasVoteQuorum(this.votes, this.cluster)) this.becomeLeader();
  }

  private voteRequest(): RequestVote {
    return { kind: 'RequestVote', term: this.currentTerm, candidate: this.id, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
  }

  becomeLeader(): void {
    assert(this.role === 'candidate', 'only a candidate becomes leader');
    assert(hasVoteQuorum(this.votes, this.cluster), 'leader without a vote quorum');
    this.role = 'leader';
    this.leaderId = this.id;
    this.votes.clear();
    this.heartbeatElapsed = 0;
    this.progress.clear();
    // "Reinitialized after election": nextIndex = last log index + 1, matchIndex = 0.
    for (const peer of this.peers) this.progress.set(peer, newProgress(this.log.lastIndex));
    this.reads.reset();
    if (readsOutsideLog(this)) beginRound(this);
    // A no-op of the new term lets earlier-term entries commit (Figure 8: only
    // current-term entries are committed by counting replicas).
    this.appendAsLeader({ term: this.currentTerm, command: NOOP_COMMAND });
    broadcastAppendEntries(this);
    maybeAdvanceCommit(this);
  }

  private failPendingRequests(newLeader: NodeId | null): void {
    if (this.pendingRequests.size > 0) mark('leader-stepped-down-with-pending-requests');
    // Bug `ack-by-log-index`: the requests stay keyed by log index and are answered when that index is applied.
    if (this.bug['ack-by-log-index']) this.pendingRequests.clear();
    for (const [client, seq] of this.pendingRequests) {
      this.replyToClient(client, { kind: 'not-leader', seq, leaderHint: newLeader });
    }
    this.pendingRequests.clear();
  }

  // ---- Inputs ---------------------------------------------------------------------------------

  private onTick(): void {
    this.ticks += 1;
    if (this.role === 'leader') {
      onHeartbeatTick(this);
      return;
    }
    this.electionElapsed += 1;
    if (this.electionElapsed >= this.electionTimeout) this.becomeCandidate();
  }

  private onMessage(from: NodeId, message: RaftMessage): void {
    assert(from !== this.id && this.cluster.includes(from), () => `message from unknown node ${from}`);
    if (message.kind === 'RequestVote' && ignoresVoteRequest(this, message)) return;
    if (message.term > this.currentTerm) {
      const leader = message.kind === 'AppendEntries' || message.kind === 'InstallSnapshot' ? from : null;
      this.becomeFollower(message.term, leader);
    }
    if (message.term < this.currentTerm) {
      if (this.bug['stale-term-append-accepted'] && message.kind === 'AppendEntries' && this.role === 'follower') {
        // Bug (sorock PR #485, nats-server PR #5661): no "reply false if term < currentTerm" check.
        onAppendEntries(this, from, message);
        return;
      }
      this.onStaleTermMessage(from, message);
      return;
    }
    switch (message.kind) {
      case 'RequestVote':
        this.onRequestVote(from, message);
        return;
      case 'AppendEntries':
      case 'InstallSnapshot':
        assert(this.role !== 'leader', () => `two leaders in term ${this.currentTerm}: ${this.id} and ${from}`);
        // A candidate that hears from the leader of its term: "convert to follower".
        if (this.role === 'candidate') this.becomeFollower(message.term, from);
        if (message.kind === 'AppendEntries') onAppendEntries(this, from, message);
        else onInstallSnapshot(this, from, message);
        return;
      case 'RequestVoteReply':
        if (this.role === 'candidate') onRequestVoteReply(this, from, message);
        else mark('stale-reply-ignored');
        return;
      case 'AppendEntriesReply':
        if (this.role === 'leader') onAppendEntriesReply(this, from, message);
        else mark('stale-reply-ignored');
        return;
      case 'InstallSnapshotReply':
        if (this.role === 'leader') onInstallSnapshotReply(this, from, message);
        else mark('stale-reply-ignored');
        return;
      default:
        unreachable(message);
    }
  }

  /** Figure 2: "Reply false if term < currentTerm"; the reply's term makes the sender step down. */
  private onStaleTermMessage(from: NodeId, message: RaftMessage): void {
    switch (message.kind) {
      case 'RequestVote':
        mark('stale-term-message-rejected');
        this.send(from, { kind: 'RequestVoteReply', term: this.currentTerm, granted: false });
        return;
      case 'AppendEntries':
        mark('stale-term-message-rejected');
        this.send(from, {
          kind: 'AppendEntriesReply',
          term: this.currentTerm,
          success: false,
          prevLogIndex: message.prevLogIndex,
          entryCount: message.entries.length,
          followerLastIndex: this.log.lastIndex,
        });
        return;
      case 'InstallSnapshot':
        mark('stale-term-message-rejected');
        this.send(from, { kind: 'InstallSnapshotReply', term: this.currentTerm, lastIncludedIndex: 0 });
        return;
      case 'RequestVoteReply':
        if (this.bug['stale-vote-counted'] && this.role === 'candidate' && message.granted) {
          // Bug (little-raft #44): a grant from an earlier candidacy counts for this one.
          this.votes.add(from);
          if (hasVoteQuorum(this.votes, this.cluster)) this.becomeLeader();
          return;
        }
        mark('stale-reply-ignored');
        return;
      case 'AppendEntriesReply':
      case 'InstallSnapshotReply':
        mark('stale-reply-ignored');
        return;
      default:
        unreachable(message);
    }
  }

  /**
   * Figure 2, RequestVote receiver (any role; leaders and candidates have
   * voted for themselves, so they refuse): "If votedFor is null or
   * candidateId, and candidate's log is at least as up-to-date as receiver's
   * log, grant vote." The vote is made durable before the reply leaves.
   */
  private onRequestVote(from: NodeId, request: RequestVote): void {
    assert(request.candidate === from, 'RequestVote relayed');
    const mayVote = this.votedFor === null || this.votedFor === request.candidate;
    const upToDate = this.candidateUpToDate(request);
    if (!mayVote) mark('vote-denied-already-voted');
    else if (!upToDate) mark('vote-denied-log-not-up-to-date');
    const granted = mayVote && upToDate;
    if (granted) {
      if (this.votedFor === null) {
        this.votedFor = request.candidate;
        // Bug `vote-not-persisted` (nebula PR #3415): the vote lives only in memory; a restart in this term forgets it.
        if (!this.bug['vote-not-persisted']) this.saveHardState();
      }
      // Granting a vote resets the election timer (Students' Guide), so the
      // voter does not start a competing election right away.
      this.electionElapsed = 0;
    }
    this.send(from, { kind: 'RequestVoteReply', term: this.currentTerm, granted });
  }

  /** Section 5.4.1, unless one of the injected wrong versions of the check is switched on. */
  private candidateUpToDate(request: RequestVote): boolean {
    // Bug `vote-by-candidate-term` (Students' Guide): the candidate's current term stands in for its last log term.
    if (this.bug['vote-by-candidate-term']) return this.log.isUpToDate(request.term, request.lastLogIndex);
    // Bug `vote-without-log-check` (akka-raft #30, #51): no up-to-date check at all.
    if (this.bug['vote-without-log-check']) return true;
    return this.log.isUpToDate(request.lastLogTerm, request.lastLogIndex);
  }

  private onClientRequest(request: ClientRequest): void {
    if (this.role === 'leader') proposeClientCommand(this, request);
    else this.replyNotLeader(request);
  }

  // ---- Applying committed entries -------------------------------------------------------------

  /**
   * Figure 2, all servers: "If commitIndex > lastApplied: increment
   * lastApplied, apply log[lastApplied] to state machine." A leader answers a
   * client only here, and only from the entry that is that client's
   * (client, seq) command, so an entry that replaced ours at the same index
   * can never acknowledge our client.
   */
  private applyCommitted(): void {
    while (this.appliedIndex < this.commitIndex) {
      const index = this.appliedIndex + 1;
      const command = this.log.entryAt(index).command;
      this.appliedIndex = index;
      if (command.kind === 'noop') {
        if (this.bug['ack-by-log-index']) this.answerByIndex(index, {});
        continue;
      }
      const result = this.kv.apply(command.request);
      const client = command.request.client;
      if (this.bug['ack-by-log-index']) {
        this.answerByIndex(index, result.kind === 'superseded' ? {} : result.output);
        continue;
      }
      if (result.kind !== 'superseded' && this.pendingRequests.get(client) === command.request.seq) {
        this.pendingRequests.delete(client);
        this.replyToClient(client, { kind: 'ok', seq: command.request.seq, output: result.output });
      }
    }
    if (this.appliedIndex - this.log.snapshotIndex >= this.options.snapshotEvery) this.takeSnapshot();
  }

  /**
   * Bug `ack-by-log-index` (Students' Guide "re-appearing indices", redpanda
   * PR #3003): whatever command was applied at the index a request was given
   * answers that request, on a leader or on the follower it has become.
   */
  private answerByIndex(index: number, output: KvOutput): void {
    const asked = this.pendingByIndex.get(index);
    if (asked === undefined) return;
    this.pendingByIndex.delete(index);
    if (this.pendingRequests.get(asked.client) === asked.seq) this.pendingRequests.delete(asked.client);
    this.replyToClient(asked.client, { kind: 'ok', seq: asked.seq, output });
  }

  private takeSnapshot(): void {
    const index = this.appliedIndex;
    const term = this.log.termAt(index);
    assert(term !== undefined, () => `applied index ${index} not in the log`);
    this.log.compactTo(index, term);
    this.saveSnapshot({ lastIncludedIndex: index, lastIncludedTerm: term, state: this.kv.snapshot() });
  }
}
