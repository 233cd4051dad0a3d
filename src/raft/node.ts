/**
 * The Raft node: the state all roles share, the rules that hold for every
 * role (term comparison, stepping down, voting), and the role transitions.
 * Role-specific message handling lives in follower.ts, candidate.ts and
 * leader.ts. Each step collects disk effects first, then one WAL sync, then
 * every send and reply, so nothing leaves the node before what it depends on
 * is durable.
 */

import type { KvOutput } from '@raft-check/checker';
import type { AdminOutcome, ClientId, ClientRequest, ClientResponse, NodeEffect, NodeId, NodeInput, NodeOptions, NodeView, Role, SimNode } from '../harness/api.js';
import { KvStore } from '../kv/kv-store.js';
import type { StoredSnapshot } from '../storage/snapshot-file.js';
import { StorageWriter } from '../storage/storage-writer.js';
import type { RecoveredState } from '../storage/recovery.js';
import { repairComplete } from '../storage/repair.js';
import { bugSwitches, type BugSwitches } from '../bugs/switches.js';
import { assert, unreachable } from '../util/assert.js';
import { declareMarks, mark } from '../util/marks.js';
import { onRequestVoteReply } from './candidate.js';
import { checkQuorumTick, noteHeardByLeader } from './check-quorum.js';
import { onPreVote, onPreVoteReply, startPreVote } from './prevote.js';
import { onTimeoutNow, refuseDuringTransfer, sendTimeoutNowIfCaughtUp, startTransfer, transferSteppedDown, transferTick, type Transfer } from './transfer.js';
import { onAppendEntries, onInstallSnapshot } from './follower.js';
import { broadcastAppendEntries, maybeAdvanceCommit, onAppendEntriesReply, onHeartbeatTick, onInstallSnapshotReply, proposeClientCommand } from './leader.js';
import { RaftLog } from './log.js';
import { Membership } from './membership.js';
import type { PreVote, RaftMessage, RequestVote } from './messages.js';
import { ignoresVoteRequest } from './leader-stickiness.js';
import { assertNodeInvariants, type SelfCheckFloors } from './node-invariants.js';
import { newProgress, type Progress } from './progress.js';
import { advanceMembership, failPendingAdmin, onAdminRequest, tickCatchUp, type CatchUp } from './reconfigure.js';
import { hasVoteQuorum } from './quorum.js';
import { beginRound, dropReads, LeaderReads, readsOutsideLog, serveReads } from './read-index.js';
import { assertTuning, randomElectionTimeout } from './timing.js';
import { createNodeView } from './node-view.js';
import { LogEntry, NOOP_COMMAND, type Entry, type HardState } from './types.js';

/**
 * What a step that does nothing returns, and `effects` between steps: one shared empty list, never written to
 * (the host only reads a step's effects).
 */
const NO_EFFECTS: NodeEffect<RaftMessage>[] = [];

declareMarks({
  'stale-term-message-rejected': 'a request from an older term was refused (the reply carries the newer term)',
  'stale-reply-ignored': 'a reply from an older term, or for a role the node no longer has, was dropped',
  'vote-denied-log-not-up-to-date': 'a vote was refused because the candidate\'s log was behind (section 5.4.1)',
  'vote-denied-already-voted': 'a vote was refused because the node had voted for someone else in this term',
  'leader-stepped-down-with-pending-requests': 'a leader lost leadership while client requests awaited their apply; they were answered not-leader',
  'leader-stepped-down': 'a leader saw a higher term and became follower',
  'vote-withheld-while-damaged': 'a node whose storage was damaged refused a vote until repaired',
  'campaign-withheld-while-damaged': 'a node whose storage was damaged let its election timeout pass without campaigning',
  'storage-repaired-from-leader': 'a node with damaged storage got its log back from a leader and trusts itself again',
});

export class RaftNode implements SimNode<RaftMessage> {
  readonly id: NodeId;
  /** The configurations in the log; the latest one is in force (section 4.1). */
  readonly membership: Membership;
  /** Whom this node sends to: the other voters, and (leader only) a catching-up learner. */
  peers: readonly NodeId[] = [];
  readonly options: NodeOptions;
  /** Injected bugs (src/bugs/catalog.ts), read once at start; all false for the correct code. */
  readonly bug: BugSwitches;

