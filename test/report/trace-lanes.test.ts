import { describe, expect, it } from 'vitest';
import { lanesFromTrace } from '../../src/report/trace-lanes.js';
import type { TraceEvent, TraceKind } from '../../src/sim/index.js';

function ev(time: number, kind: TraceKind, node: number, tag: string, detail = ''): TraceEvent {
  return { time, kind, node, peer: -1, tag, detail };
}

describe('lanesFromTrace', () => {
  const trace = [
    ev(100, 'role', 1, 'candidate', 'follower -> candidate in term 1'),
    ev(110, 'role', 1, 'leader', 'candidate -> leader in term 1'),
    ev(120, 'call', 1, 'call', 'seq 1 {"op":"get","key":"k0"}'), // a client event: node is client 1, not n1
    ev(130, 'commit', 1, '1'),
    ev(140, 'commit', 1, '2'),
    ev(150, 'snapshot', 1, 'taken', 'took snapshot at 2 (was 0)'),
    ev(200, 'crash', 1, 'crash', 'crash (leader, term 1); raft.wal: lost 41B, torn 73B kept'),
    ev(260, 'restart', 1, 'restart', 'restart as follower in term 1, commit 2, snapshot 2'),
    ev(270, 'role', 1, 'follower', 'follower -> follower in term 2'),
    ev(300, 'snapshot', 2, 'installed', 'installed snapshot at 2 (was 0)'),
  ];
  const [n1, n2] = lanesFromTrace(trace, [1, 2], 0, 400);

  it('gives each node its role and term over time, down between crash and restart', () => {
    expect(n1!.segments).toEqual([
      { start: 0, end: 100, role: 'follower', term: 0 },
      { start: 100, end: 110, role: 'candidate', term: 1 },
      { start: 110, end: 200, role: 'leader', term: 1 },
      { start: 200, end: 260, role: 'down', term: 1 },
      { start: 260, end: 270, role: 'follower', term: 1 },
      { start: 270, end: 400, role: 'follower', term: 2 },
    ]);
    expect(n2!.segments).toEqual([{ start: 0, end: 400, role: 'follower', term: 0 }]);
  });

  it('tracks the commit index, including where a restart brings it back to', () => {
    expect(n1!.commits).toEqual([
      [0, 0],
      [130, 1],
      [140, 2],
    ]);
  });

  it('marks crashes, torn writes, restarts and snapshots', () => {
    expect(n1!.events.map((e) => [e.time, e.kind])).toEqual([
      [150, 'snapshot-taken'],
      [200, 'crash'],
      [200, 'torn-write'],
      [260, 'restart'],
    ]);
    expect(n1!.events[2]!.detail).toBe('raft.wal: lost 41B, torn 73B kept');
    expect(n2!.events).toEqual([{ time: 300, kind: 'snapshot-installed', detail: 'installed snapshot at 2 (was 0)' }]);
  });
});
