/**
 * When a leader followed by a majority existed, for the availability bands.
 * The availability oracle measures this itself (RunStats.availability); for a
 * run without those figures the report derives it from what it already has:
 * the lanes (role and term of every node over time), partitions (who could
 * talk to whom) and pauses (a frozen node follows no one).
 *
 * A node follows leader L of term T when it is up, not paused, in term T, and
 * (during a partition with known groups) shares a group with L. L counts
 * itself. One-way partitions have no groups and are assumed not to cut L off:
 * the trace does not say which direction a follower needs.
 */

import type { FaultInterval, LeaderSpan, NodeLane, RoleSegment } from './report-data.js';

/** The segment covering t (segments are sorted and do not overlap), by binary search: long runs have thousands. */
function segmentAt(lane: NodeLane, t: number): RoleSegment | undefined {
  let lo = 0;
  let hi = lane.segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lane.segments[mid] as RoleSegment).end <= t) lo = mid + 1;
    else hi = mid;
  }
  const segment = lane.segments[lo];
  return segment !== undefined && segment.start <= t ? segment : undefined;
}

function activeAt(faults: readonly FaultInterval[], t: number): FaultInterval[] {
  return faults.filter((fault) => fault.start <= t && t < fault.end);
}

function canTalk(a: number, b: number, partitions: readonly FaultInterval[]): boolean {
  return partitions.every((partition) => partition.groups === undefined || partition.groups.some((group) => group.includes(a) && group.includes(b)));
}

/** The leader followed by a majority at instant t, or null. */
export function majorityLeaderAt(lanes: readonly NodeLane[], faults: readonly FaultInterval[], t: number): number | null {
  const active = activeAt(faults, t);
  const paused = new Set(active.filter((fault) => fault.kind === 'pause').map((fault) => fault.node));
  const partitions = active.filter((fault) => fault.kind === 'partition');
  const states = lanes.map((lane) => ({ node: lane.node, segment: segmentAt(lane, t) }));
  const majority = Math.floor(lanes.length / 2) + 1;
  for (const leader of states) {
    if (leader.segment?.role !== 'leader' || paused.has(leader.node)) continue;
    const term = leader.segment.term;
    const followers = states.filter(
      (state) =>
        state.segment !== undefined &&
        state.segment.role !== 'down' &&
        state.segment.term === term &&
        !paused.has(state.node) &&
        canTalk(leader.node, state.node, partitions),
    );
    if (followers.length >= majority) return leader.node;
  }
  return null;
}

/** Maximal spans of [start, end) with one leader followed by a majority, evaluated at every change point. */
export function leaderSpansFromLanes(lanes: readonly NodeLane[], faults: readonly FaultInterval[], start: number, end: number): LeaderSpan[] {
  const times = new Set<number>([start]);
  for (const lane of lanes) for (const segment of lane.segments) times.add(segment.start);
  for (const fault of faults) {
    if (fault.kind !== 'partition' && fault.kind !== 'pause') continue;
    times.add(fault.start);
    times.add(fault.end);
  }
  const sorted = [...times].filter((t) => t >= start && t < end).sort((a, b) => a - b);
  const spans: LeaderSpan[] = [];
  sorted.forEach((t, i) => {
    const leader = majorityLeaderAt(lanes, faults, t);
    const next = sorted[i + 1] ?? end;
    if (leader === null) return;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.leader === leader && last.end === t) last.end = next;
    else spans.push({ start: t, end: next, leader });
  });
  return spans;
}
