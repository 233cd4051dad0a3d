/**
 * When does the availability oracle apply? When a majority of the nodes is
 * "calm": running and not paused, every pair of them connected in both
 * directions (src/sim/network.ts cuts links per direction, so symmetric,
 * one-way and bridge partitions all count), and no drop/duplicate burst.
 *
 * One more condition, and why: a running node outside that majority must not
 * be able to send into it. Such a node hears no leader, times out, and its
 * RequestVote of a higher term deposes the majority's leader; plain Raft has
 * no PreVote or CheckQuorum (raft-bugs.md #8), so that flapping is correct
 * behaviour and no availability bug. A node cut off in the direction into
 * the majority (or down, or paused) cannot disturb it. With PreVote that
 * condition goes (`preVote`): such a node only asks for pre-votes, which
 * members that hear their leader refuse, so it must not disturb the majority.
 *
 * Membership changes: "a majority" means a majority of every configuration
 * the nodes use (each node's latest, NodeView.configuration), since during a
 * change a leader of either configuration must be able to commit. A node in
 * no configuration (a new node still catching up) counts only as a possible
 * intruder.
 */

import type { NodeId } from '../../harness/api.js';

/** What the oracle reads of the simulated world. */
export interface NetworkProbe {
  /** Every node of the run that is not removed for good, up or down. */
  readonly nodes: readonly NodeId[];
  /** The voters of the configuration `node` uses (the initial cluster if it reports none). */
  configuration(node: NodeId): readonly NodeId[];
  /** Running and not paused. */
  isUp(node: NodeId): boolean;
  isCut(from: NodeId, to: NodeId): boolean;
  /** A drop/duplicate burst is in force. */
  bursting(): boolean;
}

export function majorityOf(clusterSize: number): number {
  return Math.floor(clusterSize / 2) + 1;
}

/**
 * The calm majority, or null when there is none: the largest set of up nodes
 * connected pairwise both ways (the first in id order among equals), if it is a
 * majority and (without PreVote) no other up node can send into it.
 */
export function calmMajority(probe: NetworkProbe, preVote = false): NodeId[] | null {
  if (probe.bursting()) return null;
  const up = probe.nodes.filter((node) => probe.isUp(node));
  const linked = (a: NodeId, b: NodeId): boolean => !probe.isCut(a, b) && !probe.isCut(b, a);
  let best: NodeId[] = [];
  // At most 2^5 subsets: enumerate them all.
  for (let mask = 1; mask < 1 << up.length; mask++) {
    const members = up.filter((_, bit) => (mask & (1 << bit)) !== 0);
    if (members.length < best.length) continue;
    if (!members.every((a, i) => members.slice(i + 1).every((b) => linked(a, b)))) continue;
    if (members.length > best.length || compareIds(members, best) < 0) best = members;
  }
  if (best.length === 0 || !probe.nodes.every((node) => holdsMajority(best, probe.configuration(node)))) return null;
  if (preVote) return best;
  const intruder = up.some((outsider) => !best.includes(outsider) && best.some((member) => !probe.isCut(outsider, member)));
  return intruder ? null : best;
}

/** `members` include a majority of `voters`. */
export function holdsMajority(members: readonly NodeId[], voters: readonly NodeId[]): boolean {
  let count = 0;
  for (const id of voters) if (members.includes(id)) count++;
  return count >= majorityOf(voters.length);
}

function compareIds(a: readonly NodeId[], b: readonly NodeId[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
