/**
 * Promise oracles: every message a node sends is a promise, and the
 * simulator holds the node to it from outside, with the node's views and
 * ground truth only (never the node's own assertions). Each is a safety
 * invariant of its own name:
 *
 * - RestartKeepsTerm: after a crash a node's term is at least every term it sent.
 * - SingleVotePerTerm: in one term a node grants its vote to one candidate
 *   only, across restarts (a vote kept only in memory is granted again); a
 *   node that stood in a term voted for itself in it.
 * - AckedEntriesKept: an entry a node acknowledged is in its log when it says
 *   so, and stays there until a leader of a newer term cuts it.
 * - RestartKeepsAckedEntries: the same across a crash: what it acknowledged it recovers.
 *   A leader's commit that needed its own copy for the majority acknowledges
 *   that copy to itself (leader-self-count.ts).
 * - RestartKeepsSnapshot: a snapshot it reported installed is present after a crash.
 * - LeaderMatchIndex: a leader's matchIndex[f] never exceeds the index up to
 *   which f's log really matches the leader's (f in the leader's term).
 * - LeaderNextIndex: a leader's nextIndex[f] stays above matchIndex[f] (it
 *   never re-probes what f is known to hold; etcd's Progress invariant).
 * - FollowerCommitMatchesLeader: a follower commits, on an AppendEntries, no
 *   more than the leader's commit index and only where its log is the leader's.
 * - StorageTrustVote, StorageTrustCampaign: a node that restarted without a
 *   promise because a storage fault struck its disk neither votes nor
 *   campaigns until it is repaired (storage-trust.ts).
 *
 * The rest of (c), a commit index never going back within one incarnation,
 * is CommittedPrefix (invariants.ts).
 *
 * What a message promises comes from the optional `NodeFactory.promises`
 * (src/harness/api.ts), matchIndex from the optional `NodeView.matchIndex`:
 * a system without them gets the checks that need neither.
 */