  // Figure 2 persistent state (written through `storage` whenever it changes).
  currentTerm: number;
  votedFor: NodeId | null;
  readonly log: RaftLog;

  // Figure 2 volatile state.
  commitIndex: number;
  /**
   * The last log index when this step began: all of it is on stable storage,
   * for a step's fsync runs before the next input is fed (src/harness/api.ts).
   * What this step appends is synced only at its end: a leader counts its own
   * copy up to here (leader.ts, maybeAdvanceCommit).
   */
  syncedLastIndex = 0;
  /** Leader: only its own copy of what the last step appended held a commit back (leader.ts, maybeAdvanceCommit). */
  commitWaitsForSync = false;
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
  /** PreVote (prevote.ts): asking for pre-votes for currentTerm + 1 (the role stays follower), and who granted one. */
  preCandidate = false;
  readonly preVotes = new Set<NodeId>();
  /** Ticks since a message from the leader of our term (PreVote grants only when a leader was not heard recently). */
  ticksSinceLeaderHeard = 0;
  /** Leader only, CheckQuorum (check-quorum.ts): peers heard from in this round, and ticks into the round. */
  readonly heardThisRound = new Set<NodeId>();
  checkQuorumElapsed = 0;
  /** Leader only: a leadership transfer under way (transfer.ts). */
  transfer: Transfer | null = null;
  /** Leader only: nextIndex/matchIndex per peer, rebuilt at every election win. */
  readonly progress = new Map<NodeId, Progress>();
  /** Only with the `match-index-from-last-send` bug: per peer, the last index of the latest AppendEntries sent. */
  readonly lastSentIndex = new Map<NodeId, number>();
  /** Leader only: client -> seq of its command appended in this term and not yet applied. */
  readonly pendingRequests = new Map<ClientId, number>();
  /** Only with the `ack-by-log-index` bug: log index -> the request whose answer waits for that index. */
  readonly pendingByIndex = new Map<number, { client: ClientId; seq: number }>();
  /** Leader only: admin request id -> index of the configuration entry whose commit answers it 'ok'. */
  readonly pendingAdmin = new Map<number, number>();
  /** Leader only: the new server being caught up before it joins (section 4.2.1), if any. */
  catchUp: CatchUp | null = null;

  readonly storage = new StorageWriter();
  /** This step's effects in order: disk effects; the end of `step` appends the WAL sync and then the outbox. */
  effects: NodeEffect<RaftMessage>[] = NO_EFFECTS;
  /**
   * This step's sends and replies, the first `outboxLength` slots: one array
   * kept from step to step (emptied slot by slot), where a fresh one per step
   * was an array and its backing store on every step that sends.
   */
  private readonly outbox: (NodeEffect<RaftMessage> | undefined)[] = [];
  private outboxLength = 0;
  private startupRepair: NodeEffect<never>[];
  /** The term recovered from disk: a damaged node is repaired only by a leader of this term or newer (storage/repair.ts). */
  private readonly recoveredTerm: number;
  /** Names this damaged restart in lost-entries replies (storage/repair.ts): the hard-state slot sequence recovery wrote. */
  readonly repairToken: number;
  /** Leader side: per follower, the repairToken of its latest lost-entries reply, echoed in AppendEntries. */
  readonly repairTokens = new Map<NodeId, number>();
  private readonly nodeView: NodeView;
  /** What the self-checks saw at the end of the previous step (node-invariants.ts). */
  selfCheckFloors: SelfCheckFloors | null = null;

