/**
 * The simulator's side of membership changes: turns the plan's add-node and
 * remove-node events into operator requests (admin-client.ts), starts a new
 * node's host before asking for it, and stops a removed node once the
 * configuration without it is committed (its 'ok'). Tracks the membership
 * the operator has seen committed, for coverage marks and totals; what the
 * oracles judge quorums by is each node's own configuration (NodeView).
 */

import type { AdminRequest, NodeId } from '../harness/api.js';
import { declareMarks, mark } from '../util/marks.js';
import { AdminClient, describeRequest, type AdminEnvironment, type AdminTiming } from './admin-client.js';
import { NEXT_WINNER_WAIT_MS } from './leader-faults.js';
import type { ReconfigEvent } from './reconfig-plan.js';
import { WaitingFault } from './waiting-fault.js';

declareMarks({
  'sim.node-added': 'a node started empty, caught up and was added to the configuration (its add-node answered ok)',
  'sim.leader-removed': 'a node that was leader when its removal was asked for was removed (and stopped)',
  'sim.grew-to-five-and-shrank-back': 'a run that started with 3 nodes grew to 5 members and shrank back to 3',
  'sim.reconfig-skipped': 'a planned removal found no such member (or no leader): skipped',
});

/** What the membership driver needs of the simulation. */
export interface MembershipWorld {
  /** Create and start the host of a new node. */
  startNode(node: NodeId): void;
  /** Stop a removed node for good. */
  retireNode(node: NodeId): void;
  /** The node the simulator sees leading (highest term), if any. */
  leader(): NodeId | null;
  isLeader(node: NodeId): boolean;
  trace(detail: () => string): void;
  /**
   * Whether the nodes whose disk a storage fault struck would still be a
   * minority of `voters` (storage-faults.ts, the fault budget).
   */
  keepsStorageBudget(voters: readonly NodeId[]): boolean;
}

export interface ReconfigCounts {
  asked: number;
  added: number;
  removed: number;
}

export class ClusterMembership {
  readonly operator: AdminClient;
  /** Members as the operator has seen them committed. */
  private readonly members: Set<NodeId>;
  private readonly initial: readonly NodeId[];
  private readonly initialSize: number;
  private largest: number;
  /** Removals asked for and not finished. */
  private readonly removing = new Set<NodeId>();
  /** Removals asked for while the node led. */
  private readonly removingLeader = new Set<NodeId>();
  readonly counts: ReconfigCounts = { asked: 0, added: 0, removed: 0 };
  /** A removal of the leader that found none, waiting for the next election winner (as the leader faults wait). */
  private readonly leaderRemoval = new WaitingFault<true>(NEXT_WINNER_WAIT_MS);

  constructor(
    initial: readonly NodeId[],
    timing: AdminTiming,
    environment: Omit<AdminEnvironment, 'finished'>,
    private readonly world: MembershipWorld,
  ) {
    this.initial = initial;
    this.members = new Set(initial);
    this.initialSize = initial.length;
    this.largest = initial.length;
    this.operator = new AdminClient(initial, timing, { ...environment, finished: (request) => this.finished(request) });
  }

  onPlanEvent(now: number, event: ReconfigEvent): void {
    if (event.kind === 'add-node') {
      this.world.startNode(event.node);
      this.operator.learn(event.node);
      this.ask(now, { kind: 'add-node', node: event.node });
      return;
    }
    const node = event.node === null ? this.world.leader() : this.members.has(event.node) ? event.node : this.standIn(event.node);
    if (event.node === null && node === null && !this.leaderRemoval.waiting(now)) {
      // An operator retries until some node leads (as for a transfer): the next winner is the one removed.
      this.leaderRemoval.arm(true, now);
      this.world.trace(() => 'remove the leader: no node leads, waits for the next winner');
      return;
    }
    const problem =
      node === null
        ? 'no leader'
        : !this.members.has(node)
          ? `n${node} is not a member`
          : this.lastInitial(node)
            ? `n${node} is the last initial node`
            : !this.keepsBudgetWithout(node)
              ? `without n${node} the nodes a storage fault struck would be no minority`
              : null;
    if (node === null || problem !== null) {
      mark('sim.reconfig-skipped');
      this.world.trace(() => `remove ${event.node === null ? 'the leader' : `n${event.node}`}: skipped (${problem})`);
      return;
    }
    if (this.world.isLeader(node)) this.removingLeader.add(node);
    this.removing.add(node);
    this.ask(now, { kind: 'remove-node', node });
  }

