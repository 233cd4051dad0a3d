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
    // Seed 3: the first whose node assertion fires first since the election timeout became [T, 2T) (seed 1's oracle now fires first, seed 2 misses the bug).
    const withChecks = runSeed(3, { bugs: ['truncate-on-matching-append'] }, defaultSystem);
    expect(failureKindLabel(withChecks.failure!)).toBe('safety:NodeException');
    const without = runSeed(3, { bugs: ['truncate-on-matching-append'], selfChecks: false }, defaultSystem);
    expect(failureKindLabel(without.failure!)).toBe('safety:AckedEntriesKept');
    expect(without.config.selfChecks).toBe(false);
  });

  it('leaves the correct code passing', () => {
    expect(runSeed(2, { selfChecks: false }, defaultSystem).failure).toBeNull();
  });
});