  constructor(options: NodeOptions, recovered: RecoveredState) {
    // A node added later starts outside the initial configuration and learns its own from the leader.
    assert(new Set(options.cluster).size === options.cluster.length, 'duplicate ids in cluster');
    assert(Number.isInteger(options.snapshotEvery) && options.snapshotEvery >= 1, () => `snapshotEvery ${options.snapshotEvery}`);
    assertTuning(options.tuning);
    this.id = options.id;
    this.options = options;
    this.bug = bugSwitches(options.bugs);
    this.kv = new KvStore(this.bug);
    this.currentTerm = recovered.hardState.term;
    this.votedFor = recovered.hardState.votedFor;
    this.log = new RaftLog(recovered.baseIndex, recovered.baseTerm, recovered.entries);
    this.membership = new Membership(recovered.baseIndex, recovered.snapshot?.configuration ?? options.cluster);
    for (let index = recovered.baseIndex + 1; index <= this.log.lastIndex; index++) this.membership.appended(index, this.log.entryAt(index));
    this.refreshPeers();
    this.snapshot = recovered.snapshot;
    if (recovered.snapshot !== null) this.kv.restore(recovered.snapshot.state);
    // Commit and apply state is volatile: restart from the snapshot and re-apply what gets committed again.
    this.commitIndex = recovered.baseIndex;
    this.appliedIndex = recovered.baseIndex;
    this.electionTimeout = randomElectionTimeout(options.randomInt, options.tuning);
    this.startupRepair = recovered.repair;
    this.recoveredTerm = recovered.hardState.term;
    this.repairToken = recovered.slotSeq;
    this.storage.slots.resume(recovered.slotSeq, recovered.hardState, recovered.trust);
    this.nodeView = createNodeView(this);
    assertNodeInvariants(this);
  }

  step(input: NodeInput<RaftMessage>): NodeEffect<RaftMessage>[] {
    this.effects = this.startupRepair.length > 0 ? this.startupRepair.splice(0) : [];
    this.outboxLength = 0;
    this.syncedLastIndex = this.log.lastIndex;
    switch (input.kind) {
      case 'tick':
        // The lease clock and CheckQuorum count every tick that passed; the other timers see one late tick, as a
        // busy process would.
        this.ticks += input.missed ?? 0;
        this.onTick(input.missed ?? 0);
        break;
      case 'message':
        this.onMessage(input.from, input.message);
        break;
      case 'client-request':
        this.onClientRequest(input.request);
        break;
      case 'admin':
        if (input.request.kind === 'transfer-leadership') startTransfer(this, input.id, input.request.to);
        else onAdminRequest(this, input.id, input.request);
        break;
      default:
        unreachable(input);
    }
    this.applyCommitted();
    if (this.role === 'leader') advanceMembership(this);
    if (this.role === 'leader') serveReads(this);
    if (this.bug['send-before-fsync']) {
      // Bug: etcd's Ready contract broken (tikv #994, etcd #14370): acks and votes leave before the WAL fsync below.
      this.drainOutbox(this.effects);
    }
    this.storage.sync(this.effects);
    const effects = this.effects;
    this.effects = NO_EFFECTS;
    // Most steps that write nothing only send (or do nothing at all): their effects are the outbox, copied at its size.
    const result = effects.length > 0 ? this.drainOutbox(effects) : this.outboxLength > 0 ? this.drainOutbox(null) : NO_EFFECTS;
    if (NO_EFFECTS.length > 0) assert(false, 'effects were recorded outside a step');
    assertNodeInvariants(this);
    return result;
  }

  /** Moves the outbox behind `effects` (or, for null, into a new array of its size) and empties it. */
  private drainOutbox(effects: NodeEffect<RaftMessage>[] | null): NodeEffect<RaftMessage>[] {
    const outbox = this.outbox;
    const length = this.outboxLength;
    const drained = effects ?? (outbox.slice(0, length) as NodeEffect<RaftMessage>[]);
    for (let k = 0; k < length; k++) {
      if (effects !== null) effects.push(outbox[k]!);
      // Emptied: a message kept here would outlive its step and be copied into the old generation.
      outbox[k] = undefined;
    }
    this.outboxLength = 0;
    return drained;
  }

  view(): NodeView {
    return this.nodeView;
  }

  // ---- Outputs (queued behind this step's WAL sync) -------------------------------------------

  send(to: NodeId, message: RaftMessage): void {
    assert(to !== this.id, 'sending to self');
    this.outbox[this.outboxLength++] = { kind: 'send', to, message };
  }

  replyToClient(client: ClientId, response: ClientResponse): void {
    this.outbox[this.outboxLength++] = { kind: 'reply', to: client, response };
  }

