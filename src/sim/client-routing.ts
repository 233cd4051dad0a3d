/**
 * What both client kinds (client.ts, one operation at a time; pipelined-client.ts,
 * many) do the same way: follow a not-leader answer, move on to the next node,
 * and record an answer in the history.
 */

import type { KvOutput, Operation } from '@raft-check/checker';
import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';

/** Where an attempt goes, and how many not-leader answers in a row sent it there. */
export interface Route {
  target: NodeId;
  redirects: number;
}

/** The node after `node` in the cluster's order (round robin). */
export function nextNode(cluster: readonly NodeId[], node: NodeId): NodeId {
  const position = cluster.indexOf(node);
  return cluster[(position + 1) % cluster.length] as NodeId;
}

/**
 * A not-leader answer: follow a fresh hint, else try the next node. Returns
 * the delay before the re-send: none for a fresh hint, but not forever (two
 * nodes naming each other must not spin), else the back-off. A hint naming a
 * node the caller has never heard of (one added since it started) teaches it
 * that node: `known` grows, as a real client's list does from redirects.
 */
export function followRedirect(route: Route, hint: NodeId | null, known: NodeId[], backoffMs: number): number {
  if (hint !== null && !known.includes(hint)) known.push(hint);
  const fresh = hint !== null && hint !== route.target;
  route.target = fresh ? hint : nextNode(known, route.target);
  route.redirects++;
  return fresh && route.redirects <= 3 ? 0 : backoffMs;
}

/** Records the answer of the operation at `historyIndex`. */
export function completeOperation(history: Operation<unknown, KvOutput>[], historyIndex: number, now: number, output: KvOutput): void {
  const entry = history[historyIndex];
  assert(entry !== undefined && entry.return === null, 'completing an operation twice');
  entry.return = now;
  entry.output = output;
}
