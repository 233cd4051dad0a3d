/**
 * Rejoin faults: the leader fails just as an out-of-date node comes back.
 * A node that was down or cut off returns without entries the others have
 * committed; the leader repairs it within a heartbeat or two, and until then
 * it is the node the election rules must keep from leading (Leader
 * Completeness; the up-to-date check of section 5.4.1). Random faults seldom
 * take the leader away inside that short window, so the election that follows
 * has the stale node among its candidates only by luck. A rejoin fault waits
 * (up to REJOIN_WAIT_MS from `at`) for a node to restart, or for a partition to
 * heal, while a running node lacks entries the leader has committed, then
 * crashes, cuts off or pauses the leader `delayMs` later (as a plan's leader
 * fault: with none leading then, the next winner). The events are plain plan
 * data, drawn from their own stream.
 */

import { assert } from '../util/assert.js';
import { aimedActions, type AimedAction } from './aimed-actions.js';
import type { RunConfig } from './config.js';
import type { LeaderFault } from './leader-faults.js';
import type { RandomStream } from './random.js';

export type RejoinAction = AimedAction;

export interface RejoinFault {
  at: number;
  kind: 'rejoin-fault';
  action: RejoinAction;
  /** How long after the rejoin the leader is struck. */
  delayMs: number;
  /** The isolation or pause length, or how long the crashed leader stays down. */
  durationMs: number;
}

/** How long a rejoin fault waits for a stale node to come back before it lapses. */
export const REJOIN_WAIT_MS = 2000;

/** The actions follow the fault mix (aimed-actions.ts): seeds with none get none. */
export function drawRejoinFaults(config: RunConfig, random: RandomStream): RejoinFault[] {
  const actions = aimedActions(config.faults);
  const faults: RejoinFault[] = [];
  if (Object.keys(actions).length === 0) return faults;
  const gapMs = random.range(300, 1500);
  for (let at = 1 + random.exponential(gapMs); at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const action = random.weighted(actions as Record<RejoinAction, number>);
    const delayMs = random.chance(0.6) ? 0 : random.exponential(15);
    const durationMs = random.chance(0.4) ? random.range(1, 60) : 100 + random.exponential(600);
    faults.push({ at, kind: 'rejoin-fault', action, delayMs, durationMs });
  }
  return faults;
}

export function validateRejoinFault(fault: RejoinFault): void {
  const where = `rejoin-fault at ${fault.at}`;
  assert(['crash', 'isolate', 'pause'].includes(fault.action), () => `${where}: unknown action ${fault.action}`);
  assert(Number.isSafeInteger(fault.delayMs) && fault.delayMs >= 0, () => `${where}: delayMs must be an integer >= 0`);
  assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, () => `${where}: durationMs must be a positive integer`);
}

export function describeRejoinFault(fault: RejoinFault): string {
  const what = fault.action === 'crash' ? `crash the leader, restart ${fault.durationMs}ms later` : `${fault.action} the leader for ${fault.durationMs}ms`;
  return `t=${fault.at} when a node lacking committed entries rejoins (+${fault.delayMs}ms): ${what}`;
}

/** The leader fault a rejoin fault becomes, at `at`. */
export function leaderFaultOf(fault: RejoinFault, at: number): LeaderFault {
  if (fault.action === 'crash') return { at, kind: 'crash-leader', restartAfterMs: fault.durationMs };
  return { at, kind: fault.action === 'isolate' ? 'isolate-leader' : 'pause-leader', durationMs: fault.durationMs };
}
