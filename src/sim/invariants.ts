/**
 * Raft's safety properties, checked from outside the nodes after every step,
 * against global truth kept for the whole run (as TigerBeetle's StateChecker
 * keeps one canonical commit chain):
 *
 * - ElectionSafety: at most one leader per term, over the whole run.
 * - LogMatching: two entries with the same (index, term) carry the same
 *   command and follow the same previous term (so, by induction, the logs
 *   agree up to there). Checked on each node's uncommitted tail and commits.
 * - CommittedPrefix: a committed entry never changes or vanishes; one
 *   canonical committed log, and each node's newly committed range must agree
 *   with it; a node's commit index never goes back (within one incarnation).
 * - LeaderCompleteness: a new leader of term T holds every entry that was
 *   committed before term T.
 * - StateMachineSafety: nothing is applied or snapshotted beyond the committed
 *   log, and two nodes at the same applied index have the same state digest
 *   (compared whenever a node's snapshot changes, and at the end).
 * - AcknowledgedWriteLost: a write the client got `ok` for is in the canonical
 *   committed log.
 *
 * Everything is incremental: a step costs O(entries that changed), not
 * O(log length). Entries compacted into a snapshot cannot be read, so the
 * checker remembers each node's uncommitted tail to fill in entries that a
 * node commits and compacts within one step.
 */

import type { NodeId, NodeView } from '../harness/api.js';
import type { PromiseInvariant } from './oracles/promises.js';
import { TailMemory } from './tail-memory.js';

export type InvariantName =
  | 'ElectionSafety'
  | 'LogMatching'
  | 'CommittedPrefix'
  | 'LeaderCompleteness'
  | 'StateMachineSafety'
  | 'AcknowledgedWriteLost'
  /** Checked by the simulation on each reply: the answer's shape fits the operation. */
  | 'MalformedReply'
  /** What a node's messages promised (src/sim/oracles/promises.ts). */
  | PromiseInvariant
  /** A commit no election can undo (src/sim/oracles/commit-safety.ts). */
  | 'CommitSurvivesElection'
  /** A timer tick never raises the term of a node that runs PreVote (src/sim/oracles/prevote-term.ts). */
  | 'PreVoteKeepsTerm'
  /** A pre-candidate stands for a term only on a majority's pre-vote grants for that term (src/sim/oracles/prevote-majority.ts). */
  | 'PreVoteMajority'
  /** A voter grants no pre-vote within the minimum election timeout of hearing from the leader of its term (src/sim/oracles/prevote-grant.ts). */
  | 'PreVoteRespectsLeader'
  /** A node stands only an election timeout after the leader's last message (src/sim/oracles/election-timer.ts). */
  | 'ElectionTimerReset'
  /** A leader takes no proposal while it transfers leadership (src/sim/oracles/transfer-proposals.ts). */
  | 'TransferRefusesProposals'
  /** A leadership-transfer election stands only on the handover of the leader of the term it leaves (src/sim/oracles/transfer-election.ts). */
  | 'TransferStandsOnHandover'
  /** A get is answered only in a term a majority had not left before it first reached a node (src/sim/oracles/read-confirmation.ts). */
  | 'ReadConfirmedInTerm'
  /** Without a clock, a get is answered only after a majority was heard from since it first arrived (src/sim/oracles/read-after-arrival.ts). */
  | 'ReadConfirmedAfterArrival'
  /** A leader commits only what a majority of its configuration's voters holds by its matchIndex (src/sim/oracles/commit-quorum.ts). */
  | 'CommitByVoterQuorum'
  /** A leader appends a configuration change only once the previous one and an entry of its term are committed (src/sim/oracles/config-one-at-a-time.ts). */
  | 'ConfigChangeOneAtATime'
  /** A node uses the latest configuration in its log (src/sim/oracles/configuration-log.ts). */
  | 'ConfigurationFollowsLog'
  /** An operator's add-node or remove-node is answered ok only once that configuration is committed (src/sim/oracles/admin-ok.ts). */
  | 'AdminOkCommitted'
  /** A leader whose removal is committed leads no more (src/sim/oracles/removed-leader.ts). */
  | 'RemovedLeaderStepsDown'
  /** A leader sends every voter of its configuration something before its election timer may run out (src/sim/oracles/leader-heartbeat.ts). */
  | 'LeaderHeartbeat'
  /** A follower the leader reaches keeps moving towards the leader's commit index (src/sim/oracles/follower-catch-up.ts). */
  | 'FollowerCatchesUp'
  /** A voter grants a RequestVote whenever Raft requires it to (src/sim/oracles/vote-grant.ts). */
  | 'VoteGrantedWhenDue'
  /** A node becomes leader only on the grants of a majority of its voters (src/sim/oracles/leader-vote-majority.ts). */
  | 'LeaderVoteMajority';

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  constructor(
    readonly invariant: InvariantName,
    readonly node: NodeId | null,
    message: string,
  ) {
    super(message);
  }
}

