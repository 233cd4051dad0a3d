/**
 * A deposition in force is kept whole. It is a scenario with a point: the
 * majority elects a new leader and writes while the old one, cut off, is
 * still asked (leader-depositions.ts). It waits for an established leader, so
 * it often strikes later than planned, inside the fault schedule drawn
 * around it; and there the other faults ended most of them before the
 * majority had even voted (a planned partition or heal replaced the
 * isolation, another leader fault cut off the new leader instead, a crash or
 * a pause took the deposed leader out; 21 of 27 in lease seeds 1..300).
 * So for the least time a deposition lasts (an election timeout on the
 * slowest clock and a few round trips: the part where the majority votes and
 * the old leader is still asked), the faults that would end it are skipped:
 * partitions, heals and leader faults (the isolation's own end heals it),
 * and crashes and pauses of the deposed node. Everything else (loss, delays,
 * clocks, crashes of other nodes) goes on, and after that part every fault
 * strikes as planned (keeping whole depositions cost about 6% of the default
 * seeds' CPU, their isolations longer; this part, about 3%, sim-ab 1..200).
 */

import { declareMarks, mark } from '../util/marks.js';
import type { NodeId } from '../harness/api.js';
import type { FaultEvent } from './plan.js';

declareMarks({
  'sim.fault-skipped-during-deposition': 'a fault that would have ended a deposition in force (a partition, a heal, a leader fault, a crash or pause of the deposed leader) was skipped',
});

/** Whether `fault` would end the deposition of `deposed` (in force); marks it if so. */
export function endsDeposition(fault: FaultEvent, deposed: NodeId): boolean {
  const ends =
    fault.kind === 'partition' ||
    fault.kind === 'heal' ||
    fault.kind === 'isolate-leader' ||
    fault.kind === 'crash-leader' ||
    fault.kind === 'pause-leader' ||
    ((fault.kind === 'crash' || fault.kind === 'pause') && fault.node === deposed);
  if (ends) mark('sim.fault-skipped-during-deposition');
  return ends;
}
