/**
 * The shapes of a deposition (src/sim/deposition-shapes.ts): one to a lease
 * seed at most, after the plain depositions, and struck as drawn: one link cut, the
 * leader frozen while cut off, or a one-way opening before the cut closes.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import type { IsolateLeaderFault } from '../../src/sim/leader-faults.js';
import { drawPlan, type Plan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';

const plans = Array.from({ length: 300 }, (_, index) => drawPlan(index + 1));

function depositionsOf(plan: Plan): IsolateLeaderFault[] {
  return plan.faults.filter((fault): fault is IsolateLeaderFault => fault.kind === 'isolate-leader' && fault.established === true);
}

function shaped(fault: IsolateLeaderFault): boolean {
  return fault.oneLink !== undefined || fault.pauseMs !== undefined || fault.lateMs !== undefined;
}

/** The first quiet world of seeds 1..300 (depositions its only faults: each strikes) whose deposition has the shape `has`, and that deposition. */
function firstWith(has: (fault: IsolateLeaderFault) => boolean): { plan: Plan; deposition: IsolateLeaderFault } {
  for (const plan of plans) {
    const deposition = depositionsOf(plan).find(has);
    if (deposition !== undefined && plan.config.faults.quiet === true) return { plan, deposition };
  }
  throw new Error('no quiet seed of 1..300 has that shape');
}

describe('deposition shapes', () => {
  it('come one to a lease seed at most, after every plain deposition (the last one itself in a quiet world), each shape in some seeds', () => {
    let oneLink = 0;
    let paused = 0;
    let late = 0;
    for (const plan of plans) {
      const depositions = depositionsOf(plan);
      const shapedOnes = depositions.filter(shaped);
      if (plan.config.features.readMode !== 'lease') expect(shapedOnes).toEqual([]);
      expect(shapedOnes.length).toBeLessThanOrEqual(1);
      const one = shapedOnes[0];
      if (one === undefined) continue;
      // No plain deposition starts after it: the run up to its strike is the plain schedule's.
      expect(depositions.every((fault) => fault === one || fault.at <= one.at)).toBe(true);
      if (one.oneLink !== undefined) oneLink++;
      if (one.pauseMs !== undefined) {
        paused++;
        // Frozen for longer than the room a plain deposition gives the majority, and cut off after it resumes.
        expect(one.durationMs).toBeGreaterThan(one.pauseMs);
      }
      if (one.lateMs !== undefined) late++;
    }
    expect(oneLink).toBeGreaterThan(3);
    expect(paused).toBeGreaterThan(3);
    expect(late).toBeGreaterThan(3);
  });

  it('cut the leader off from one follower only, the others still hearing it', () => {
    const { plan } = firstWith((fault) => fault.oneLink?.direction === 'both');
    const result = runPlan(plan, defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    const cuts = result.trace!.filter((event) => event.kind === 'partition' && event.tag === 'isolate-leader').map((event) => event.detail);
    expect(cuts.some((detail) => /: \{n\d\} \| \{n\d\}$/.test(detail))).toBe(true);
  });

  it('freeze the deposed leader for the pause drawn, inside the isolation', () => {
    const { plan, deposition } = firstWith((fault) => fault.pauseMs !== undefined);
    const result = runPlan(plan, defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    const trace = result.trace!;
    const cut = trace.find((event) => event.kind === 'partition' && event.tag === 'isolate-leader' && event.detail.includes(`for ${deposition.durationMs}ms`));
    expect(cut).toBeDefined();
    const pause = trace.find((event) => event.kind === 'pause' && event.time === cut!.time);
    expect(pause?.detail).toMatch(new RegExp(`^pause for ${deposition.pauseMs}ms \\(leader`));
  });

  it('open one way first (the leader still hears its peers), then close the cut both ways', () => {
    const { plan, deposition } = firstWith((fault) => fault.lateMs !== undefined);
    // Led into by a storm of held-back messages that starts lateMs before it.
    expect(plan.faults.some((fault) => fault.kind === 'reorder' && fault.at === deposition.at - deposition.lateMs!)).toBe(true);
    const result = runPlan(plan, defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    const trace = result.trace!;
    const opening = trace.find((event) => event.kind === 'partition' && event.tag === 'isolate-leader' && event.detail.includes(`for ${deposition.durationMs}ms`));
    expect(opening?.detail).toMatch(/-\/->/);
    const closing = trace.find((event) => event.kind === 'partition' && event.detail.startsWith('the cut closes'));
    expect(closing?.time).toBe(opening!.time + deposition.lateMs!);
  });
});
