/**
 * Where depositions come (src/sim/leader-depositions.ts): every faulty
 * profile draws them, calm worlds and --faults choices without symmetric
 * partitions do not.
 */

import { describe, expect, it } from 'vitest';
import { isDeposition } from '../../src/sim/leader-depositions.js';
import { drawPlan } from '../../src/sim/plan.js';

describe('depositions', () => {
  it('come in the lossy and crashes profiles too, never in the calm one', () => {
    const seeds = Array.from({ length: 40 }, (_, index) => index + 1);
    const withDepositions = (profile: 'calm' | 'lossy' | 'crashes') => seeds.filter((seed) => drawPlan(seed, { profile }).faults.some(isDeposition)).length;
    expect(withDepositions('calm')).toBe(0);
    expect(withDepositions('lossy')).toBeGreaterThan(20);
    expect(withDepositions('crashes')).toBeGreaterThan(20);
  });

  it('come with a --faults choice only if it names symmetric partitions', () => {
    const seeds = Array.from({ length: 40 }, (_, index) => index + 1);
    expect(seeds.some((seed) => drawPlan(seed, { faults: 'crash,drop' }).faults.some(isDeposition))).toBe(false);
    expect(seeds.some((seed) => drawPlan(seed, { faults: 'partition=symmetric' }).faults.some(isDeposition))).toBe(true);
  });
});
