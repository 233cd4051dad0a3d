import { describe, expect, it } from 'vitest';
import { drawPlan, validatePlan, type Plan } from '../../src/sim/index.js';
import { REDUCTION_PASSES } from '../../src/shrink/plan-reductions.js';
import { planSize, planWeight } from '../../src/shrink/plan-size.js';
import { shrinkPlan } from '../../src/shrink/shrink.js';
import { defaultSystem, runPlan, type System } from '../../src/sim/index.js';

describe('plan reductions', () => {
  it('yield only valid plans, each no larger than the original', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plan = drawPlan(seed, { nodes: 5 });
      for (const [name, pass] of REDUCTION_PASSES) {
        let count = 0;
        for (const reduction of pass(plan)) {
          expect(() => validatePlan(reduction.plan), `${name}: ${reduction.what}`).not.toThrow();
          expect(planWeight(planSize(reduction.plan))).toBeLessThanOrEqual(planWeight(planSize(plan)));
          if (++count > 40) break;
        }
      }
    }
  });

  it('never change the plan they reduce', () => {
    const plan = drawPlan(9);
    const before = JSON.stringify(plan);
    for (const [, pass] of REDUCTION_PASSES) for (const _ of pass(plan)) void _;
    expect(JSON.stringify(plan)).toBe(before);
  });
});

describe('shrinking', () => {
  /**
   * A system whose history checker rejects any history with a put on k0: a
   * stand-in for a bug that needs just one operation. The shrinker should cut
   * the run down to (about) that single put, with no faults.
   */
  const pickySystem: System = {
    factory: defaultSystem.factory,
    checkHistory: (history) => ({
      verdict: history.operations.some((op) => op.input.op === 'put' && op.input.key === 'k0') ? 'not linearizable' : 'linearizable',
    }),
  };

  it('finds a much smaller plan that fails the same way, and the result replays', () => {
    let plan: Plan | null = null;
    for (let seed = 1; plan === null; seed++) {
      const candidate = drawPlan(seed, { profile: 'mixed' });
      const result = runPlan(candidate, pickySystem);
      if (result.failure?.kind === 'linearizability' && candidate.faults.length > 3) plan = candidate;
    }
    const original = runPlan(plan, pickySystem);
    let ticks = 0;
    const shrunk = shrinkPlan(plan, original.failure!, { system: pickySystem, clock: () => ticks++, budgetMs: 1e9 });
    expect(shrunk.to.ops).toBe(1);
    expect(shrunk.to.faults).toBe(0);
    expect(shrunk.to.clients).toBe(1);
    expect(planWeight(shrunk.from) / planWeight(shrunk.to)).toBeGreaterThan(10);
    const replay = runPlan(shrunk.plan, pickySystem);
    expect(replay.failure?.kind).toBe('linearizability');
    expect(replay.traceHash).toBe(shrunk.result.traceHash);
  });

  it('respects its budget', () => {
    const plan = drawPlan(2, { profile: 'mixed' });
    const original = runPlan(plan, pickySystem);
    if (original.failure === null) return;
    const shrunk = shrinkPlan(plan, original.failure, { system: pickySystem, clock: () => 0, budgetMs: 1, maxRuns: 3 });
    expect(shrunk.runs).toBeLessThanOrEqual(3);
    expect(shrunk.budgetExhausted).toBe(true);
  });
});
