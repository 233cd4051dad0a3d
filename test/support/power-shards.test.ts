/** The shares of test/bugs/power.test.ts leave no bug out and search none twice, whatever the number of shares. */

import { describe, expect, it } from 'vitest';
import { BUG_NAMES, type BugName } from '../../src/bugs/catalog.js';
import { bugsOfShard, powerShardOf } from './power-shards.js';

describe('power test shares', () => {
  const budgets = Object.fromEntries(BUG_NAMES.map((bug, i) => [bug, 10 + ((i * 37) % 200)])) as Record<BugName, number>;

  it.each([1, 2, 3, 5])('%i shares together hold every catalogued bug exactly once', (count) => {
    const shares = Array.from({ length: count }, (_, i) => bugsOfShard(BUG_NAMES, budgets, { index: i + 1, count }));
    expect(shares.flat().sort()).toEqual([...BUG_NAMES].sort());
    const costs = shares.map((share) => share.reduce((sum, bug) => sum + budgets[bug], 0));
    // Dealt largest first to the lightest share: no share exceeds another by more than the largest budget.
    expect(Math.max(...costs) - Math.min(...costs)).toBeLessThanOrEqual(Math.max(...Object.values<number>(budgets)));
  });

  it('reads K/N, all bugs without the variable, and refuses anything else', () => {
    expect(powerShardOf('2/3')).toEqual({ index: 2, count: 3 });
    expect(powerShardOf(undefined)).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', 'x', '1/0']) expect(() => powerShardOf(bad)).toThrow(/K\/N/);
  });
});