interface CanonicalEntry {
  /** Null while only known to be committed (compacted before the checker could read it). */
  digest: string | null;
  /** 0 while unknown. */
  term: number;
  /** The observing node's term when the entry was first seen committed (>= the term it was committed in). */
  seenInTerm: number;
}

interface NodeTracking {
  commitChecked: number;
  /** Entries of the node's uncommitted tail already checked, by index. */
  tail: TailMemory;
  tailChecked: number;
  leaderCheckedTerm: number;
  snapshotIndex: number;
}

/** The (client, seq) identity a digest carries, if it follows the "c<client>#<seq> ..." convention. */
export function commandKey(digest: string): string | null {
  // Read by hand rather than by a regular expression: this runs for every committed entry.
  if (digest.charCodeAt(0) !== C) return null;
  const clientEnd = digitsEnd(digest, 1);
  if (clientEnd === 1 || digest.charCodeAt(clientEnd) !== HASH) return null;
  const seqEnd = digitsEnd(digest, clientEnd + 1);
  return seqEnd === clientEnd + 1 ? null : digest.slice(1, seqEnd);
}

const C = 'c'.charCodeAt(0);
const HASH = '#'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);
const NINE = '9'.charCodeAt(0);

/** The index after the run of decimal digits starting at `from` (`from` itself when there is none). */
function digitsEnd(text: string, from: number): number {
  let at = from;
  for (let code = text.charCodeAt(at); code >= ZERO && code <= NINE; code = text.charCodeAt(at)) at++;
  return at;
}

export class InvariantChecker {
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** canonical[i - 1] is committed entry i. */
  private readonly canonical: CanonicalEntry[] = [];
  private unknownCanonical = 0;
  /** Every entry seen, by index then term (an index holds few terms: a short list is cheaper than a key string per entry). */
  private readonly entries: { term: number; digest: string; previousTerm: number }[][] = [];
  private readonly stateAtApplied = new Map<number, { digest: string; node: NodeId }>();
  private readonly committedKeys = new Set<string>();
  private readonly pendingAcks = new Map<string, NodeId | null>();
  /** By node id (small integers): looked up on every step, where an array slot is cheaper than a Map. */
  private readonly nodes: NodeTracking[] = [];
  /** Number of state digests compared (for statistics). */
  stateComparisons = 0;

  get committedLength(): number {
    return this.canonical.length;
  }

  /** A node (re)started: its volatile state starts over. */
  nodeStarted(node: NodeId): void {
    this.nodes[node] = { commitChecked: 0, tail: new TailMemory(), tailChecked: 0, leaderCheckedTerm: -1, snapshotIndex: -1 };
  }

  /** Checks one node's view after a step it took. Throws InvariantViolation. */
  afterStep(node: NodeId, view: NodeView): void {
    const tracking = this.nodes[node];
    if (tracking === undefined) throw new Error(`invariants: node n${node} was never started`);
    this.checkElection(node, view);
    this.checkTail(node, view, tracking);
    this.checkCommitted(node, view, tracking);
    this.checkApplied(node, view, tracking);
    if (view.role === 'leader' && tracking.leaderCheckedTerm !== view.term) {
      tracking.leaderCheckedTerm = view.term;
      this.checkLeaderCompleteness(node, view);
    }
  }

  /** A client received `ok` for a write with identity (client, seq). */
  acknowledged(client: number, seq: number, node: NodeId | null): void {
    const key = `${client}#${seq}`;
    if (this.committedKeys.has(key)) return;
    // Not (yet) readable: an entry compacted before we saw it may hold it.
    if (this.unknownCanonical > 0 || this.committedKeys.size === 0) {
      this.pendingAcks.set(key, node);
      return;
    }
    this.ackLost(key, node);
  }

  /** End of run: every live node pair at equal applied index must agree; unresolved acks are decided if possible. */
  finish(views: ReadonlyMap<NodeId, NodeView>): { undecidedAcks: number } {
    for (const [node, view] of views) this.compareState(node, view);
    if (this.unknownCanonical === 0 && this.committedKeys.size > 0) {
      for (const [key, node] of this.pendingAcks) this.ackLost(key, node);
    }
    return { undecidedAcks: this.pendingAcks.size };
  }

