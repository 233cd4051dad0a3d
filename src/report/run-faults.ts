/**
 * Fault intervals of a run: partitions (from `partition` until the
 * next `partition`, `heal`, or the liveness phase, which heals everything),
 * drop/duplicate bursts (for their planned duration, cut short by the
 * liveness phase, which stops all loss) and node pauses (from `pause` until
 * that node's `resume`, or its crash). Crashes are on the node lanes. The trace says when each started;
 * the executed plan holds the structured details (the partition's sides, a
 * burst's rates and length), in the same order.
 */

import type { FaultEvent, Partition, Plan, TraceEvent } from '../sim/index.js';
import { describePartition } from '../sim/index.js';
import { LEADER_ISOLATION_TAG } from '../sim/leader-faults.js';
import type { FaultInterval } from './report-data.js';

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The groups of nodes that could still talk among themselves; null when that is not a partition of groups. */
function groupsOf(partition: Partition): number[][] | undefined {
  switch (partition.kind) {
    case 'symmetric':
      return [[...partition.sides[0]], [...partition.sides[1]]];
    case 'bridge':
      return [[...partition.sides[0], partition.bridge], [...partition.sides[1], partition.bridge]];
    case 'one-way':
      return undefined;
  }
}

export function faultsFromRun(events: readonly TraceEvent[], plan: Plan, end: number): FaultInterval[] {
  // Fault events run in time order (equal times in plan order), as the trace saw them.
  const inTimeOrder = plan.faults.map((fault, index) => ({ fault, index })).sort((a, b) => a.fault.at - b.fault.at || a.index - b.index);
  const executed = inTimeOrder.map((entry) => entry.fault);
  const plannedPartitions = executed.filter((f): f is Extract<FaultEvent, { kind: 'partition' }> => f.kind === 'partition');
  const plannedReorders = executed.filter((f): f is Extract<FaultEvent, { kind: 'reorder' }> => f.kind === 'reorder');
  let reorderIndex = 0;
  const plannedBursts = executed.filter((f): f is Extract<FaultEvent, { kind: 'burst' }> => f.kind === 'burst');
  const faults: FaultInterval[] = [];
  let openPartition: FaultInterval | null = null;
  const openBursts: FaultInterval[] = [];
  let partitionIndex = 0;
  let burstIndex = 0;
  const plannedDrifts = executed.filter((f): f is Extract<FaultEvent, { kind: 'clock-drift' }> => f.kind === 'clock-drift');
  let driftIndex = 0;
  const openPauses = new Map<number, FaultInterval>();

  const closePartition = (time: number): void => {
    if (openPartition !== null) openPartition.end = time;
    openPartition = null;
  };

  for (const event of events) {
    if (event.kind === 'partition') {
      closePartition(event.time);
      // A leader isolation is decided while running; its trace event says whom it cut off.
      const planned = event.tag === LEADER_ISOLATION_TAG ? undefined : plannedPartitions[partitionIndex++];
      const description = planned === undefined ? event.detail || event.tag : `${planned.partition.kind}: ${describePartition(planned.partition)}`;
      const interval: FaultInterval = { kind: 'partition', start: event.time, end, description };
      const groups = planned === undefined ? undefined : groupsOf(planned.partition);
      if (groups !== undefined) interval.groups = groups;
      faults.push(interval);
      openPartition = interval;
    } else if (event.kind === 'heal') {
      closePartition(event.time);
    } else if (event.kind === 'pause') {
      const pause: FaultInterval = { kind: 'pause', start: event.time, end, description: `n${event.node} ${event.detail || 'paused'}`, node: event.node };
      faults.push(pause);
      openPauses.set(event.node, pause);
    } else if ((event.kind === 'resume' || event.kind === 'crash') && openPauses.has(event.node)) {
      (openPauses.get(event.node) as FaultInterval).end = event.time;
      openPauses.delete(event.node);
    } else if (event.kind === 'burst' && event.tag === 'reorder') {
      const planned = plannedReorders[reorderIndex++];
      if (planned === undefined) continue;
      const stormEnd = Math.min(end, event.time + planned.durationMs);
      faults.push({ kind: 'reorder', start: event.time, end: stormEnd, description: `${percent(planned.rate)} held back up to ${planned.maxMs}ms` });
    } else if (event.kind === 'burst') {
      const planned = plannedBursts[burstIndex++];
      if (planned === undefined) continue;
      const burstEnd = Math.min(end, event.time + planned.durationMs);
      if (planned.drop > 0) {
        const interval: FaultInterval = { kind: 'drop', start: event.time, end: burstEnd, description: `drop ${percent(planned.drop)}` };
        faults.push(interval);
        openBursts.push(interval);
      }
      if (planned.duplicate > 0) {
        const interval: FaultInterval = { kind: 'duplicate', start: event.time, end: burstEnd, description: `duplicate ${percent(planned.duplicate)}` };
        faults.push(interval);
        openBursts.push(interval);
      }
    } else if (event.kind === 'clock-drift') {
      const planned = plannedDrifts[driftIndex++];
      if (planned === undefined) continue;
      const nodeTime = event.nodeTime === undefined ? '' : `, its clock reading ${event.nodeTime}ms at true ${event.time}ms`;
      faults.push({ kind: 'clock', start: event.time, end: Math.min(end, event.time + planned.durationMs), description: `n${planned.node} clock at ${planned.rate}x${nodeTime}`, node: planned.node });
    } else if (event.kind === 'phase' && event.tag === 'liveness') {
      // The liveness phase heals partitions and stops every loss at once.
      closePartition(event.time);
      for (const burst of openBursts) burst.end = Math.min(burst.end, event.time);
    }
  }
  return faults;
}
