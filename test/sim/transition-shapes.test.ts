/**
 * The two shapes of transition faults drawn from their own stream
 * (src/sim/transition-faults.ts): a cut-off leader that keeps partners, and
 * long outages. Plan data only: what the draws hold, what they leave valid,
 * and which nodes a split keeps with the leader.
 */

import { describe, expect, it } from 'vitest';
import { drawPlan } from '../../src/sim/plan.js';
import { partnersOf, validateTransitionFault, type TransitionFault } from '../../src/sim/transition-faults.js';

function transitionFaults(seeds: number): { fault: TransitionFault; electionMs: number }[] {
  const found: { fault: TransitionFault; electionMs: number }[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const plan = drawPlan(seed);
    const electionMs = plan.config.tuning.electionTimeoutMaxTicks * plan.config.tickMs;
    for (const fault of plan.faults) if (fault.kind === 'transition-fault') found.push({ fault, electionMs });
  }
  return found;
}

describe('partnersOf', () => {
  it('keeps the leader on a side no larger than the other', () => {
    expect(partnersOf(1, [1, 2, 3], 5)).toEqual([]);
    expect(partnersOf(1, [1, 2, 3, 4], 0)).toEqual([2]);
    expect(partnersOf(1, [1, 2, 3, 4], 2)).toEqual([4]);
    expect(partnersOf(3, [1, 2, 3, 4, 5], 3)).toEqual([5]);
    expect(partnersOf(3, [1, 2, 3, 4, 5, 6], 3)).toEqual([5, 6]);
    expect(partnersOf(6, [1, 2, 3, 4, 5, 6], 3)).toEqual([4, 5]);
  });
});

describe('transition fault shapes', () => {
  const faults = transitionFaults(60);

  it('are valid plan data', () => {
    expect(faults.length).toBeGreaterThan(100);
    for (const { fault } of faults) validateTransitionFault(fault);
  });

  it('keep partners only for isolations of the leader, in about half of them', () => {
    const isolations = faults.filter(({ fault }) => fault.action === 'isolate');
    const split = isolations.filter(({ fault }) => fault.withPartners === true);
    expect(faults.filter(({ fault }) => fault.action !== 'isolate' && fault.withPartners !== undefined)).toEqual([]);
    expect(split.length / isolations.length).toBeGreaterThan(0.3);
    expect(split.length / isolations.length).toBeLessThan(0.7);
  });

  it('include long outages, of three of the longest election timeouts or more', () => {
    const long = faults.filter(({ fault, electionMs }) => fault.durationMs >= 3 * electionMs);
    expect(long.length / faults.length).toBeGreaterThan(0.25);
  });
});
