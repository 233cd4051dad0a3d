/**
 * `selfChecks: false` (--no-self-checks): recorded in the run's config only
 * when switched off (default configs and their hashes stay as they were), it
 * reaches the nodes, and a bug that our Raft's own assertion catches first is
 * then caught by the simulator's oracles instead.
 */

import { describe, expect, it } from 'vitest';
import { drawRunConfig } from '../../../src/sim/config.js';
import { defaultSystem } from '../../../src/sim/default-system.js';
import { failureKindLabel } from '../../../src/sim/result.js';
import { runSeed } from '../../../src/sim/run.js';

describe('self-checks switch', () => {
  it('is absent from default configs and recorded when off', () => {
    expect('selfChecks' in drawRunConfig(1)).toBe(false);
    expect(drawRunConfig(1, { selfChecks: false }).selfChecks).toBe(false);
    expect('selfChecks' in drawRunConfig(1, { selfChecks: true })).toBe(false);
  });

  it("hands a bug from the node's assertion to the simulator's oracles", () => {
    // Seed 4: the first whose node assertion fires first and whose oracles catch the bug without it, since round 9's vote replays and
    // outages (seed 3's oracle now fires first; seed 2's assertion fires but its run passes without it). It was seed 3 before.
    const withChecks = runSeed(4, { bugs: ['truncate-on-matching-append'] }, defaultSystem);
    expect(failureKindLabel(withChecks.failure!)).toBe('safety:NodeException');
    const without = runSeed(4, { bugs: ['truncate-on-matching-append'], selfChecks: false }, defaultSystem);
    expect(failureKindLabel(without.failure!)).toBe('safety:AckedEntriesKept');
    expect(without.config.selfChecks).toBe(false);
  });

  it('leaves the correct code passing', () => {
    expect(runSeed(2, { selfChecks: false }, defaultSystem).failure).toBeNull();
  });
});
