/**
 * What a fault aimed at a moment (a protocol transition, a stale node's
 * rejoin) does to the node it strikes, and which of those a seed allows: the
 * actions follow the seed's fault mix, so a seed without crashes gets no
 * aimed crash, one without symmetric partitions no isolation, one without
 * pauses no pause, and a seed with none of them no aimed fault at all.
 */

import type { FaultMix } from './config.js';

export type AimedAction = 'crash' | 'isolate' | 'pause';

/** The allowed actions and their weights (crashes and isolations twice as often as pauses), in the order a weighted pick walks them. */
export function aimedActions(mix: FaultMix): Partial<Record<AimedAction, number>> {
  const actions: Partial<Record<AimedAction, number>> = {};
  if (mix.crashGapMs > 0) actions.crash = 2;
  if (mix.partitionGapMs > 0 && mix.partitionKinds.symmetric > 0) actions.isolate = 2;
  if (mix.pauseGapMs > 0) actions.pause = 1;
  return actions;
}
