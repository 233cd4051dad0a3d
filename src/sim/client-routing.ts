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
  /** The node whose hint sent the operation to `target` (absent when its own round robin did). */
  hintedBy?: NodeId;
  /** Liveness phase: the hints that sent this operation to a node that then timed out, as [hinter, target] pairs (`moveOnAfterTimeout`). */
  failedHints?: NodeId[];
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
  const fresh = hint !== null && hint !== route.target && !hintFailedBefore(route, route.target, hint);
  route.hintedBy = fresh ? route.target : undefined;
  route.target = fresh ? hint : nextNode(known, route.target);
  route.redirects++;
  return fresh && route.redirects <= 3 ? 0 : backoffMs;
}

/**
 * No answer from the target within the request timeout: try the next node. In the liveness phase, where a
 * client never gives up, a hint that led here is remembered as failed, and the same node's hint toward the
 * same target is not followed again for this operation. A node that is no longer a member may answer with
 * the last leader it knew, stopped for good, and the node after that one in the round robin may be the
 * hinter again: hint and timeout sent the client back and forth between the two forever (seed 55069 of
 * `--nodes 5 --profile brutal`: three operations cycled between n1, removed, and n5, removed and stopped,
 * while n2 led). Any such circle repeats a hint that failed, so it is broken the second time round, and
 * each of the finitely many (hinter, target) pairs can lead the operation astray once. The same pair, not
 * the target alone: a new leader often lets a first attempt time out while it commits an entry of its
 * term, and the next follower's hint to it is then right (ignoring every hint to a node that timed out
 * once changed the liveness phase of 361 of default seeds 1..1000). The safety phase keeps following every
 * hint (a client there gives up at its deadline).
 */
export function moveOnAfterTimeout(route: Route, known: readonly NodeId[], liveness: boolean): void {
  if (liveness && route.hintedBy !== undefined) (route.failedHints ??= []).push(route.hintedBy, route.target);
  route.hintedBy = undefined;
  route.target = nextNode(known, route.target);
  route.redirects = 0;
}

/** `hinter`'s hint toward `target` led this operation to a timeout before (liveness phase only). */
function hintFailedBefore(route: Route, hinter: NodeId, target: NodeId): boolean {
  const failed = route.failedHints;
  if (failed === undefined) return false;
  let times = 0;
  for (let k = 0; k < failed.length; k += 2) if (failed[k] === hinter && failed[k + 1] === target && ++times === 2) return true;
  return false;
}

/** Records the answer of the operation at `historyIndex`. */
export function completeOperation(history: Operation<unknown, KvOutput>[], historyIndex: number, now: number, output: KvOutput): void {
  const entry = history[historyIndex];
  assert(entry !== undefined && entry.return === null, 'completing an operation twice');
  entry.return = now;
  entry.output = output;
}
