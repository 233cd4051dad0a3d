/**
 * LeaderVoteMajority (Figure 2, candidates: "If votes received from majority
 * of servers: become leader"), for systems that describe their vote grants
 * (`MessagePromises.voteGranted`): a node becomes leader of term T only once
 * grants of term T reached it from a majority of the voters of its
 * configuration, its own vote counted when it is one of them (section 4.2.2:
 * a server outside its configuration does not count itself).
 *
 * ElectionSafety sees a wrong tally only when a second leader of the same
 * term appears, and LeaderCompleteness only when the leader lacks a committed
 * entry; a candidate that counts replies instead of voters (a grant the
 * network duplicated counts twice), or a majority of the wrong set (of its
 * peers: one vote short with four voters), wins where no rival happens to win
 * too. This judges the win itself.
 *
 * Sound by leniency:
 * - a grant counts from its delivery on, across restarts and repeated
 *   deliveries (each voter once), so a node that really won always passes;
 * - the voters are the configuration before the step or after it, whichever
 *   gives the majority (a design may append its configuration again when it
 *   wins: the same voters);
 * - only a system known to describe grants is judged: the judge wakes at the
 *   first message of the run that says whether it grants a vote, so a system
 *   that describes other promises but not votes is never judged, and one
 *   that does reaches its first multi-voter win only through such a reply.
 *
 * Judged from the step's delivered message (its promises) and the node's view
 * (role, term, configuration) only.
 */

import type { MessagePromises, NodeId, NodeInput, NodeView, Role } from '../../harness/api.js';
import { InvariantViolation } from '../invariants.js';

export class LeaderVoteMajorityOracle {
  /** Per node: term -> the voters whose grant of that term reached the node. */
  private readonly grants = new Map<NodeId, Map<number, Set<NodeId>>>();
  /** Set once a message of the run said whether its sender grants a vote. */
  private describesVotes = false;

  constructor(
    private readonly promisesOf: (message: unknown) => MessagePromises | null,
    /** The voters of a node whose view does not name its configuration. */
    private readonly initialCluster: readonly NodeId[],
  ) {}

  /**
   * After a step of `node` that handled `input`: its role, term and voters before the step (the initial
   * cluster when its view names none), and its view after.
   */
  afterStep(node: NodeId, input: NodeInput<unknown>, roleBefore: Role, termBefore: number, votersBefore: readonly NodeId[], view: NodeView): void {
    if (input.kind === 'message') this.noteGrant(node, input.from, this.promisesOf(input.message));
    if (view.role !== 'leader' || (roleBefore === 'leader' && termBefore === view.term) || !this.describesVotes) return;
    const term = view.term;
    const tally = this.grants.get(node);
    const granted = tally?.get(term);
    // Grants of earlier terms can make no later leader: forget them.
    if (tally !== undefined) for (const old of tally.keys()) if (old < term) tally.delete(old);
    const votersAfter = view.configuration?.() ?? this.initialCluster;
    const after = countVotes(node, votersAfter, granted);
    if (after > votersAfter.length / 2) return;
    if (countVotes(node, votersBefore, granted) > votersBefore.length / 2) return;
    const who = granted === undefined || granted.size === 0 ? 'none' : [...granted].map((id) => `n${id}`).join(', ');
    throw new InvariantViolation(
      'LeaderVoteMajority',
      node,
      `n${node} became leader of term ${term} with grants of term ${term} from ${who}: ${after} of the ${votersAfter.length} voters [${votersAfter.join(', ')}]${votersAfter.includes(node) ? ', itself included' : ''}, not a majority`,
    );
  }

  private noteGrant(node: NodeId, from: NodeId, promise: MessagePromises | null): void {
    if (promise === null || promise.voteGranted === undefined) return;
    this.describesVotes = true;
    if (!promise.voteGranted) return;
    let tally = this.grants.get(node);
    if (tally === undefined) {
      tally = new Map();
      this.grants.set(node, tally);
    }
    let voters = tally.get(promise.term);
    if (voters === undefined) {
      voters = new Set();
      tally.set(promise.term, voters);
    }
    voters.add(from);
  }
}

/** The voters of `voters` that voted for `node`: itself (a candidate votes for itself) and those whose grant reached it. */
function countVotes(node: NodeId, voters: readonly NodeId[], granted: ReadonlySet<NodeId> | undefined): number {
  let count = 0;
  for (const voter of voters) if (voter === node || granted?.has(voter) === true) count++;
  return count;
}
