/**
 * The shapes of a deposition (src/sim/deposition-shapes.ts): drawn for the
 * last deposition of lease seeds only, and struck as drawn: one link cut, the
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

/** The first plan of seeds 1..300 whose deposition has the shape `has`, and that deposition. */
function firstWith(has: (fault: IsolateLeaderFault) => boolean): { plan: Plan; deposition: IsolateLeaderFault } {
  for (const plan of plans) {
    const deposition = depositionsOf(plan).find(has);
    if (deposition !== undefined && plan.config.faults.quiet === true) return { plan, deposition };
  }
  throw new Error('no quiet seed of 1..300 has that shape');
}

describe('deposition shapes', () => {
  it('are drawn for the last deposition of lease seeds only, each shape in some seeds', () => {
    let oneLink = 0;
    let paused = 0;
    let late = 0;
    for (const plan of plans) {
      const depositions = depositionsOf(plan);
      const lease = plan.config.features.readMode === 'lease';
      depositions.forEach((fault, index) => {
        if (!lease || index < depositions.length - 1) expect(shaped(fault)).toBe(false);
      });
      const last = depositions[depositions.length - 1];
      if (last === undefined) continue;
      if (last.oneLink !== undefined) oneLink++;
      if (last.pauseMs !== undefined) {
        paused++;
        // Frozen for longer than the room a plain deposition gives the majority, and cut off after it resumes.
        expect(last.durationMs).toBeGreaterThan(last.pauseMs);
      }
      if (last.lateMs !== undefined) late++;
    }
    expect(oneLink).toBeGreaterThan(5);
    expect(paused).toBeGreaterThan(5);
    expect(late).toBeGreaterThan(5);
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
