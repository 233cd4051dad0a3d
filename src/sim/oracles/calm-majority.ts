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
  const up = upNodes(probe);
  // Runs at every topology change: the links are read once into bit masks, and only the winning subset becomes a list.
  const linkedTo = linkMasks(probe, up);
  const all = (1 << up.length) - 1;
  // Mostly every up node reaches every other: then they are the one largest set, and no subset needs a look.
  const best = pairwiseLinked(all, linkedTo) ? up : largestLinked(up, linkedTo);
  if (best.length === 0 || !everyHoldsMajority(probe, best)) return null;
  if (preVote) return best;
  return intrudes(probe, up, best) ? null : best;
}

/** The nodes that are up, in `probe.nodes` order (a loop: no closure per call). */
function upNodes(probe: NetworkProbe): NodeId[] {
  const up: NodeId[] = [];
  const nodes = probe.nodes;
  for (let k = 0; k < nodes.length; k++) if (probe.isUp(nodes[k] as NodeId)) up.push(nodes[k] as NodeId);
  return up;
}

/** The largest set of `up` linked pairwise both ways, the first in id order among equals. */
function largestLinked(up: readonly NodeId[], linkedTo: readonly number[]): NodeId[] {
  let bestMask = 0;
  let bestSize = 0;
  // At most 2^5 subsets: enumerate them all, as masks (a list only for the winner).
  for (let mask = 1; mask < 1 << up.length; mask++) {
    const size = bitCount(mask);
    if (size < bestSize || !pairwiseLinked(mask, linkedTo)) continue;
    if (size > bestSize || compareMembers(mask, bestMask, up) < 0) {
      bestMask = mask;
      bestSize = size;
    }
  }
  return membersOf(bestMask, up);
}

/**
 * Two subsets of `up` of one size compared as their member lists in `up` order (the first differing id
 * decides), without building the lists.
 */
function compareMembers(a: number, b: number, up: readonly NodeId[]): number {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < up.length && (a & (1 << i)) === 0) i++;
    while (j < up.length && (b & (1 << j)) === 0) j++;
    if (i >= up.length || j >= up.length) return (i < up.length ? 1 : 0) - (j < up.length ? 1 : 0);
    if (up[i] !== up[j]) return (up[i] as number) - (up[j] as number);
    i++;
    j++;
  }
}

/** `members` hold a majority of every node's configuration. */
function everyHoldsMajority(probe: NetworkProbe, members: readonly NodeId[]): boolean {
  const nodes = probe.nodes;
  for (let k = 0; k < nodes.length; k++) if (!holdsMajority(members, probe.configuration(nodes[k] as NodeId))) return false;
  return true;
}

/** Some up node outside `members` can send to one of them. */
function intrudes(probe: NetworkProbe, up: readonly NodeId[], members: readonly NodeId[]): boolean {
  for (const outsider of up) {
    if (members.includes(outsider)) continue;
    for (const member of members) if (!probe.isCut(outsider, member)) return true;
  }
  return false;
}

/** Per up node (by position in `up`), the bit mask of the other up nodes it is linked with in both directions. */
function linkMasks(probe: NetworkProbe, up: readonly NodeId[]): number[] {
  const masks = up.map(() => 0);
  for (let i = 0; i < up.length; i++) {
    for (let j = i + 1; j < up.length; j++) {
      const a = up[i] as NodeId;
      const b = up[j] as NodeId;
      if (probe.isCut(a, b) || probe.isCut(b, a)) continue;
      masks[i] = (masks[i] as number) | (1 << j);
      masks[j] = (masks[j] as number) | (1 << i);
    }
  }
  return masks;
}

function pairwiseLinked(mask: number, linkedTo: readonly number[]): boolean {
  for (let i = 0; i < linkedTo.length; i++) {
    const bit = 1 << i;
    if ((mask & bit) !== 0 && (mask & ~bit & ~(linkedTo[i] as number)) !== 0) return false;
  }
  return true;
}

function membersOf(mask: number, up: readonly NodeId[]): NodeId[] {
  return up.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/** `members` include a majority of `voters`. */
export function holdsMajority(members: readonly NodeId[], voters: readonly NodeId[]): boolean {
  let count = 0;
  for (const id of voters) if (members.includes(id)) count++;
  return count >= majorityOf(voters.length);
}