import type { MessagePromises, NodeId, NodeInput, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';
import type { GhostRecoveryOracle } from './ghost-recovery.js';
import { CommitAcknowledgedRule } from './commit-acknowledged.js';
import { CommitsByTerm } from './commits-by-term.js';
import { leaderCountedItself } from './leader-self-count.js';
import { legitimatelyVoided } from './promise-voiding.js';
import { describeAck, describeLog, holdsEntry, restartBreaches, type AckedEntry, type RestartInvariant, type RestartPromises } from './restart-rules.js';
import { StorageTrustOracle, type StorageTrustInvariant } from './storage-trust.js';

export type PromiseInvariant =
  | RestartInvariant
  | 'SingleVotePerTerm'
  | 'AckedEntriesKept'
  | 'LeaderMatchIndex'
  | 'LeaderNextIndex'
  | 'FollowerCommitMatchesLeader'
  | StorageTrustInvariant;

/** A leader's progress for one peer, as last judged. */
interface ProgressChecked {
  term: number;
  match: number;
  next: number | undefined;
}

/** What one node promised, kept across its incarnations. */
interface NodePromises {
  sentTerm: number;
  /** term -> the candidate it granted its vote to. */
  readonly votes: Map<number, NodeId>;
  /** The highest acknowledged entry still in force (by Log Matching it vouches for the prefix). */
  acked: AckedEntry | null;
  snapshotIndex: number;
  /**
   * The newest term it acknowledged entries or a snapshot in, and the highest index it acknowledged in
   * that term: all a leader of that term may rest a matchIndex on (a leader counts only replies of its term).
   */
  ackTerm: number;
  ackedUpTo: number;
  /** The commit index at its last step, within the current incarnation. */
  commitIndex: number;
}

export class PromiseOracle {
  /** Every node that started, in the order it first did (the order checkProgress walks its peers in). */
  private readonly nodes = new Map<NodeId, NodePromises>();
  /** The same by node id (small integers): looked up at every step and every send, where an array slot is cheaper than a Map. */
  private readonly byId: (NodePromises | undefined)[] = [];
  /**
   * Per leader and peer, the progress last judged: it is judged again only when it changes. By node id
   * (small integers) at both levels: read for every peer at every step of a leader, where array slots are
   * cheaper than Maps.
   */
  private readonly progressChecked: (ProgressChecked | undefined)[][] = [];
  /** Judges a node that lost promises to a storage fault until it is repaired (storage-trust.ts). */
  private readonly storageTrust = new StorageTrustOracle();
  /**
   * peer -> term -> the highest index it had acknowledged in that term (entries or a snapshot) before a storage
   * fault lost it: a leader of that term's matchIndex up to there is not judged. Only that term's: a leader
   * holding a matchIndex from a reply of an earlier term counted a stale reply (the catalog's term confusion).
   */
  private readonly lostAcksUpTo = new Map<NodeId, Map<number, number>>();
  /**
   * Per node, the promises each restart found lost to a storage fault, as they stood before it, oldest
   * first: a later restart that holds them all again shows the losses did not last (see `recoveredWhole`).
   * Every loss counts, not the first only: after a second damaged restart the node may hold the first
   * loss's promises again but not the second's (seed 5320 of `--faults storage,pause,crash`: n1 lost
   * entries 5..8 it had acknowledged, came back whole against its first loss, and its leader's matchIndex
   * of 8 was judged).
   */
  private readonly lostPromises = new Map<NodeId, RestartPromises[]>();
  /** A follower's commit index rises on a leader's message only as far as it acknowledged (commit-acknowledged.ts). */
  private readonly commitAcknowledged = new CommitAcknowledgedRule();
  /** Per node, the term it stands in (stood) until its first message of that term makes the candidacy durable. */
  private readonly standing = new Map<NodeId, number>();
  /**
   * The highest commit index any node has held, per term it held it in. Commit indexes are volatile: once
   * every node restarted (each back at commit 0 until a leader tells it again), the nodes' current commit
   * indexes say nothing of what was committed, yet a node that lost data may have helped commit any of it
   * (seed 1256: n3 lost entries 6..8 it had acknowledged to a garbage block, restarted when n1, n2 and
   * n4 had all restarted since the commit of 9, and was judged whole at once, though it held an older
   * configuration and could, by the oracle's reckoning, be elected without entry 11).
   */
  private readonly commitsByTerm = new CommitsByTerm();

  constructor(
    /** NodeFactory.promises, or null when the system does not describe its messages. */
    private readonly promisesOf: ((message: unknown) => MessagePromises | null) | null,
    /** The view of a running node, null while it is down. */
    private readonly viewOf: (node: NodeId) => NodeView | null,
    /** Judges each new promise as if a crash followed it (ghost-recovery.ts); null: only real restarts judge. */
    private readonly ghost: GhostRecoveryOracle | null = null,
  ) {}

  /**
   * A node started: on a restart, its recovered state must honour what it promised before,
   * unless a storage fault struck its disk since it last started (`storageFault`).
   */
  started(node: NodeId, view: NodeView, storageFault = false): void {
    this.standing.delete(node);
    this.ghost?.started(node);
    this.commitAcknowledged.started(node);
    this.commitsByTerm.seen(view.term, view.commitIndex);
    const held = this.byId[node];
    if (held === undefined) {
      const promises: NodePromises = { sentTerm: 0, votes: new Map(), acked: null, snapshotIndex: 0, ackTerm: 0, ackedUpTo: 0, commitIndex: view.commitIndex };
      this.nodes.set(node, promises);
      this.byId[node] = promises;
      return;
    }
    held.commitIndex = view.commitIndex;
    const restart = { kind: 'restart', storageFault } as const;
    let lost = false;
    let lostTerm = 0;
    // A leader's matchIndex rests on either acknowledgement: of entries, or of an installed snapshot (seed 2167 of
    // `--faults storage,pause,crash`: n1 installed a snapshot at 57, lost it to an unreadable block, came back empty).
    const lostAckTerm = held.ackTerm;
    const lostAckIndex = held.ackedUpTo;
    const reachedTerm = held.sentTerm;
    const before: RestartPromises = { sentTerm: held.sentTerm, acked: held.acked, snapshotIndex: held.snapshotIndex };
    for (const breach of restartBreaches(node, held, view)) {
      if (!legitimatelyVoided(breach.promise, restart)) throw new InvariantViolation(breach.invariant, node, breach.detail);
      lost = true;
      switch (breach.promise.kind) {
        case 'term':
          lostTerm = held.sentTerm;
          // Voided like the acknowledgement and the snapshot below: from here it is held to the terms it
          // sends from this incarnation on (the storage oracle holds it to the lost term until repaired).
          // Kept, the voided term failed the node at its next plain restart (seed 5155).
          held.sentTerm = view.term;
          break;
        case 'acked-entry':
          this.storageTrust.lostAcknowledgements(node, breach.promise.index, breach.promise.ackTerm);
          held.acked = null;
          break;
        case 'snapshot':
          held.snapshotIndex = 0;
          break;
      }
    }
    if (!lost) this.recoveredWhole(node, held, view);
    if (lost) {
      const losses = this.lostPromises.get(node);
      if (losses === undefined) this.lostPromises.set(node, [before]);
      else losses.push(before);
      this.storageTrust.restartedDamaged(node, this.committedInTermsUpTo(reachedTerm), lostTerm);
      // Its acknowledgements up to there, some maybe still in flight, may set a leader's matchIndex
      // beyond what it now holds: that is the disk's doing, not the leader's.
      let lostByTerm = this.lostAcksUpTo.get(node);
      if (lostByTerm === undefined) this.lostAcksUpTo.set(node, (lostByTerm = new Map()));
      lostByTerm.set(lostAckTerm, Math.max(lostByTerm.get(lostAckTerm) ?? 0, lostAckIndex));
    }
  }

  /**
   * A node restarted again after a restart that lost promises to a storage fault, and its recovered state
   * holds every one of them once more: the loss did not last (a latent read error fails one read only, and
   * a crash can come before the damaged recovery made anything durable: seeds 4517, 6188, 7253, 8170 of
   * round 5, each crashed within 8 ms of its damaged restart). Its disk is whole, so it may vote and stand
   * again, and it is held to those promises once more.
   */
  private recoveredWhole(node: NodeId, held: NodePromises, view: NodeView): void {
    const losses = this.lostPromises.get(node);
    // Only the next restart tells: promises restored later would skip what legitimately voided them meanwhile.
    this.lostPromises.delete(node);
    if (losses === undefined || losses.some((lostBefore) => restartBreaches(node, lostBefore, view).length > 0)) return;
    this.storageTrust.recoveredWhole(node);
    this.lostAcksUpTo.delete(node);
    let restoredAck: AckedEntry | null = null;
    for (const lostBefore of losses) {
      held.sentTerm = Math.max(held.sentTerm, lostBefore.sentTerm);
      // Restored only where nothing newer stands; of several lost, the highest (it holds them all).
      if (lostBefore.acked !== null && (restoredAck === null || restoredAck.index < lostBefore.acked.index)) restoredAck = lostBefore.acked;
      held.snapshotIndex = Math.max(held.snapshotIndex, lostBefore.snapshotIndex);
    }
    if (held.acked === null) held.acked = restoredAck;
  }

  /** A leader of `term` advanced its commit index to `commit` (storage-trust.ts: a lost acknowledgement may count). */
  leaderCommitted(leader: NodeId, term: number, commit: number): void {
    this.storageTrust.committed(leader, term, commit);
  }

  /**
   * A leader advanced its commit index (its view, its configuration): if its peers' acknowledgements
   * do not make a majority without it, it counted its own copy, and is held to keep it (leader-self-count.ts).
   * Judged only for a system that describes its messages: without their acknowledgements, who counted is unknown.
   */
  leaderCounted(leader: NodeId, view: NodeView, configuration: readonly NodeId[]): void {
    const held = this.byId[leader];
    const commit = view.commitIndex;
    if (held === undefined || this.promisesOf === null || commit < view.snapshotIndex || commit <= (held.acked?.index ?? 0)) return;
    if (!leaderCountedItself(leader, view, configuration, (peer) => this.byId[peer])) return;
    held.acked = { kind: 'acked-entry', index: commit, term: view.termAt(commit), ackTerm: view.term, counted: true };
  }

  /**
   * `views` without the nodes held to abstain after losing data to a storage fault
   * (storage-trust.ts): they may neither vote nor be elected, so no election counts them.
   */
  withoutAbstainers(views: Map<NodeId, NodeView>): Map<NodeId, NodeView> {
    this.storageTrust.dropAbstainers(views);
    return views;
  }

  /**
   * What a node that lost data and had reached `term` must learn again: the highest commit index any node
   * ever held in a term up to it. Every acknowledgement it lost was sent in such a term, and a leader
   * counts only acknowledgements of its own term, so only those terms' commits can rest on one; what
   * later terms committed, majorities it was never part of hold (seed 4479 of `--nodes 5 --profile brutal`:
   * n5 crashed in term 1 and, back while term 2 had committed 17, was repaired by term 1's leader up to 11).
   * A correct node's repair reaches it: it ends at a leader's commit of an entry of that leader's term
   * (storage/repair.ts), which lies above every entry committed before.
   */
  private committedInTermsUpTo(term: number): number {
    return this.commitsByTerm.upTo(term);
  }

  /** The highest term `node` has sent (as far as its promises still hold it to). */
  sentTermOf(node: NodeId): number {
    return this.byId[node]?.sentTerm ?? 0;
  }

  /** `from` sends `message` to `to` (its view is the state the message was made from: nothing ran in between). */
  sent(from: NodeId, to: NodeId, message: unknown): void {
    const promise = this.promisesOf?.(message) ?? null;
    const held = this.byId[from];
    if (promise === null || held === undefined) return;
    held.sentTerm = Math.max(held.sentTerm, promise.term);
    if (this.standing.size > 0 && this.standing.get(from) === promise.term) this.votedForItself(from, held, promise.term);
    if (promise.voteGranted === true) {
      const granted = held.votes.get(promise.term);
      if (granted !== undefined && granted !== to) {
        const first = granted === from ? `stood in term ${promise.term}, voting for itself,` : `granted its vote in term ${promise.term} to n${granted},`;
        throw new InvariantViolation('SingleVotePerTerm', from, `n${from} ${first} then granted it to n${to}`);
      }
      held.votes.set(promise.term, to);
      this.storageTrust.voteGranted(from, promise.term, this.viewOf(from) as NodeView);
    }
    const index = promise.acknowledgedIndex;
    if (index !== undefined && index > 0) this.commitAcknowledged.acknowledgedUpTo(from, promise.term, index);
    if (index !== undefined && index > 0 && (held.acked === null || held.acked.index < index)) {
      const view = this.viewOf(from) as NodeView;
      if (index > view.lastIndex) {
        throw new InvariantViolation('AckedEntriesKept', from, `n${from} acknowledged entries up to ${index} but its log ends at ${view.lastIndex}`);
      }
      // An acknowledged entry already compacted is committed: the snapshot vouches for it.
      if (index >= view.snapshotIndex) held.acked = { kind: 'acked-entry', index, term: view.termAt(index), ackTerm: promise.term };
      ackedInTerm(held, promise.term, index);
      this.storageTrust.acknowledged(from, index, promise.term);
    }
    const installed = promise.snapshotInstalledIndex;
    if (installed !== undefined) {
      held.snapshotIndex = Math.max(held.snapshotIndex, installed);
      ackedInTerm(held, promise.term, installed);
      this.commitAcknowledged.acknowledgedUpTo(from, promise.term, installed);
    }
    this.ghost?.sent(from, to, message, held);
  }

  /**
   * `node` stands in `term` (it is a candidate or leader of it): Figure 2's candidate votes for itself, so
   * SingleVotePerTerm holds it to that vote as to one it granted, from its first message of that term on
   * (what a step sends follows its fsync: a crash inside it may lose the candidacy, which then promised
   * nothing, seed 71). A node that clears its vote within the term (a candidate stepping down to the
   * leader of its term) and grants it to a rival elects two leaders.
   */
  stood(node: NodeId, term: number): void {
    const held = this.byId[node];
    if (held !== undefined && held.votes.get(term) !== node) this.standing.set(node, term);
  }

  /** Whom `node` promised its vote in `term` (a grant it sent, or itself once its candidacy's first message went out). */
  voteOf(node: NodeId, term: number): NodeId | undefined {
    return this.byId[node]?.votes.get(term);
  }

  /** The candidacy `from` stood for in `term` is durable (it sends a message of that term): a vote for itself. */
  private votedForItself(from: NodeId, held: NodePromises, term: number): void {
    this.standing.delete(from);
    const granted = held.votes.get(term);
    if (granted !== undefined && granted !== from) {
      throw new InvariantViolation('SingleVotePerTerm', from, `n${from} granted its vote in term ${term} to n${granted}, then stood in term ${term}, voting for itself`);
    }
    held.votes.set(term, from);
  }

  /** `node` renamed or deleted a file (`what`) half-way through a change of its files (ghost-recovery.ts). */
  filesMoved(node: NodeId, what: string): void {
    const held = this.byId[node];
    if (held !== undefined) this.ghost?.filesMoved(node, held, what);
  }

  /** After a step of `node` that handled `input`. */
  afterStep(node: NodeId, view: NodeView, input: NodeInput<unknown> | null): void {
    const held = this.byId[node];
    if (held === undefined) return;
    this.commitAcknowledged.stepped(node);
    const acked = held.acked;
    if (acked !== null && !holdsEntry(view, acked)) {
      if (!legitimatelyVoided(acked, { kind: 'step', input: this.promiseOf(input) })) {
        throw new InvariantViolation(
          'AckedEntriesKept',
          node,
          `n${node} ${describeAck(acked)}, then lost it without a newer leader cutting it (${describeLog(view)})`,
        );
      }
      held.acked = null;
    }
    this.storageTrust.afterStep(node, view);
    if (view.role === 'leader' && (view.matchIndex !== undefined || view.nextIndex !== undefined)) this.checkProgress(node, view);
    if (input?.kind === 'message' && view.commitIndex > held.commitIndex) {
      const told = this.promiseOf(input);
      if (told?.leaderCommit !== undefined) this.checkFollowerCommit(node, view, input.from, told);
      if (told?.fromLeader === true && told.term === view.term && view.role === 'follower') this.commitAcknowledged.committed(node, view.term, input.from, view.commitIndex);
    }
    if (view.commitIndex > held.commitIndex) this.commitsByTerm.seen(view.term, view.commitIndex);
    held.commitIndex = view.commitIndex;
  }

  /** What the message a step handled promised (null for other inputs). Computed only when a check needs it. */
  private promiseOf(input: NodeInput<unknown> | null): MessagePromises | null {
    return input?.kind === 'message' ? (this.promisesOf?.(input.message) ?? null) : null;
  }

  private checkProgress(leader: NodeId, view: NodeView): void {
    let checked = this.progressChecked[leader];
    if (checked === undefined) this.progressChecked[leader] = checked = [];
    for (const peer of this.nodes.keys()) {
      if (peer === leader) continue;
      const match = view.matchIndex?.(peer) ?? 0;
      const next = view.nextIndex?.(peer);
      const last = checked[peer];
      if (last !== undefined && last.term === view.term && last.match === match && last.next === next) continue;
      if (last === undefined) checked[peer] = { term: view.term, match, next };
      else {
        last.term = view.term;
        last.match = match;
        last.next = next;
      }
      // 0: not a peer of this leader (a node outside its configuration).
      if (next !== undefined && next !== 0 && next <= match) {
        throw new InvariantViolation('LeaderNextIndex', leader, `n${leader} (leader of term ${view.term}) has nextIndex ${next} <= matchIndex ${match} for n${peer}`);
      }
      if (match === 0) continue;
      if (this.lostAcksUpTo.size > 0 && match <= (this.lostAcksUpTo.get(peer)?.get(view.term) ?? 0)) continue;
      const follower = this.viewOf(peer);
      // Another term: a newer leader may have rightly cut what it acknowledged to us.
      if (follower === null || follower.term !== view.term) continue;
      if (!sameEntry(follower, view, match)) {
        throw new InvariantViolation(
          'LeaderMatchIndex',
          leader,
          `n${leader} (leader of term ${view.term}) has matchIndex ${match} for n${peer}, but n${peer}'s log ${describeEntry(follower, match)} and the leader's ${describeEntry(view, match)}`,
        );
      }
    }
  }

  private checkFollowerCommit(node: NodeId, view: NodeView, leader: NodeId, told: MessagePromises): void {
    const commit = view.commitIndex;
    const leaderCommit = told.leaderCommit as number;
    const leaderView = this.viewOf(leader);
    const problem =
      commit > leaderCommit
        ? `beyond the leader's commit index ${leaderCommit}`
        : commit > view.lastIndex
          ? `beyond its own last index ${view.lastIndex}`
          : leaderView !== null && leaderView.role === 'leader' && leaderView.term === told.term && !sameEntry(view, leaderView, commit)
            ? `where its log ${describeEntry(view, commit)} but the leader's ${describeEntry(leaderView, commit)}`
            : null;
    if (problem !== null) {
      throw new InvariantViolation('FollowerCommitMatchesLeader', node, `n${node} committed up to ${commit} on n${leader}'s AppendEntries of term ${told.term}, ${problem}`);
    }
  }
}

/** `held` acknowledged up to `index` in `term`: kept for the newest term only (see NodePromises.ackTerm). */
function ackedInTerm(held: NodePromises, term: number, index: number): void {
  if (term > held.ackTerm) {
    held.ackTerm = term;
    held.ackedUpTo = index;
  } else if (term === held.ackTerm && index > held.ackedUpTo) held.ackedUpTo = index;
}

/**
 * Whether two logs agree at `index`, and so, by Log Matching, on everything
 * before it. Comparing terms is enough: that one (index, term) names one
 * entry on every node is LogMatching's own check (invariants.ts). Below either
 * side's snapshot the entry is committed there, which CommittedPrefix checks
 * against everyone else: agreement is assumed.
 */
function sameEntry(a: NodeView, b: NodeView, index: number): boolean {
  if (index > a.lastIndex || index > b.lastIndex) return false;
  if (index < a.snapshotIndex || index < b.snapshotIndex) return true;
  return a.termAt(index) === b.termAt(index);
}

function describeEntry(view: NodeView, index: number): string {
  if (index > view.lastIndex) return `ends at ${view.lastIndex}`;
  if (index < view.snapshotIndex) return `has ${index} compacted`;
  return `has term ${view.termAt(index)} at ${index}${index > view.snapshotIndex ? ` ("${view.entryDigest(index)}")` : ''}`;
}


