import { describe, expect, it } from 'vitest';
import { describeNodeAt, nodeStateAt } from '../../../src/report/page/node-state.js';
import { STORY_LENGTH, storyEvents } from '../../../src/report/page/story.js';
import { fmtCount, fmtDuration, fmtTime } from '../../../src/report/page/format.js';
import { syntheticReport } from '../fixtures/synthetic-run.js';

describe('the story and node state', () => {
  it('tells the last key events in words, ending with the failure', () => {
    const data = syntheticReport({ seed: 23, durationMs: 20_000, failure: 'invariant' });
    const items = storyEvents(data, 'Invariant violated: election-safety');
    expect(items.length).toBeLessThanOrEqual(STORY_LENGTH);
    expect(items.at(-1)).toMatchObject({ kind: 'failure', text: 'Invariant violated: election-safety on n3', node: 3 });
    expect(items.map((i) => i.time)).toEqual([...items.map((i) => i.time)].sort((a, b) => a - b));
    expect(items.some((i) => i.kind === 'crash' && /^n2 crashes \(was \w+ of term \d+\)$/.test(i.text))).toBe(true);
    expect(items.some((i) => i.text === 'partition {1,2} | {3}')).toBe(true);
  });

  it('tells a linearizability failure through the stuck op, its call and its answer', () => {
    const data = syntheticReport({ seed: 22, durationMs: 20_000, failure: 'linearizability' });
    const stuck = data.history.ops[data.verdict.stuckOp!]!;
    const items = storyEvents(data, 'History is not linearizable');
    const told = items.filter((i) => i.kind === 'stuck');
    expect(told.map((i) => i.time)).toEqual([stuck.call, stuck.return]);
    expect(told[0]!.text).toContain(`(op #${stuck.id})`);
  });

  it('tells pauses in their own words', () => {
    const data = syntheticReport({ seed: 23, durationMs: 20_000, failure: 'pass' });
    data.faults.push({ kind: 'pause', start: 19_500, end: 19_800, description: 'n1 pause for 300ms (leader, term 2)', node: 1 });
    expect(storyEvents(data, '').find((i) => i.kind === 'pause')).toMatchObject({ node: 1, text: 'n1 pause for 300ms (leader, term 2)' });
  });

  it('tells membership changes: the configuration in force, nodes joining and nodes removed, not each node taking one up', () => {
    const data = syntheticReport({ seed: 23, durationMs: 20_000, failure: 'pass' });
    const lane = data.lanes[2]!;
    lane.events.push(
      { time: 19_400, kind: 'restart', detail: 'new node n3 started (empty, not yet a member)' },
      { time: 19_500, kind: 'configuration', detail: 'configuration n1,n2,n3' },
      { time: 19_700, kind: 'crash', detail: 'n3 removed from the cluster and stopped' },
    );
    data.configurations = [
      { start: 0, end: 19_450, members: [1, 2], leader: null },
      { start: 19_450, end: 19_650, members: [1, 2, 3], leader: 1 },
      { start: 19_650, end: 20_000, members: [1, 2], leader: 1 },
    ];
    const told = storyEvents(data, '').filter((i) => i.time >= 19_400 && i.kind !== 'phase').map((i) => i.text);
    expect(told).toEqual(expect.arrayContaining([
      'n3 joins: a new node, started empty, not yet a member',
      'configuration n1,n2,n3 (leader n1)',
      'configuration n1,n2 (leader n1)',
      'n3 is removed from the cluster and stopped',
    ]));
    expect(storyEvents(data, '').some((i) => i.kind === 'configuration' && i.text.startsWith('n3'))).toBe(false);
  });

  it('reads a node’s role, term and commit index at any instant', () => {
    const lane = {
      node: 1,
      segments: [
        { start: 0, end: 100, role: 'follower' as const, term: 1 },
        { start: 100, end: 300, role: 'leader' as const, term: 2 },
      ],
      events: [],
      commits: [[0, 0], [150, 4], [200, 9]] as Array<[number, number]>,
    };
    expect(nodeStateAt(lane, 50)).toEqual({ segment: lane.segments[0], commit: 0 });
    expect(nodeStateAt(lane, 100).segment).toBe(lane.segments[1]);
    expect(nodeStateAt(lane, 199).commit).toBe(4);
    expect(describeNodeAt(lane, 250)).toBe('leader, term 2, commit index 9');
    expect(describeNodeAt({ ...lane, segments: [] }, 5)).toBe('not started, commit index 0');
  });

  it('writes times, durations and counts the way the page shows them', () => {
    expect(fmtTime(1394)).toBe('1.394 s');
    expect(fmtDuration(0.5)).toBe('0.50 ms');
    expect(fmtDuration(800)).toBe('800 ms');
    expect(fmtDuration(1500)).toBe('1.50 s');
    expect(fmtDuration(12_000)).toBe('12.0 s');
    expect(fmtCount(1234567)).toBe('1,234,567');
  });
});
