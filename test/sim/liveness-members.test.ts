/**
 * The liveness phase judges the cluster's members (src/sim/liveness-phase.ts):
 * a node whose removal committed but whose operator never heard so is not
 * retired, and may campaign at ever higher terms with a stale configuration
 * that still names it; the members ignore it (leader stickiness), and the
 * cluster is healthy once a member leads at the highest term among members.
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { drawPlan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';

describe('liveness is judged over the members of the committed configuration', () => {
  it('seed 23990: n3, removed but never retired, campaigning at term 85 beside a leader of term 35, is no failure', () => {
    const result = runPlan(drawPlan(23990), defaultSystem, { keepTrace: true });
    expect(result.failure).toBeNull();
    // The situation is the one described: n3's removal committed, and the operator never retired it.
    const trace = result.trace!;
    expect(trace.some((event) => event.detail.includes('configuration n1,n2') && event.node === 1)).toBe(true);
    expect(trace.some((event) => event.detail.includes('n3 removed from the cluster'))).toBe(false);
  });
});
