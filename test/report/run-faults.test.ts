import { describe, expect, it } from 'vitest';
import { faultsFromRun } from '../../src/report/run-faults.js';
import { drawPlan, type FaultEvent, type Plan, type TraceEvent, type TraceKind } from '../../src/sim/index.js';

function ev(time: number, kind: TraceKind, tag: string, node = -1, detail = ''): TraceEvent {
  return { time, kind, node, peer: -1, tag, detail };
}

function planWith(faults: FaultEvent[]): Plan {
  return { ...drawPlan(1), faults };
}

describe('faultsFromRun', () => {
  const plan = planWith([
    { at: 100, kind: 'partition', partition: { kind: 'symmetric', sides: [[1], [2, 3]] } },
    { at: 300, kind: 'partition', partition: { kind: 'bridge', sides: [[1], [3]], bridge: 2 } },
    { at: 400, kind: 'heal' },
    { at: 500, kind: 'partition', partition: { kind: 'one-way', from: [3], to: [1, 2] } },
    { at: 550, kind: 'burst', durationMs: 1000, drop: 0.3, duplicate: 0 },
    { at: 600, kind: 'burst', durationMs: 50, drop: 0, duplicate: 0.25 },
  ]);
  const trace = [
    ev(100, 'partition', 'symmetric'),
    ev(300, 'partition', 'bridge'),
    ev(400, 'heal', 'heal'),
    ev(500, 'partition', 'one-way'),
    ev(550, 'burst', 'burst'),
    ev(600, 'burst', 'burst'),
    ev(800, 'phase', 'liveness'),
  ];

  it('turns partitions into intervals with who could still talk to whom', () => {
    const partitions = faultsFromRun(trace, plan, 2000).filter((f) => f.kind === 'partition');
    expect(partitions).toEqual([
      { kind: 'partition', start: 100, end: 300, description: 'symmetric: {n1} | {n2,n3}', groups: [[1], [2, 3]] },
      { kind: 'partition', start: 300, end: 400, description: 'bridge: {n1} | {n3} bridged by n2', groups: [[1, 2], [3, 2]] },
      // One-way: no groups (n3 cannot reach the others, they can reach it); the liveness phase heals it.
      { kind: 'partition', start: 500, end: 800, description: 'one-way: {n3} -/-> {n1,n2}' },
    ]);
  });

  it('turns bursts into drop and duplicate intervals, cut short by the liveness phase', () => {
    const bursts = faultsFromRun(trace, plan, 2000).filter((f) => f.kind !== 'partition');
    expect(bursts).toEqual([
      { kind: 'drop', start: 550, end: 800, description: 'drop 30%' },
      { kind: 'duplicate', start: 600, end: 650, description: 'duplicate 25%' },
    ]);
  });

  it('ends what is still going at the end of the run', () => {
    const faults = faultsFromRun(trace.slice(0, 4), plan, 700);
    expect(faults[faults.length - 1]).toMatchObject({ kind: 'partition', start: 500, end: 700 });
  });

  it('turns pauses into intervals per node, until the resume or a crash', () => {
    const pauses = [
      ev(100, 'pause', 'pause', 2, 'pause for 300ms (leader, term 3)'),
      ev(400, 'resume', 'resume', 2),
      ev(500, 'pause', 'pause', 1),
      ev(550, 'crash', 'crash', 1),
      ev(600, 'pause', 'pause', 3),
    ];
    expect(faultsFromRun(pauses, planWith([]), 900)).toEqual([
      { kind: 'pause', start: 100, end: 400, description: 'n2 pause for 300ms (leader, term 3)', node: 2 },
      { kind: 'pause', start: 500, end: 550, description: 'n1 paused', node: 1 },
      { kind: 'pause', start: 600, end: 900, description: 'n3 paused', node: 3 },
    ]);
  });
});