  /**
   * A planned removal whose node is already gone (a removal of the leader took
   * it first) removes another member instead, as an operator shrinking the
   * cluster would: the newest removable follower. Without this a removal of
   * the leader that waited for the next winner used up a planned one, and runs
   * stopped shrinking back (sim.grew-to-five-and-shrank-back: in none of seeds
   * 1..600, against one before the wait and three with stand-ins).
   * When no member qualifies it names the gone node, and the removal is skipped as before.
   */
  private standIn(gone: NodeId): NodeId {
    const candidates = [...this.members].filter((id) => !this.removing.has(id) && !this.world.isLeader(id) && !this.lastInitial(id) && this.keepsBudgetWithout(id));
    return candidates.length === 0 ? gone : Math.max(...candidates);
  }

  /** A node won an election: whether a removal of the leader waited for it (in time); it waits no more either way. */
  takeLeaderRemoval(now: number): boolean {
    return this.leaderRemoval.take(now) !== null;
  }

  /**
   * Clients start knowing only the initial nodes and learn others from
   * redirects, so one initial node always stays (as a deployment keeps the
   * address its clients are configured with).
   */
  private lastInitial(node: NodeId): boolean {
    if (!this.initial.includes(node)) return false;
    return this.initial.filter((id) => this.members.has(id) && !this.removing.has(id)).length === 1;
  }

  /**
   * Whether removing `node` keeps the storage fault budget whichever of the removals still pending
   * complete: one may be rejected and never happen (seed 8206: remove n2, struck, was pending when
   * remove n3 was checked against {n1}; n2's removal was rejected and the cluster ended at {n1,n2},
   * half of it struck, where no leader can ever be elected to repair n2).
   */
  private keepsBudgetWithout(node: NodeId): boolean {
    return this.reachableVoterSets(node).every((voters) => this.world.keepsStorageBudget(voters));
  }

  /**
   * Every configuration the operator's requests can still leave the cluster
   * in: the committed members with `removed` and any subset of the pending
   * removals gone, since each may complete or be rejected, in any order. A
   * strike and a removal must keep the fault budget in all of them, not only
   * where every request completes (seed 7676: n3 struck while the removals of
   * n2 and n3 were both pending, checked against {n1}; only n2's completed,
   * leaving n3 half of {n1,n3}). Pending additions need no subsets: a node
   * added empty is never in the damaged set, and one more intact voter never
   * breaks the budget (the majority grows by at most one).
   */
  reachableVoterSets(removed: NodeId | null = null): NodeId[][] {
    const pending = [...this.removing].filter((id) => id !== removed);
    const sets: NodeId[][] = [];
    for (let subset = 0; subset < 1 << pending.length; subset++) {
      const done = new Set(pending.filter((_, k) => (subset >> k) & 1));
      sets.push([...this.members].filter((id) => id !== removed && !done.has(id)));
    }
    return sets;
  }

  private ask(now: number, request: AdminRequest): void {
    this.counts.asked++;
    this.world.trace(() => `operator asks: ${describeRequest(request)}`);
    this.operator.submit(now, request);
  }

  private finished(request: AdminRequest): void {
    if (request.kind === 'remove-node') this.removing.delete(request.node);
    if (request.kind === 'add-node') {
      if (!this.members.has(request.node)) this.counts.added++;
      this.members.add(request.node);
      mark('sim.node-added');
    } else if (request.kind === 'remove-node' && this.members.delete(request.node)) {
      this.counts.removed++;
      if (this.removingLeader.has(request.node)) mark('sim.leader-removed');
      this.world.retireNode(request.node);
    }
    this.largest = Math.max(this.largest, this.members.size);
    if (this.initialSize === 3 && this.largest >= 5 && this.members.size === 3) mark('sim.grew-to-five-and-shrank-back');
  }
}