  private ackLost(key: string, node: NodeId | null): never {
    const [client, seq] = key.split('#');
    throw new InvariantViolation(
      'AcknowledgedWriteLost',
      node,
      `client c${client} got ok for seq ${seq} but no committed entry carries it (committed log has ${this.canonical.length} entries)`,
    );
  }

  private checkElection(node: NodeId, view: NodeView): void {
    if (view.role !== 'leader') return;
    const leader = this.leaderOfTerm.get(view.term);
    if (leader === undefined) this.leaderOfTerm.set(view.term, node);
    else if (leader !== node) {
      throw new InvariantViolation('ElectionSafety', node, `n${node} and n${leader} are both leaders of term ${view.term}`);
    }
  }

  /** LogMatching on the uncommitted tail, starting after the last entry already checked if it is unchanged. */
  private checkTail(node: NodeId, view: NodeView, tracking: NodeTracking): void {
    const base = Math.max(view.commitIndex, view.snapshotIndex);
    const last = view.lastIndex;
    let start = base + 1;
    const checked = tracking.tailChecked;
    if (checked > base && checked <= last) {
      const knownDigest = tracking.tail.digest(checked);
      if (knownDigest !== undefined && view.termAt(checked) === tracking.tail.term(checked) && view.entryDigest(checked) === knownDigest) start = checked + 1;
    }
    // Forget remembered entries the log no longer has (truncated or rewritten from `start` on).
    tracking.tail.forgetFrom(start);
    let previousTerm = view.termAt(start - 1);
    for (let index = start; index <= last; index++) {
      const term = view.termAt(index);
      const digest = view.entryDigest(index);
      this.checkEntry(node, index, term, digest, previousTerm);
      tracking.tail.set(index, term, digest);
      previousTerm = term;
    }
    tracking.tailChecked = last > base ? last : 0;
  }

  private checkEntry(node: NodeId, index: number, term: number, digest: string, previousTerm: number): void {
    const seenAtIndex = this.entries[index];
    let seen: { digest: string; previousTerm: number } | undefined;
    if (seenAtIndex !== undefined) for (const candidate of seenAtIndex) if (candidate.term === term) seen = candidate;
    if (seen === undefined) {
      if (seenAtIndex === undefined) this.entries[index] = [{ term, digest, previousTerm }];
      else seenAtIndex.push({ term, digest, previousTerm });
      return;
    }
    if (seen.digest !== digest) {
      throw new InvariantViolation('LogMatching', node, `entry ${index} of term ${term} is "${digest}" at n${node} but "${seen.digest}" elsewhere`);
    }
    if (seen.previousTerm !== previousTerm) {
      throw new InvariantViolation(
        'LogMatching',
        node,
        `entry ${index} of term ${term} follows term ${previousTerm} at n${node} but term ${seen.previousTerm} elsewhere`,
      );
    }
  }

  private checkCommitted(node: NodeId, view: NodeView, tracking: NodeTracking): void {
    const commit = view.commitIndex;
    if (commit < tracking.commitChecked) {
      throw new InvariantViolation('CommittedPrefix', node, `n${node}'s commit index went back from ${tracking.commitChecked} to ${commit}`);
    }
    if (commit > view.lastIndex) {
      throw new InvariantViolation('CommittedPrefix', node, `n${node} commits ${commit} beyond its last index ${view.lastIndex}`);
    }
    if (commit === tracking.commitChecked) return;
    const snapshot = view.snapshotIndex;
    // Entries compacted before we could read them: use what we saw in the node's tail, if its log is unchanged there.
    const compactedEnd = Math.min(snapshot, commit);
    const tailStillValid = compactedEnd > 0 && tracking.tail.term(compactedEnd) === view.termAt(compactedEnd);
    for (let index = tracking.commitChecked + 1; index <= compactedEnd; index++) {
      const rememberedDigest = tailStillValid ? tracking.tail.digest(index) : undefined;
      const term = index === compactedEnd ? view.termAt(index) : rememberedDigest === undefined ? 0 : (tracking.tail.term(index) as number);
      this.commit(node, index, term, rememberedDigest ?? null, view.term);
    }
    let previousTerm = view.termAt(Math.max(compactedEnd, tracking.commitChecked));
    for (let index = Math.max(compactedEnd, tracking.commitChecked) + 1; index <= commit; index++) {
      const term = view.termAt(index);
      const digest = view.entryDigest(index);
      this.checkEntry(node, index, term, digest, previousTerm);
      this.commit(node, index, term, digest, view.term);
      previousTerm = term;
    }
    tracking.tail.forgetUpTo(commit);
    tracking.commitChecked = commit;
  }

