/**
 * PreVoteMajority (dissertation section 9.6), for systems that implement
 * PreVote, run with it on, and describe their messages: a pre-candidate
 * starts the election of term T only once a majority of its voters (itself
 * included) granted it a pre-vote for T. A grant answers one proposed term;
 * one given for an earlier term (a reply that arrives late, after the node's
 * term moved on and it asked again) predicts nothing about this election, and
 * a node that counts it stands, raises the term and deposes a healthy leader
 * on the word of voters that would now refuse: the disruption PreVote exists
 * to prevent.
 *
 * The simulator counts, per node and proposed term, the distinct voters whose
 * grant (`MessagePromises.preVoteGranted` with `preVoteTerm`) reached it, and
 * judges the step that handled a pre-vote reply (`preVoteTerm`, granted or
 * not) after which the node stands: its term rose and it is a candidate (or
 * already leader). The timer's own candidacies are PreVoteKeepsTerm's
 * (prevote-term.ts), a leader's hand-over (TimeoutNow) is no pre-vote reply,
 * so neither is judged here.
 *
 * Sound by leniency: a grant counts from its delivery on, across restarts and
 * repeated rounds of the same proposed term (a correct node may keep the late
 * grant of an earlier round of the same term: it answered the same question),
 * and the voters are the node's configuration after the step. Only grants of
 * another term, or fewer than a majority, fail it.
 *
 * The same step is also held to the election timer (ElectionTimerReset, as
 * election-timer.ts counts it): a pre-vote starts only a minimum election
 * timeout after the leader's last message, and a pre-candidate that hears
 * from the leader of its term since it asked stops asking. So the step that
 * makes it stand comes at least that many ticks after the leader's last
 * message; a pre-candidate that goes on gathering grants after a heartbeat
 * stands against a leader it knows is alive.
 */

import type { MessagePromises, NodeId, NodeInput, NodeView } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export class PreVoteMajorityOracle {
  /** Per node: proposed term -> the voters whose pre-vote grant for it reached the node. */
  private readonly grants = new Map<NodeId, Map<number, Set<NodeId>>>();

  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    /** The voters of a node whose view does not name its configuration. */
    private readonly initialCluster: readonly NodeId[],
    /** Ticks the node got since it last heard from the leader of its term (ElectionTimerOracle). */
    private readonly ticksSinceLeader: (node: NodeId) => number,
    private readonly minTicks: number,
  ) {}

  /** After a step of `node` that handled `input`, with its term before the step and its view after. */
  afterStep(node: NodeId, input: NodeInput<unknown>, termBefore: number, view: NodeView): void {
    if (input.kind !== 'message') return;
    const promise = this.promisesOf(input.message);
    const proposed = promise?.preVoteTerm;
    if (proposed === undefined) return;
    const byTerm = this.tallyOf(node);
    if (promise?.preVoteGranted === true) {
      const voters = byTerm.get(proposed) ?? new Set<NodeId>();
      voters.add(input.from);
      byTerm.set(proposed, voters);
    }
    const term = view.term;
    if (term <= termBefore || view.role === 'follower') return;
    const granted = byTerm.get(term);
    // Grants of this term and below can start no later election: forget them.
    for (const old of byTerm.keys()) if (old <= term) byTerm.delete(old);
    const ticks = this.ticksSinceLeader(node);
    if (ticks < this.minTicks) {
      throw new InvariantViolation(
        'ElectionTimerReset',
        node,
        `n${node} stood for term ${term} on a pre-vote reply only ${ticks} ticks after it last heard from the leader of its term: a pre-candidate that hears from its leader stops asking, and a pre-vote starts only ${this.minTicks} ticks after the leader's last message`,
      );
    }
    const voters = view.configuration?.() ?? this.initialCluster;
    let count = 0;
    for (const voter of voters) if (voter === node || granted?.has(voter) === true) count++;
    if (count > voters.length / 2) return;
    const who = granted === undefined || granted.size === 0 ? 'none' : [...granted].map((id) => `n${id}`).join(', ');
    throw new InvariantViolation(
      'PreVoteMajority',
      node,
      `n${node} stood for term ${term} on a pre-vote reply (for term ${proposed}) with pre-vote grants for term ${term} from ${who}: ${count} of the ${voters.length} voters [${voters.join(', ')}], itself included, not a majority; a grant counts only for the term it was given for`,
    );
  }

  private tallyOf(node: NodeId): Map<number, Set<NodeId>> {
    let tally = this.grants.get(node);
    if (tally === undefined) {
      tally = new Map();
      this.grants.set(node, tally);
    }
    return tally;
  }
}