  replyToAdmin(id: number, outcome: AdminOutcome, leaderHint: NodeId | null = this.leaderId): void {
    this.outbox[this.outboxLength++] = { kind: 'admin-reply', id, outcome, leaderHint };
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
    if (entry.command.kind === 'config') {
      this.membership.appended(index, entry);
      this.refreshPeers();
    }
    return index;
  }

  /** The log changed from `from` on (a follower's merge cut and/or wrote entries): re-read its configurations. */
  logRewritten(from: number): void {
    const voters = this.membership.voters;
    this.membership.truncateFrom(from);
    for (let index = from; index <= this.log.lastIndex; index++) this.membership.appended(index, this.log.entryAt(index));
    // Most merges carry no configuration entry: the same voters (the same list) leave the peers as they are.
    // Only a leader keeps more than the voters in them (progress, a learner), and only a follower merges.
    if (this.membership.voters !== voters || this.role === 'leader') this.refreshPeers();
  }

  /** A leader counts its own log toward commit only while it is a voter (section 4.2.2). */
  countsItself(): boolean {
    // Bug `removed-leader-counts-itself`: the leader takes itself for a voter of every configuration.
    return this.bug['removed-leader-counts-itself'] || this.cluster.includes(this.id);
  }

  /** The voters of the configuration in force (the latest in the log). */
  get cluster(): readonly NodeId[] {
    return this.membership.voters;
  }

  /** Recompute `peers` after a configuration or learner change; a leader keeps progress for exactly its peers. */
  refreshPeers(): void {
    const peers = this.membership.voters.filter((id) => id !== this.id);
    const learner = this.catchUp?.node;
    if (learner !== undefined && !peers.includes(learner)) peers.push(learner);
    this.peers = peers;
    if (this.role !== 'leader') return;
    for (const peer of peers) if (!this.progress.has(peer)) this.progress.set(peer, newProgress(this.log.lastIndex));
    for (const peer of this.progress.keys()) if (!peers.includes(peer)) this.progress.delete(peer);
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
    if (term < this.currentTerm) assert(false, `becoming follower of older term ${term} < ${this.currentTerm}`);
    if (term > this.currentTerm) {
      this.currentTerm = term;
      this.votedFor = null;
      // Bug `term-not-persisted-on-step-down` (cornerstone #65): the new term reaches disk only with a later vote.
      if (!this.bug['term-not-persisted-on-step-down']) this.saveHardState();
    }
    const wasLeader = this.role === 'leader';
    if (wasLeader) {
      mark('leader-stepped-down');
      transferSteppedDown(this);
      this.failPendingRequests(leaderId);
      failPendingAdmin(this, leaderId);
      dropReads(this, leaderId);
      // The election timer did not run while leading; start a fresh one.
      this.electionElapsed = 0;
    }
    this.role = 'follower';
    this.leaderId = leaderId;
    this.votes.clear();
    this.progress.clear();
    this.preCandidate = false;
    this.preVotes.clear();
    // A learner being caught up was a peer of the leader only.
    if (wasLeader) this.refreshPeers();
  }

  /** Only for the injected bug `pre-vote-raises-term` (prevote.ts): a pre-candidate takes the next term as a candidate would. */
  adoptTermForPreVote(): void {
    this.currentTerm += 1;
    this.votedFor = null;
    this.saveHardState();
  }

  /**
   * A node in its latest configuration stands for election. So does one that
   * this configuration removes while it is not known committed: it may still
   * be needed to commit it (dissertation section 4.2.2). A node that was never
   * added, or whose removal committed, does not: it could only disrupt.
   */
  private mayStand(): boolean {
    return this.cluster.includes(this.id) || this.membership.latestIndex > this.commitIndex;
  }

  /** Figure 2, followers and candidates: "If election timeout elapses ...: convert to candidate." */
  becomeCandidate(leadershipTransfer: boolean): void {
    assert(this.role !== 'leader', 'a leader does not start elections');
    this.preCandidate = false;
    this.preVotes.clear();
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
    const request = this.voteRequest(leadershipTransfer);
    for (const peer of this.peers) this.send(peer, request);
    if (hasVoteQuorum(this.votes, this.cluster)) this.becomeLeader();
  }

