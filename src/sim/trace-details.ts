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

/** A client's call, retry, return and give-up notes (client.ts, pipelined-client.ts): one of them per request or reply. */
export function callDetail(seq: number, input: unknown): () => string {
  return () => `seq ${seq} ${JSON.stringify(input)}`;
}

export function retryDetail(seq: number, attempt: number): () => string {
  return () => `seq ${seq} attempt ${attempt}`;
}

export function returnDetail(seq: number, output: unknown): () => string {
  return () => `seq ${seq} ${JSON.stringify(output)}`;
}

export function giveUpDetail(seq: number, attempts: number): () => string {
  return () => `seq ${seq} after ${attempts} attempts`;
}
