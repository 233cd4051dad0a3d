/**
 * VoteGrantedWhenDue (Figure 2, RequestVote receiver: "If votedFor is null or
 * candidateId, and candidate's log is at least as up-to-date as receiver's
 * log, grant vote"), for systems whose RequestVote promises carry the
 * candidate's log (`MessagePromises.candidateLastLogIndex`): a voter that
 * answers a RequestVote with a refusal although Raft owes the candidate its
 * vote. Such a node starves elections one vote at a time, which the
 * availability oracle sees only when a whole calm window goes by without a
 * leader (a node repaired after a damaged disk that never votes again, a
 * wrong up-to-date check, a stale stickiness timer).
 *
 * Judged only when every condition for a grant provably holds, so that a
 * refusal is wrong whatever the system's legal choices:
 * - the request's term is at least the voter's term when it arrives, and
 *   the voter answers in that very term (Figure 2: "reply false if term <
 *   currentTerm");
 * - the voter has voted for no other candidate in that term: the votes its
 *   messages promised (PromiseOracle.voteOf: grants sent, candidacies that
 *   sent a message), any term its view showed it candidate or leader in,
 *   and, after a restart, the term it restarted in (a vote persisted by a
 *   step that crashed before its reply went out is one we never saw);
 * - the candidate's last log term and index are at least the voter's
 *   (section 5.4.1), read from the voter's view;
 * - the voter and the candidate are both voters of the voter's configuration
 *   (section 4.2.1: a server that is not one need not vote; section 4.1 has a
 *   voter grant a candidate outside its configuration, but hashicorp/raft
 *   refuses such candidates so that removed servers cannot disrupt, a design
 *   choice, not a bug: only a grant every design owes is judged);
 * - it did not restart on a disk a storage fault struck, or it has since
 *   shown that it votes again (proven-voters.ts): a damaged node must not
 *   vote until a leader repairs it (storage/repair.ts, the StorageTrust
 *   oracle), and one that lost every copy of its term never votes again
 *   (storage/recovery.ts, "term-unknown"); from outside the simulator can
 *   tell neither the end of a repair (the node learns it from the leader, a
 *   round trip after it holds the commit target, seed 2049) nor the two
 *   apart (seed 765: one struck WAL, no hard-state slot yet, term unknown);
 * - leader stickiness (section 4.2.3, src/raft/leader-stickiness.ts) cannot
 *   apply: the voter does not lead, and got more than a maximum election
 *   timeout of tick inputs (one per input, so never more than the node
 *   counts; the dissertation's stickiness lasts a minimum timeout and etcd's
 *   its base timeout, but hashicorp/raft keeps its known leader until its own
 *   randomized timer fires, which can be up to the maximum, and refusing then
 *   costs availability only briefly: no correct design is judged) since it started and since a message from a leader of its term
 *   or a newer one reached it (`fromLeader`: AppendEntries, InstallSnapshot,
 *   the heartbeats section 4.2.3 counts; a TimeoutNow comes only after the
 *   same leader's appends caught the target up, and makes it stand). A leadership-transfer request (section
 *   3.10) goes through stickiness and is judged however recent the leader.
 *
 * An ignored request (no reply) is not judged: only a refusal sent back.
 */

import type { MessagePromises, NodeId, NodeInput, NodeTuning, NodeView, Role } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

/**
 * Tick inputs past which no design's leader stickiness still applies: the
 * longest election timeout a node may draw (see the header: a node keeps its
 * known leader at most until its own timer fires).
 */
export function stickinessBoundTicks(tuning: NodeTuning): number {
  return tuning.electionTimeoutMaxTicks;
}

/** A RequestVote the voter's last step handled, to which it owed a grant. */
interface DueGrant {
  readonly candidate: NodeId;
  readonly term: number;
  readonly why: string;
}

