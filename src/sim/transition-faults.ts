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
 * The moment of a membership change opens as the operator's request reaches
 * the leader, so an addition is struck while its new server still catches
 * up as a learner (before any configuration entry exists), a removal as its
 * entry is appended.
 *
 * A fault waits (up to TRANSITION_WAIT_MS from `at`) for its moment, then
 * `delayMs` more, and strikes at the first step after that, if the moment
 * still holds: it crashes, cuts off or pauses the leader of the moment, or
 * crashes or pauses a peer (for a transfer, its target). The events are
 * plain plan data, drawn from their own stream, so replay and shrinking work
 * as for every other fault.
 *
 * Two shapes come from a stream of their own ('transition-shapes'), so the
 * draws above stay what they were:
 *
 * - a cut-off leader keeps partners: the network splits with the leader on
 *   a side of half the running nodes or fewer (a rack or zone cut away, the
 *   classic Jepsen "leader in the minority" partition), so the leader still
 *   hears some nodes (a learner, a voter of the new configuration) while a
 *   change or a transfer is under way, and a commit rule that counts the
 *   wrong nodes commits on that side; half the faults aimed at a membership
 *   change are such splits (in seeds whose faults include symmetric
 *   partitions), since the commit rules a change alters are judged only
 *   when a network split overlaps it;
 * - the target of a transfer struck: half the crashes and pauses aimed at a
 *   transfer strike the node it hands over to, which then cannot stand;
 * - a long outage: the node stays down, frozen or cut off for several of the
 *   longest election timeouts, as a real crash or a failed switch does
 *   (reboots take seconds, election timeouts a few hundred ms). Only such an
 *   outage outlasts the bounds of CheckQuorum and of the availability
 *   oracle, so only it shows a leader that never gives up a transfer to a
 *   dead target, or never notices it lost its majority.
 */

import type { NodeId } from '../harness/api.js';
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
  /**
   * An isolation of the leader keeps it on a side with as many other running nodes as leave that side no
   * larger than the other (none of 3, one of 4 or 5), taken in id order from the `pick`-th one on.
   */
  withPartners?: true;
}

/** How long a transition fault waits for its moment before it lapses. */
export const TRANSITION_WAIT_MS = 2000;

/** Share of isolations that keep the leader with partners. */
const WITH_PARTNERS_RATE = 0.5;
/** Share of the faults aimed at membership changes that split the network, in seeds with symmetric partitions. */
const CHANGE_SPLIT_RATE = 0.5;
/** Share of the crashes and pauses aimed at a transfer that strike its target (the rest follow the usual leader-or-peer draw). */
const TRANSFER_TARGET_RATE = 0.5;
/** Share of the faults that are long outages, and how long those last, in the seed's longest election timeouts. */
const LONG_OUTAGE_RATE = 0.3;
const LONG_OUTAGE_TIMEOUTS = { min: 3, max: 10 };

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
export function drawTransitionFaults(config: RunConfig, random: RandomStream, operator: OperatorTimes, shapes: RandomStream): TransitionFault[] {
  const actions = aimedActions(config.faults);
  const faults: TransitionFault[] = [];
  const electionMs = config.tuning.electionTimeoutMaxTicks * config.tickMs;
  const draw = (at: number, moment: TransitionMoment): void => {
    const action = random.weighted(actions as Record<TransitionAction, number>);
    const target = action !== 'isolate' && random.chance(0.4) ? 'peer' : 'leader';
    const delayMs = random.chance(0.6) ? 0 : random.exponential(20);
    const shortMs = random.chance(0.4) ? random.range(10, 150) : 100 + random.exponential(600);
    const fault: TransitionFault = { at, kind: 'transition-fault', moment, action, target, delayMs, durationMs: shortMs, pick: random.int(64) };
    // Every shape is drawn for every fault, so that one never shifts another.
    const withPartners = shapes.chance(WITH_PARTNERS_RATE);
    const split = shapes.chance(CHANGE_SPLIT_RATE);
    const atTarget = shapes.chance(TRANSFER_TARGET_RATE);
    const long = shapes.chance(LONG_OUTAGE_RATE);
    const longMs = shapes.range(LONG_OUTAGE_TIMEOUTS.min * electionMs, LONG_OUTAGE_TIMEOUTS.max * electionMs);
    if (moment === 'config-pending' && split && actions.isolate !== undefined) {
      fault.action = 'isolate';
      fault.target = 'leader';
      fault.withPartners = true;
    } else if (action === 'isolate' && withPartners) {
      fault.withPartners = true;
    }
    if (moment === 'transfer' && atTarget && action !== 'isolate') fault.target = 'peer';
    if (long) fault.durationMs = longMs;
    faults.push(fault);
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
  assert(fault.withPartners === undefined || (fault.withPartners === true && fault.action === 'isolate' && fault.target === 'leader'), () => `${where}: withPartners is for isolations of the leader`);
}

const MOMENTS: Record<TransitionMoment, string> = {
  'config-pending': 'a leader makes a membership change (a learner catching up, or its entry uncommitted)',
  'new-term': 'a new leader has not committed an entry of its term',
  transfer: 'a leadership transfer is in flight',
};

export function describeTransitionFault(fault: TransitionFault): string {
  const whom = fault.target === 'leader' ? 'the leader' : fault.moment === 'transfer' ? 'the transfer target' : `peer #${fault.pick}`;
  const partners = fault.withPartners === true ? ' with partners (a side of half the nodes or fewer)' : '';
  const what = fault.action === 'crash' ? `crash ${whom}, restart ${fault.durationMs}ms later` : `${fault.action} ${whom}${partners} for ${fault.durationMs}ms`;
  return `t=${fault.at} when ${MOMENTS[fault.moment]} (+${fault.delayMs}ms): ${what}`;
}

/**
 * The nodes an isolation `withPartners` keeps on the leader's side: as many of `cluster` as leave that
 * side no larger than the other, in id order from the `pick`-th other node on.
 */
export function partnersOf(leader: NodeId, cluster: readonly NodeId[], pick: number): NodeId[] {
  const others = cluster.filter((id) => id !== leader);
  const count = Math.floor(cluster.length / 2) - 1;
  return Array.from({ length: Math.max(0, count) }, (_, k) => others[(pick + k) % others.length] as NodeId);
}
