/** The events of a run's queue: what the simulation dispatches (simulation.ts), one kind per cause. */

import type { AdminOutcome, AdminRequest, ClientRequest, ClientResponse, NodeId, NodeInput } from '../harness/api.js';
import type { Partition } from './network.js';
import type { HostEvent } from './node-host.js';
import type { FaultEvent } from './plan.js';

export type SimEvent =
  | HostEvent
  | { kind: 'message'; from: NodeId; to: NodeId; message: unknown; tag: string }
  | { kind: 'request'; node: NodeId; request: ClientRequest }
  | { kind: 'reply'; from: NodeId; processId: number; response: ClientResponse }
  | { kind: 'client-wake'; client: number; token: number }
  | { kind: 'admin-request'; node: NodeId; id: number; request: AdminRequest }
  | { kind: 'admin-reply'; from: NodeId; id: number; outcome: AdminOutcome; leaderHint: NodeId | null }
  | { kind: 'admin-wake'; token: number }
  | { kind: 'fault'; fault: FaultEvent }
  /** A leadership transfer that waited for an election winner (it waits no more). */
  | { kind: 'waited-transfer'; to: NodeId }
  | { kind: 'burst-end'; token: number }
  | { kind: 'clock-drift-end'; node: NodeId; token: number }
  /** With `next`, the isolation narrows into that partition instead of healing (a deposition's late-answer opening). */
  | { kind: 'isolation-end'; partition: Partition; next?: Partition }
  | { kind: 'outage-end'; node: NodeId }
  | { kind: 'reorder-end'; token: number }
  | { kind: 'liveness' }
  | { kind: 'end' };

/** The event of kind `K` (the dispatch switches on a kind it read once, then reads the event as this). */
export type EventOf<K extends SimEvent['kind']> = Extract<SimEvent, { kind: K }>;

/** Every tick fed to a node now is the same input (nodes only read their inputs): one object, not one per tick. */
export const TICK_INPUT: NodeInput<unknown> = Object.freeze({ kind: 'tick' });

/**
 * Events of the kinds after which the calm majority may have changed (nodes up or down, paused, network cut or lossy).
 * Not 'resume': resume() tells the oracles itself, before the node answers what queued up.
 * Given the kind read once: events come in a score of shapes, so each read of `kind` is a megamorphic lookup.
 */
export function changesTopology(kind: SimEvent['kind']): boolean {
  return kind === 'fault' || kind === 'burst-end' || kind === 'isolation-end' || kind === 'outage-end' || kind === 'reorder-end' || kind === 'crash' || kind === 'liveness';
}