export class VoteGrantOracle {
  // All by node id (small integers): touched on every step, where an array slot is cheaper than a Map.
  /** Tick inputs since the node started or a message from a leader of its term or a newer one reached it. */
  private readonly ticksSinceLeader: number[] = [];
  /** The latest term in which the node was candidate or leader (it voted for itself). */
  private readonly stoodTerm: number[] = [];
  /** The term the node's current incarnation started in: its vote there may be one we never saw sent. */
  private readonly restartTerm: number[] = [];
  private readonly due: (DueGrant | null)[] = [];

  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    private readonly maxTicks: number,
    /** Whether `node` restarted on a struck disk and has not shown since that it votes (ProvenVoters.counts is its negation). */
    private readonly mayAbstain: (node: NodeId) => boolean,
    /** Whom `node`'s messages promised its vote in `term` (PromiseOracle.voteOf). */
    private readonly voteOf: (node: NodeId, term: number) => NodeId | undefined,
  ) {}

  started(node: NodeId, view: NodeView): void {
    this.ticksSinceLeader[node] = 0;
    this.restartTerm[node] = view.term;
    this.due[node] = null;
  }

  /** After a step of `node` that handled `input` (before its effects), with its role and term before and its configuration. */
  afterStep(node: NodeId, input: NodeInput<unknown>, roleBefore: Role, termBefore: number, view: NodeView, voters: readonly NodeId[]): void {
    this.due[node] = null;
    if (view.role !== 'follower') this.stoodTerm[node] = view.term;
    if (input.kind === 'tick') {
      this.ticksSinceLeader[node] = (this.ticksSinceLeader[node] ?? 0) + 1;
      return;
    }
    if (input.kind !== 'message') return;
    const promise = this.promisesOf(input.message);
    if (promise === null) return;
    if (promise.fromLeader === true && promise.term >= termBefore) {
      this.ticksSinceLeader[node] = 0;
      return;
    }
    const lastLogIndex = promise.candidateLastLogIndex;
    const lastLogTerm = promise.candidateLastLogTerm;
    if (lastLogIndex === undefined || lastLogTerm === undefined) return;
    const term = promise.term;
    const candidate = input.from;
    if (term < termBefore || view.term !== term) return;
    const vote = this.voteOf(node, term);
    if (vote !== undefined && vote !== candidate) return;
    if (this.stoodTerm[node] === term || this.restartTerm[node] === term) return;
    const ownLastTerm = view.termAt(view.lastIndex);
    if (lastLogTerm < ownLastTerm || (lastLogTerm === ownLastTerm && lastLogIndex < view.lastIndex)) return;
    if (!voters.includes(node) || !voters.includes(candidate) || this.mayAbstain(node)) return;
    const ticks = this.ticksSinceLeader[node] ?? 0;
    const transfer = promise.leadershipTransfer === true;
    if (!transfer && (roleBefore === 'leader' || ticks <= this.maxTicks)) return;
    const stickiness = transfer ? 'it is a leadership-transfer election, which stickiness lets through' : `no leader of its term or a newer one reached it for ${ticks} of its ticks (stickiness lasts at most a maximum election timeout, ${this.maxTicks})`;
    const why = `the candidate's log (last entry ${lastLogIndex}@term ${lastLogTerm}) is at least as up to date as its own (${view.lastIndex}@term ${ownLastTerm}), it voted for no one else in term ${term}, it and the candidate are voters of its configuration, it is not a damaged node that has yet to show it votes again, and ${stickiness}`;
    this.due[node] = { candidate, term, why };
  }

  /** `from` sent `to` a message (the effects of its last step, after afterStep). */
  sent(from: NodeId, to: NodeId, message: unknown): void {
    const due = this.due[from];
    if (due === null || due === undefined || due.candidate !== to || this.promisesOf(message)?.voteGranted !== false) return;
    throw new InvariantViolation('VoteGrantedWhenDue', from, `n${from} refused n${to} its vote in term ${due.term}, which Raft requires it to grant: ${due.why}`);
  }
}
