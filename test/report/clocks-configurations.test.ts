import { describe, expect, it } from 'vitest';
import { configurationSpans, membersIn } from '../../src/report/configuration-spans.js';
import { unpackEvents, packEvents } from '../../src/report/pack-events.js';
import { clockLabel, clockLabels } from '../../src/report/run-clocks.js';
import { lanesFromTrace } from '../../src/report/trace-lanes.js';
import type { TraceEvent, TraceKind } from '../../src/sim/index.js';

function ev(time: number, kind: TraceKind, node: number, tag: string, detail = ''): TraceEvent {
  return { time, kind, node, peer: -1, tag, detail };
}

describe('clockLabel', () => {
  it('names the rate as a signed percentage and the offset in ms', () => {
    expect(clockLabel(1.031, 420)).toBe('+3.1% +420ms');
    expect(clockLabel(0.9875, -2547)).toBe('-1.3% -2547ms');
    expect(clockLabel(1, -5)).toBe('+0.0% -5ms');
    expect(clockLabel(1.0004, 0)).toBe('+0.0% +0ms');
    expect(clockLabel(1, 0)).toBe('true clock');
  });

  it('gives nodes beyond the drawn clocks (added by membership changes) a true clock', () => {
    const labels = clockLabels({ rates: [1.02, 0.95, 1], offsetsMs: [100, -3000, 0] }, [1, 2, 3, 4]);
    expect([...labels]).toEqual([
      [1, '+2.0% +100ms'],
      [2, '-5.0% -3000ms'],
      [3, 'true clock'],
      [4, 'true clock'],
    ]);
  });
});

describe('configurationSpans', () => {
  it('reads the members of a configuration event', () => {
    expect(membersIn('configuration n1,n2,n3,n4')).toEqual([1, 2, 3, 4]);
    expect(membersIn('configuration ')).toEqual([]);
    expect(membersIn('follower -> leader in term 2')).toBeNull();
  });

  it("follows the leader's configuration: its own changes and a new leader's, not followers' alone", () => {
    const trace = [
      ev(50, 'role', 1, 'leader', 'candidate -> leader in term 1'),
      ev(100, 'restart', 4, 'start', 'new node n4 started (empty, not yet a member)'),
      ev(120, 'log', 1, 'configuration', 'configuration n1,n2,n3,n4'),
      ev(130, 'log', 2, 'configuration', 'configuration n1,n2,n3,n4'), // a follower catching up: no new span
      ev(200, 'log', 2, 'configuration', 'configuration n1,n2,n3'), // a follower's log truncated: not in force
      ev(300, 'log', 1, 'configuration', 'configuration n2,n3,n4'), // the leader removes itself
      ev(350, 'crash', 1, 'removed', 'n1 removed from the cluster and stopped'),
      ev(400, 'role', 2, 'leader', 'candidate -> leader in term 2'), // elected with its stale configuration
      ev(420, 'log', 2, 'configuration', 'configuration n2,n3,n4'),
    ];
    expect(configurationSpans(trace, [1, 2, 3], 0, 1000)).toEqual([
      { start: 0, end: 120, members: [1, 2, 3], leader: null },
      { start: 120, end: 300, members: [1, 2, 3, 4], leader: 1 },
      { start: 300, end: 400, members: [2, 3, 4], leader: 1 },
      { start: 400, end: 420, members: [1, 2, 3], leader: 2 },
      { start: 420, end: 1000, members: [2, 3, 4], leader: 2 },
    ]);
  });

  it('is the initial configuration over the whole run without changes', () => {
    const trace = [ev(50, 'role', 1, 'leader', 'candidate -> leader in term 1'), ev(60, 'log', 1, 'append', 'x')];
    expect(configurationSpans(trace, [1, 2, 3], 0, 500)).toEqual([{ start: 0, end: 500, members: [1, 2, 3], leader: null }]);
  });

  it('drops a zero-length span when the configuration changes twice at one instant', () => {
    const trace = [
      ev(50, 'role', 1, 'leader', 'candidate -> leader in term 1'),
      ev(100, 'log', 1, 'configuration', 'configuration n1,n2'),
      ev(100, 'log', 1, 'configuration', 'configuration n1,n2,n3'),
    ];
    expect(configurationSpans(trace, [1, 2, 3], 0, 500)).toEqual([{ start: 0, end: 500, members: [1, 2, 3], leader: null }]);
  });
});

describe('configuration changes on the node lanes', () => {
  it('marks each node adopting a configuration, and packs the marker for the page', () => {
    const [n1] = lanesFromTrace([ev(120, 'log', 1, 'configuration', 'configuration n1,n2,n3,n4'), ev(130, 'log', 1, 'append', 'x')], [1], 0, 500);
    expect(n1!.events).toEqual([{ time: 120, kind: 'configuration', detail: 'configuration n1,n2,n3,n4' }]);
    expect(unpackEvents(packEvents(n1!.events))).toEqual(n1!.events);
  });

  it('knows when a node added by a membership change started, and when a removed one stopped', () => {
    const trace = [
      ev(100, 'restart', 4, 'start', 'new node n4 started (empty, not yet a member)'),
      ev(200, 'crash', 1, 'crash', 'crash (leader, term 1)'),
      ev(250, 'restart', 1, 'restart', 'restart as follower in term 1, commit 2'),
      ev(300, 'crash', 1, 'removed', 'n1 removed from the cluster and stopped'),
    ];
    const [n1, n4] = lanesFromTrace(trace, [1, 4], 0, 500);
    expect([n1!.joined, n1!.removed]).toEqual([undefined, 300]);
    expect([n4!.joined, n4!.removed]).toEqual([100, undefined]);
  });
});
