/**
 * stale-vote-counted (raft-bugs.md #3, little-raft #44): a candidate counts a
 * vote grant addressed to one of its earlier candidacies. Random seeds need a
 * grant that arrives only after its candidate has moved on to a new term, and
 * a rival in that new term.
 *
 * Steps (seed 30, a slow network: mean delay 50 ms, half an election timeout,
 * so elections split and replies arrive late):
 *   t=296  n2 grants n3's RequestVote of term 2; the grant will take ~200 ms
 *   t=300  crash n3 (a candidate of term 2), t=360 restart it (term 2 is durable)
 *   t=438  n1 campaigns in term 3; n2 grants it at t=449
 *   t=472  n3 campaigns in term 3 too; n1 refuses
 *   t=494  n1 wins term 3 with n2's vote
 *   t=496  n2's term-2 grant reaches n3: the bug counts it for term 3, and
 *          n3 becomes a second leader of term 3.
 */

import { describe, expect, it } from 'vitest';
import { appends, runScenario, type Scenario } from './scenario-plan.js';

const scenario: Scenario = {
  seed: 30,
  clients: [appends(0, 30, 30, 'k0')],
  safetyMs: 1500,
  meanDelayMs: 50,
  steps: [
    { at: 300, kind: 'crash', node: 3, duringFsync: false },
    { at: 360, kind: 'restart', node: 3 },
  ],
};

describe('scenario: a late vote grant of an earlier term elects a second leader', () => {
  it('passes with the correct tally (replies of other terms are dropped)', () => {
    const result = runScenario(scenario);
    expect(result.failure).toBeNull();
    expect(result.stats.marks['stale-reply-ignored']).toBeGreaterThan(0);
  });

  it('fails with stale-vote-counted: two leaders of term 3', () => {
    const failure = runScenario(scenario, ['stale-vote-counted']).failure;
    expect(failure?.invariant).toBe('ElectionSafety');
    expect(failure?.message).toBe('n3 and n1 are both leaders of term 3');
  });
});