  private voteRequest(leadershipTransfer: boolean): RequestVote {
    const request: RequestVote = { kind: 'RequestVote', term: this.currentTerm, candidate: this.id, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
    return leadershipTransfer ? { ...request, leadershipTransfer } : request;
  }

  becomeLeader(): void {
    assert(this.role === 'candidate', 'only a candidate becomes leader');
    assert(hasVoteQuorum(this.votes, this.cluster), 'leader without a vote quorum');
    this.role = 'leader';
    this.leaderId = this.id;
    this.votes.clear();
    this.heartbeatElapsed = 0;
    this.heardThisRound.clear();
    this.checkQuorumElapsed = 0;
    this.transfer = null;
    this.progress.clear();
    // "Reinitialized after election": nextIndex = last log index + 1, matchIndex = 0.
    for (const peer of this.peers) this.progress.set(peer, newProgress(this.log.lastIndex));
    this.reads.reset();
    if (readsOutsideLog(this)) beginRound(this);
    // A no-op of the new term lets earlier-term entries commit (Figure 8: only
    // current-term entries are committed by counting replicas).
    this.appendAsLeader(new LogEntry(this.currentTerm, NOOP_COMMAND));
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

  private onTick(missed: number): void {
    this.ticks += 1;
    if (this.role === 'leader') {
      tickCatchUp(this);
      onHeartbeatTick(this);
      if (this.options.features.checkQuorum) checkQuorumTick(this, 1 + missed);
      if (this.role === 'leader') transferTick(this);
      return;
    }
    this.ticksSinceLeaderHeard += 1;
    this.electionElapsed += 1;
    if (this.electionElapsed < this.electionTimeout) return;
    if (!this.mayStand()) {
      this.electionElapsed = 0;
      return;
    }
    // CTRL (FAST 2018, section 4.2): a node with damaged storage never leads; it waits for a leader to repair it.
    // Bug `damaged-node-votes`: it campaigns and votes as if its storage were whole.
    if (!this.storageTrusted() && !this.bug['damaged-node-votes']) {
      mark('campaign-withheld-while-damaged');
      this.electionElapsed = 0;
      return;
    }
    if (this.options.features.preVote) startPreVote(this);
    else this.becomeCandidate(false);
  }

  /** Whether the durable state is whole (storage/hard-state-copies.ts): only then may the node vote or campaign. */
  storageTrusted(): boolean {
    return this.storage.slots.currentTrust() === 'ok';
  }

  /** After a successful AppendEntries from the leader of the current term: finish a storage repair if it is complete. */
  afterLeaderAppend(leaderCommit: number, repairFor: number | undefined): void {
    const progress = { trust: this.storage.slots.currentTrust(), recoveredTerm: this.recoveredTerm, token: this.repairToken };
    const append = { term: this.currentTerm, leaderCommit, repairFor, commitIndex: this.commitIndex, termAtCommit: this.log.termAt(this.commitIndex) };
    if (!repairComplete(progress, append, this.bug['repair-done-before-commit'])) return;
    mark('storage-repaired-from-leader');
    this.storage.slots.setTrust('ok');
  }

  private onMessage(from: NodeId, message: RaftMessage): void {
    // Any node may write: one not (or no longer) in our configuration is still judged by its term alone.
    assert(from !== this.id, 'message from self');
    // A PreVote's term is a proposal, never adopted (section 9.6); the voter answers from its own term.
    if (message.kind === 'PreVote') {
      onPreVote(this, from, message);
      return;
    }
    if (message.kind === 'RequestVote' && ignoresVoteRequest(this, message)) return;
    if (message.term > this.currentTerm) {
      const leader = message.kind === 'AppendEntries' || message.kind === 'InstallSnapshot' || message.kind === 'TimeoutNow' ? from : null;
      this.becomeFollower(message.term, leader);
    }
    if (message.term === this.currentTerm && this.role === 'leader') noteHeardByLeader(this, from);
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
        if (this.role === 'leader') assert(false, `two leaders in term ${this.currentTerm}: ${this.id} and ${from}`);
        // A candidate that hears from the leader of its term: "convert to follower"; a pre-candidate stops asking.
        if (this.role === 'candidate' || this.preCandidate) this.becomeFollower(message.term, from);
        this.ticksSinceLeaderHeard = 0;
        if (message.kind === 'AppendEntries') onAppendEntries(this, from, message);
        else onInstallSnapshot(this, from, message);
        return;
      case 'RequestVoteReply':
        if (this.role === 'candidate') onRequestVoteReply(this, from, message);
        else mark('stale-reply-ignored');
        return;
      case 'AppendEntriesReply':
        // (A server just removed from the configuration may still answer: it has no progress to update.)
        if (this.role === 'leader' && this.progress.has(from)) onAppendEntriesReply(this, from, message);
        else mark('stale-reply-ignored');
        if (this.transfer?.to === from) sendTimeoutNowIfCaughtUp(this);
        return;
      case 'InstallSnapshotReply':
        // (A server just removed from the configuration may still answer: it has no progress to update.)
        if (this.role === 'leader' && this.progress.has(from)) onInstallSnapshotReply(this, from, message);
        else mark('stale-reply-ignored');
        if (this.transfer?.to === from) sendTimeoutNowIfCaughtUp(this);
        return;
      case 'PreVoteReply':
        onPreVoteReply(this, from, message);
        return;
      case 'TimeoutNow':
        onTimeoutNow(this, from, message);
        return;
      default:
        unreachable(message);
    }
  }

  /** Figure 2: "Reply false if term < currentTerm"; the reply's term makes the sender step down. */
  private onStaleTermMessage(from: NodeId, message: Exclude<RaftMessage, PreVote>): void {
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
      case 'PreVoteReply':
        // Not stale: a voter answers a pre-vote in its own (real) term, which may lag ours, and the
        // round is named by the reply's preTerm. Ignoring it left pre-candidates unable to gather a
        // majority from voters that had not yet heard of their term (seed 6667: no leader for 1.4 s).
        onPreVoteReply(this, from, message);
        return;
      case 'AppendEntriesReply':
      case 'InstallSnapshotReply':
      case 'TimeoutNow':
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
    if (!this.storageTrusted() && !this.bug['damaged-node-votes']) {
      // A vote from a log that lost entries could elect a leader without a committed one (storage/repair.ts).
      mark('vote-withheld-while-damaged');
      this.send(from, { kind: 'RequestVoteReply', term: this.currentTerm, granted: false });
      return;
    }
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

  /**
   * Section 5.4.1, unless one of the injected wrong versions of the check is
   * switched on. The vote and the pre-vote (prevote.ts) share this one check,
   * as in etcd's raft, where MsgVote and MsgPreVote take the same branch: a
   * wrong check is wrong in both.
   */
  candidateUpToDate(request: RequestVote | PreVote): boolean {
    // Bug `vote-by-candidate-term` (Students' Guide): the candidate's current term stands in for its last log term.
    if (this.bug['vote-by-candidate-term']) return this.log.isUpToDate(request.term, request.lastLogIndex);
    // Bug `vote-without-log-check` (akka-raft #30, #51): no up-to-date check at all.
    if (this.bug['vote-without-log-check']) return true;
    return this.log.isUpToDate(request.lastLogTerm, request.lastLogIndex);
  }

  private onClientRequest(request: ClientRequest): void {
    // Bug `transfer-keeps-proposals`: the leader goes on taking proposals while it hands over.
    if (this.role === 'leader' && this.transfer !== null && !this.bug['transfer-keeps-proposals']) refuseDuringTransfer(this, request);
    else if (this.role === 'leader') proposeClientCommand(this, request);
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
      if (command.kind === 'noop' || command.kind === 'config') {
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
    if (term === undefined) assert(false, `applied index ${index} not in the log`);
    this.log.compactTo(index, term);
    this.membership.compactTo(index);
    this.saveSnapshot({ lastIncludedIndex: index, lastIncludedTerm: term, state: this.kv.snapshot(), configuration: this.membership.votersAt(index) });
  }
}
