/** Node clocks (src/sim/clocks.ts), drift bursts and leader isolation as plan events. */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { drawClocks, NodeClock, withinDrift } from '../../src/sim/clocks.js';
import { describeFault, drawPlan, validatePlan, type Plan } from '../../src/sim/plan.js';
import { RandomStream } from '../../src/sim/random.js';
import { runPlan } from '../../src/sim/run.js';
import { fewerNodes } from '../../src/shrink/plan-reductions.js';
import { faultsFromRun } from '../../src/report/run-faults.js';
import { formatTraceEvent } from '../../src/sim/trace.js';

describe('NodeClock', () => {
  it('ticks every tickMs of its own time: a fast clock ticks more often in true time, without accumulating rounding', () => {
    const clock = new NodeClock(1.2, 0);
    clock.firstTick(5);
    let at = 5;
    for (let tick = 0; tick < 120; tick++) at = clock.nextTick(10);
    expect(at).toBe(5 + 1000);
  });

  it('reads offset plus its own elapsed time; a burst changes the rate from then on', () => {
    const clock = new NodeClock(1, 250);
    expect(clock.read(100)).toBe(350);
    clock.setRate(100, 0.9);
    expect(clock.read(200)).toBeCloseTo(440);
    clock.setRate(200, clock.baseRate);
    expect(clock.read(300)).toBeCloseTo(540);
  });
});

describe('drawn clocks', () => {
  it('every rate within the bound the nodes are told, offsets per node, from the clocks stream alone', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const clocks = drawClocks(new RandomStream(seed, 'clocks'), 5);
      expect(clocks.rates).toHaveLength(5);
      for (const rate of clocks.rates) expect(withinDrift(rate, clocks.maxDrift)).toBe(true);
      const plan = drawPlan(seed);
      for (const fault of plan.faults) if (fault.kind === 'clock-drift') expect(withinDrift(fault.rate, plan.config.clocks.maxDrift)).toBe(true);
    }
  });

  it('a drift burst beyond the bound is not a valid plan', () => {
    const plan = planWith((seed) => seed.faults.some((fault) => fault.kind === 'clock-drift'));
    const burst = plan.faults.find((fault) => fault.kind === 'clock-drift');
    if (burst?.kind !== 'clock-drift') throw new Error('no burst');
    expect(describeFault(burst)).toMatch(/clock of n\d runs at [\d.]+x for \d+ms/);
    burst.rate = 1 + plan.config.clocks.maxDrift * 2;
    expect(() => validatePlan(plan)).toThrow(/outside 1 \+-/);
  });

  it('a plan saved before clocks were drawn runs with perfect clocks and reads through the log', () => {
    const plan = drawPlan(3);
    const saved = JSON.parse(JSON.stringify(plan)) as { config: Record<string, unknown> };
    delete saved.config['clocks'];
    delete saved.config['features'];
    const old = saved as unknown as Plan;
    old.faults = old.faults.filter((fault) => fault.kind !== 'clock-drift');
    validatePlan(old);
    expect(old.config.clocks.rates).toEqual(Array.from({ length: old.config.nodes }, () => 1));
    expect(old.config.features.readMode).toBe('log');
  });

  it('five nodes to three drops the clocks and bursts of nodes 4 and 5', () => {
    const plan = planWith((seed) => seed.config.nodes === 5 && seed.faults.some((fault) => fault.kind === 'clock-drift'));
    const [reduced] = [...fewerNodes(plan)];
    expect(reduced!.plan.config.clocks.rates).toHaveLength(3);
    validatePlan(reduced!.plan);
  });
});

describe('drift bursts and leader isolation in a run', () => {
  it('are counted, and the isolated leader is the one leading at that moment', () => {
    const plan = planWith((seed) => seed.faults.some((fault) => fault.kind === 'isolate-leader') && seed.faults.some((fault) => fault.kind === 'clock-drift'));
    const result = runPlan(plan, defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    expect(result.stats.clockDrifts).toBe(plan.faults.filter((fault) => fault.kind === 'clock-drift').length);
    // The report draws each burst on the faults panel; the trace shows the node's clock beside true time.
    const clockBars = faultsFromRun(result.trace!, plan, result.stats.simulatedMs).filter((fault) => fault.kind === 'clock');
    expect(clockBars).toHaveLength(result.stats.clockDrifts);
    const role = result.trace!.find((event) => event.kind === 'role')!;
    expect(formatTraceEvent(role)).toMatch(new RegExp(`^t=\\s*${role.time} \\(\\s*${role.nodeTime}\\) n\\d`));
    const isolation = result.trace!.find((event) => event.tag === 'isolate-leader' && event.kind === 'partition');
    if (isolation !== undefined) {
      const leader = Number(/isolate leader n(\d+)/.exec(isolation.detail)![1]);
      const lastRole = result.trace!.filter((event) => event.kind === 'role' && event.node === leader && event.time <= isolation.time).at(-1);
      expect(lastRole?.tag).toBe('leader');
    }
  });
});

function planWith(wanted: (plan: Plan) => boolean): Plan {
  for (let seed = 1; seed < 500; seed++) {
    const plan = drawPlan(seed);
    if (wanted(plan)) return plan;
  }
  throw new Error('no seed below 500 draws such a plan');
}
