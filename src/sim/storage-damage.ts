/**
 * Which disks storage faults struck, which nodes recover from one, and the
 * fault budget that keeps the struck nodes a minority of every configuration.
 */

import type { NodeId } from '../harness/api.js';
import { majorityOf } from './oracles/calm-majority.js';
import type { Simulation } from './simulation.js';

export class StorageDamage {
  /** Nodes whose disk a storage fault struck since they last started: their restart may lose promises (promise-voiding.ts). */
  readonly struckSinceStart = new Set<NodeId>();
  /**
   * Every node a storage fault struck in this run: the seed's damaged set as it
   * came to be. The fault budget (storage-faults.ts) keeps it a minority of the
   * cluster, but the plan draws it against the initial cluster, and a
   * membership change can shrink a configuration under it: {n1,n2,n3} with n1
   * struck, then n2 removed, leaves n1 half of {n1,n3}. A node that lost data
   * must not vote or campaign until a leader repairs it, and with the intact
   * nodes no majority no leader can be elected: no protocol could both stay
   * safe and elect one there (the lost acknowledgements may be the only ones).
   * So the simulator keeps the budget for every configuration: it skips a
   * strike, or a planned removal, that would break it (keepsBudget).
   */
  readonly everStruck = new Set<NodeId>();
  /**
   * Nodes restarted from a struck disk, with the highest commit index any node held then. Until they
   * hold it again they may not trust their storage (issue 14: no vote, no campaign), so the
   * availability oracle does not count them as calm: a majority that needs one of them to elect a
   * leader may have to wait for a healed peer, which is the storage fault's doing.
   */
  readonly recovering = new Map<NodeId, number>();

  constructor(private readonly sim: Simulation) {}

  /** The struck nodes (`struck`) leave a majority of `voters` intact (an empty configuration constrains nothing). */
  keepsBudget(voters: readonly NodeId[], struck: ReadonlySet<NodeId> = this.everStruck): boolean {
    if (voters.length === 0) return true;
    const intact = voters.filter((id) => !struck.has(id)).length;
    return intact >= majorityOf(voters.length);
  }

  /**
   * Whether striking `node`'s disk keeps the fault budget (everStruck): for
   * every configuration the operator's pending requests can leave and every
   * one a node uses.
   */
  allowsStrike(node: NodeId): boolean {
    const struck = new Set(this.everStruck).add(node);
    if (!this.sim.membership.reachableVoterSets().every((voters) => this.keepsBudget(voters, struck))) return false;
    for (const host of this.sim.hosts.values()) if (!host.retired && !this.keepsBudget(host.configuration, struck)) return false;
    return true;
  }
}
