import { describe, expect, it } from 'vitest';
import { leaderSpansFromLanes, majorityLeaderAt } from '../../src/report/leader-spans.js';
import type { FaultInterval, LaneRole, NodeLane } from '../../src/report/report-data.js';

/** A lane from [start, role, term] change points, each lasting until the next (the last until `end`). */
function lane(node: number, end: number, changes: Array<[number, LaneRole, number]>): NodeLane {
  const segments = changes.map(([start, role, term], i) => ({ start, end: changes[i + 1]?.[0] ?? end, role, term }));
  return { node, segments, events: [], commits: [[0, 0]] };
}

describe('leader spans from the lanes', () => {
  // n1 leads term 1 until it crashes at 1394; n2 wins term 2 at 2194: an 800 ms stall.
  const lanes = [
    lane(1, 3000, [[0, 'follower', 0], [150, 'leader', 1], [1394, 'down', 1], [2500, 'follower', 2]]),
    lane(2, 3000, [[0, 'follower', 0], [150, 'follower', 1], [2000, 'candidate', 2], [2194, 'leader', 2]]),
    lane(3, 3000, [[0, 'follower', 0], [152, 'follower', 1], [2010, 'follower', 2]]),
  ];

  it('finds the stall after the leader crashed', () => {
    expect(leaderSpansFromLanes(lanes, [], 0, 3000)).toEqual([
      { start: 150, end: 1394, leader: 1 },
      { start: 2194, end: 3000, leader: 2 },
    ]);
  });

  it('counts only followers in the leader’s term: a leader whose majority moved on leads no one', () => {
    expect(majorityLeaderAt(lanes, [], 151)).toBe(1); // n1 and n2 in term 1 are a majority of three
    const alone = [lanes[0]!, lane(2, 3000, [[0, 'follower', 0], [100, 'follower', 5]]), lane(3, 3000, [[0, 'follower', 5]])];
    expect(majorityLeaderAt(alone, [], 500)).toBeNull();
  });

  it('cuts a leader off from the followers on the other side of a partition, and ignores a paused leader', () => {
    const isolated: FaultInterval = { kind: 'partition', start: 500, end: 700, description: '{1} | {2,3}', groups: [[1], [2, 3]] };
    const bridged: FaultInterval = { kind: 'partition', start: 800, end: 900, description: 'bridge', groups: [[1, 2], [3, 2]] };
    const paused: FaultInterval = { kind: 'pause', start: 1000, end: 1100, description: 'n1 paused', node: 1 };
    expect(leaderSpansFromLanes(lanes, [isolated, bridged, paused], 0, 1394)).toEqual([
      { start: 150, end: 500, leader: 1 },
      { start: 700, end: 1000, leader: 1 },
      { start: 1100, end: 1394, leader: 1 },
    ]);
    // A one-way partition does not say which direction a follower needs: not counted as a cut.
    const oneWay: FaultInterval = { kind: 'partition', start: 500, end: 700, description: 'one-way' };
    expect(majorityLeaderAt(lanes, [oneWay], 600)).toBe(1);
  });
});
