/**
 * Membership changes as plan events (issue 12): an operator adds a new node
 * or removes one, the leader included, so that a run may go from 3 nodes to 4
 * or 5 and back (or from 5 down and up again). Drawn from a stream of their
 * own ('reconfig'), so that they never shift another draw; deleting any of
 * them leaves a valid plan (removing a node that is not a member is answered
 * 'ok' and changes nothing).
 */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { RunConfig } from './config.js';
import type { RandomStream } from './random.js';

export type ReconfigEvent =
  /** Start a new, empty node `node` (an id never used before in the run) and ask the cluster to add it. */
  | { at: number; kind: 'add-node'; node: NodeId }
  /** Ask the cluster to remove `node`, or (null) whichever node the simulator sees leading then; stopped once removed. */
  | { at: number; kind: 'remove-node'; node: NodeId | null };

/** Share of removals aimed at the leader (section 4.2.2). */
const REMOVE_LEADER_RATE = 0.35;
/** Share of changes that follow the previous one within a few ms: two changes asked for at once. */
const BACK_TO_BACK_RATE = 0.25;
const SMALLEST = 3;
const LARGEST = 5;

export function drawReconfigurations(config: RunConfig, random: RandomStream): ReconfigEvent[] {
  const reconfigures = random.chance(config.faults.reconfigRate);
  const count = random.range(2, 6);
  if (!reconfigures) return [];
  const members: NodeId[] = Array.from({ length: config.nodes }, (_, index) => index + 1);
  let size = config.nodes;
  let nextId = config.nodes + 1;
  const meanGapMs = config.safetyMs / (count + 1);
  const events: ReconfigEvent[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    at += random.chance(BACK_TO_BACK_RATE) ? random.int(20) : 1 + random.exponential(meanGapMs);
    if (at >= config.safetyMs) break;
    const grow = size <= SMALLEST ? true : size >= LARGEST ? false : random.chance(0.5);
    if (grow) {
      events.push({ at, kind: 'add-node', node: nextId });
      members.push(nextId++);
      size++;
    } else if (random.chance(REMOVE_LEADER_RATE)) {
      // Which node that is, only the run knows; the planned members stay a guess from here on.
      events.push({ at, kind: 'remove-node', node: null });
      size--;
    } else {
      const node = random.pick(members);
      members.splice(members.indexOf(node), 1);
      events.push({ at, kind: 'remove-node', node });
      size--;
    }
  }
  return events;
}

export function validateReconfigEvent(event: ReconfigEvent, nodes: number, addedBefore: Set<NodeId>): void {
  const isId = (id: unknown): boolean => Number.isSafeInteger(id) && (id as number) >= 1;
  if (event.kind === 'add-node') {
    assert(isId(event.node) && event.node > nodes, () => `add-node at ${event.at}: node must be a new id above ${nodes}`);
    assert(!addedBefore.has(event.node), () => `add-node at ${event.at}: n${event.node} was added before (ids are never reused)`);
    addedBefore.add(event.node);
    return;
  }
  assert(event.node === null || isId(event.node), () => `remove-node at ${event.at}: node must be an id or null (the leader)`);
}

export function describeReconfigEvent(event: ReconfigEvent): string {
  if (event.kind === 'add-node') return `t=${event.at} add node n${event.node}`;
  return `t=${event.at} remove ${event.node === null ? 'the leader' : `node n${event.node}`}`;
}