  /** Records or compares committed entry `index` (term 0 / digest null: unknown). */
  private commit(node: NodeId, index: number, term: number, digest: string | null, observerTerm: number): void {
    const existing = this.canonical[index - 1];
    if (existing === undefined) {
      while (this.canonical.length < index - 1) {
        this.canonical.push({ digest: null, term: 0, seenInTerm: observerTerm });
        this.unknownCanonical++;
      }
      this.canonical.push({ digest, term, seenInTerm: observerTerm });
      if (digest === null) this.unknownCanonical++;
      else this.learnKey(digest);
      return;
    }
    if (term !== 0 && existing.term !== 0 && term !== existing.term) {
      throw new InvariantViolation('CommittedPrefix', node, `committed entry ${index} had term ${existing.term}, n${node} now commits term ${term} there`);
    }
    if (digest !== null && existing.digest !== null && digest !== existing.digest) {
      throw new InvariantViolation('CommittedPrefix', node, `committed entry ${index} was "${existing.digest}", n${node} now commits "${digest}" there`);
    }
    if (existing.term === 0) existing.term = term;
    if (existing.digest === null && digest !== null) {
      existing.digest = digest;
      this.unknownCanonical--;
      this.learnKey(digest);
    }
  }

  private learnKey(digest: string): void {
    const key = commandKey(digest);
    if (key === null) return;
    this.committedKeys.add(key);
    this.pendingAcks.delete(key);
    if (this.unknownCanonical === 0 && this.pendingAcks.size > 0) {
      const [first] = this.pendingAcks;
      if (first !== undefined) this.ackLost(first[0], first[1]);
    }
  }

  private checkApplied(node: NodeId, view: NodeView, tracking: NodeTracking): void {
    if (view.appliedIndex > this.canonical.length || view.appliedIndex > view.commitIndex) {
      throw new InvariantViolation(
        'StateMachineSafety',
        node,
        `n${node} applied up to ${view.appliedIndex} but its commit index is ${view.commitIndex} and the committed log has ${this.canonical.length} entries`,
      );
    }
    if (view.snapshotIndex > view.appliedIndex) {
      throw new InvariantViolation('StateMachineSafety', node, `n${node}'s snapshot covers ${view.snapshotIndex} but it applied only ${view.appliedIndex}`);
    }
    if (view.snapshotIndex !== tracking.snapshotIndex) {
      tracking.snapshotIndex = view.snapshotIndex;
      this.compareState(node, view);
    }
  }

  private compareState(node: NodeId, view: NodeView): void {
    this.stateComparisons++;
    const digest = view.stateDigest();
    const seen = this.stateAtApplied.get(view.appliedIndex);
    if (seen === undefined) this.stateAtApplied.set(view.appliedIndex, { digest, node });
    else if (seen.digest !== digest) {
      throw new InvariantViolation(
        'StateMachineSafety',
        node,
        `at applied index ${view.appliedIndex} n${node}'s state is ${digest} but n${seen.node}'s was ${seen.digest}`,
      );
    }
  }

  /** The new leader of term T must hold every entry committed before term T. */
  private checkLeaderCompleteness(node: NodeId, view: NodeView): void {
    for (let index = Math.max(1, view.snapshotIndex); index <= this.canonical.length; index++) {
      const entry = this.canonical[index - 1] as CanonicalEntry;
      if (entry.seenInTerm >= view.term) continue; // possibly committed in this term or later: no claim
      if (index > view.lastIndex) {
        throw new InvariantViolation('LeaderCompleteness', node, `n${node} leads term ${view.term} without committed entry ${index} (its log ends at ${view.lastIndex})`);
      }
      const term = view.termAt(index);
      const digest = index > view.snapshotIndex ? view.entryDigest(index) : null;
      if ((entry.term !== 0 && term !== entry.term) || (digest !== null && entry.digest !== null && digest !== entry.digest)) {
        throw new InvariantViolation(
          'LeaderCompleteness',
          node,
          `n${node} leads term ${view.term} with entry ${index} = "${digest ?? '(compacted)'}" (term ${term}) instead of committed "${entry.digest}" (term ${entry.term})`,
        );
      }
    }
  }
}
