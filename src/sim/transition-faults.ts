/**
 * Faults aimed at protocol transitions, in the spirit of FoundationDB's
 * BUGGIFY: the bugs a random schedule reaches last live in short windows
 * that random faults rarely hit, and the simulator can see those windows
 * from outside the node (views and admin replies):
 *
 * - `config-pending`: a leader has appended a configuration change that it
 *   has not committed yet (its view's configuration changed, its commit index
 *   is below the entry);
 * - `new-term`: a node has won an election and has not yet committed an entry
 *   of its own term (Figure 8; reads of a new leader);
 * - `transfer`: an operator's leadership transfer has not been answered yet.
 *
 * A fault waits (up to TRANSITION_WAIT_MS from `at`) for its moment, then
 * `delayMs` more, and strikes at the first step after that, if the moment
 * still holds: it crashes, cuts off or pauses the leader of the moment, or
 * crashes or pauses a peer (for a transfer, its target). The events are
 * plain plan data, drawn from their own stream, so replay and shrinking work
 * as for every other fault.
 */

import { assert } from '../util/assert.js';
import { aimedActions, type AimedAction } from './aimed-actions.js';
import type { RunConfig } from './config.js';
import type { RandomStream } from './random.js';

export type TransitionMoment = 'config-pending' | 'new-term' | 'transfer';
export type TransitionAction = AimedAction;

export interface TransitionFault {
  at: number;
  kind: 'transition-fault';
  moment: TransitionMoment;
  action: TransitionAction;
  /** The leader of the moment, or a peer (isolations strike leaders only). */
  target: 'leader' | 'peer';
  /** How long into the moment the strike waits; the moment must still hold then. */
  delayMs: number;
  /** The isolation or pause length, or how long a crashed node stays down. */
  durationMs: number;
  /** Which peer (outside a transfer): an index into the running peers, modulo their count. */
  pick: number;
}

/** How long a transition fault waits for its moment before it lapses. */
export const TRANSITION_WAIT_MS = 2000;

/** When the operator acts: the moments a plan's own changes and transfers open. */
export interface OperatorTimes {
  transfers: readonly number[];
  reconfigurations: readonly number[];
}

/**
 * Aimed at every other operator change and transfer (armed as the operator
 * acts), and at new terms at exponential gaps. The actions follow the fault
 * mix (aimed-actions.ts): seeds with none get none.
 */
export function drawTransitionFaults(config: RunConfig, random: RandomStream, operator: OperatorTimes): TransitionFault[] {
  const actions = aimedActions(config.faults);
  const faults: TransitionFault[] = [];
  const draw = (at: number, moment: TransitionMoment): void => {
    const action = random.weighted(actions as Record<TransitionAction, number>);
    const target = action !== 'isolate' && random.chance(0.4) ? 'peer' : 'leader';
    const delayMs = random.chance(0.6) ? 0 : random.exponential(20);
    const durationMs = random.chance(0.4) ? random.range(10, 150) : 100 + random.exponential(600);
    faults.push({ at, kind: 'transition-fault', moment, action, target, delayMs, durationMs, pick: random.int(64) });
  };
  if (Object.keys(actions).length === 0) return faults;
  for (const at of operator.reconfigurations) if (random.chance(0.8)) draw(at, 'config-pending');
  for (const at of operator.transfers) if (random.chance(0.7)) draw(at, 'transfer');
  // A new-term fault waits for the next election; a later one replaces it unless its moment is open.
  const gapMs = random.range(300, 1500);
  for (let at = 1 + random.exponential(gapMs); at < config.safetyMs; at += 1 + random.exponential(gapMs)) draw(at, 'new-term');
  return faults;
}

export function validateTransitionFault(fault: TransitionFault): void {
  const where = `transition-fault at ${fault.at}`;
  assert(['config-pending', 'new-term', 'transfer'].includes(fault.moment), () => `${where}: unknown moment ${fault.moment}`);
  assert(['crash', 'isolate', 'pause'].includes(fault.action), () => `${where}: unknown action ${fault.action}`);
  assert(fault.target === 'leader' || (fault.target === 'peer' && fault.action !== 'isolate'), () => `${where}: target must be leader, or peer for a crash or pause`);
  assert(Number.isSafeInteger(fault.delayMs) && fault.delayMs >= 0, () => `${where}: delayMs must be an integer >= 0`);
  assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, () => `${where}: durationMs must be a positive integer`);
  assert(Number.isSafeInteger(fault.pick) && fault.pick >= 0, () => `${where}: pick must be an integer >= 0`);
}

const MOMENTS: Record<TransitionMoment, string> = {
  'config-pending': 'a leader has a configuration change appended, not committed',
  'new-term': 'a new leader has not committed an entry of its term',
  transfer: 'a leadership transfer is in flight',
};

export function describeTransitionFault(fault: TransitionFault): string {
  const whom = fault.target === 'leader' ? 'the leader' : fault.moment === 'transfer' ? 'the transfer target' : `peer #${fault.pick}`;
  const what = fault.action === 'crash' ? `crash ${whom}, restart ${fault.durationMs}ms later` : `${fault.action} ${whom} for ${fault.durationMs}ms`;
  return `t=${fault.at} when ${MOMENTS[fault.moment]} (+${fault.delayMs}ms): ${what}`;
}
