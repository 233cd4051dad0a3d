/**
 * The lazy `detail` texts of the simulator's hottest trace events, built by
 * functions of their own. A closure written inside a hot method makes V8
 * allocate a context for the variables it captures at EVERY call of that
 * method, even when the branch that builds the closure is not taken; here the
 * context exists only when a detail is actually asked for.
 */

import type { NodeFactory, NodeId, Role } from '../harness/api.js';
import { describeFault, type FaultEvent } from './plan.js';

export function messageDetail(factory: NodeFactory<unknown>, from: NodeId, to: NodeId, message: unknown): () => string {
  return () => `n${from}->n${to} ${factory.describeMessage(message)}`;
}

export function roleDetail(previous: Role, role: Role, term: number): () => string {
  return () => `${previous} -> ${role} in term ${term}`;
}

export function commitDetail(previous: number, commitIndex: number): () => string {
  return () => `commit ${previous} -> ${commitIndex}`;
}

export function snapshotDetail(installed: boolean, snapshotIndex: number, previous: number): () => string {
  return () => `${installed ? 'installed' : 'took'} snapshot at ${snapshotIndex} (was ${previous})`;
}

export function configurationDetail(voters: readonly NodeId[]): () => string {
  return () => `configuration ${voters.map((id) => `n${id}`).join(',')}`;
}

export function transitionDetail(fault: FaultEvent, node: NodeId, leader: NodeId): () => string {
  return () => `${describeFault(fault)}: strikes n${node} (leader n${leader})`;
}
