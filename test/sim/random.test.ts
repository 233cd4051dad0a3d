/**
 * Named streams: the same (seed, name) always gives the same draws, and
 * drawing from one stream never changes another's draws.
 */

import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from '../../src/sim/random.js';

function draws(stream: RandomStream, count: number): number[] {
  return Array.from({ length: count }, () => stream.int(1_000_000));
}

describe('RandomStream', () => {
  it('is a pure function of (seed, name)', () => {
    expect(draws(new RandomStream(42, 'network'), 20)).toEqual(draws(new RandomStream(42, 'network'), 20));
    expect(draws(new RandomStream(42, 'network'), 20)).not.toEqual(draws(new RandomStream(43, 'network'), 20));
    expect(draws(new RandomStream(42, 'network'), 20)).not.toEqual(draws(new RandomStream(42, 'disk'), 20));
  });

  it('keeps streams independent: extra draws in one leave the others unchanged', () => {
    const quiet = new RandomStreams(7);
    const busy = new RandomStreams(7);
    for (let i = 0; i < 1000; i++) busy.get('network').float();
    busy.get('timers/n2').int(10);
    expect(draws(busy.get('workload'), 50)).toEqual(draws(quiet.get('workload'), 50));
    expect(draws(busy.get('timers/n1'), 50)).toEqual(draws(quiet.get('timers/n1'), 50));
  });

  it('draws within bounds', () => {
    const random = new RandomStream(1, 'swarm');
    for (let i = 0; i < 2000; i++) {
      const value = random.range(3, 8);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(8);
      expect(random.int(5)).toBeLessThan(5);
      const subset = random.subset([1, 2, 3, 4, 5], 2);
      expect(subset).toHaveLength(2);
      expect([...subset].sort()).toEqual(subset);
    }
    expect(random.chance(0)).toBe(false);
    expect(random.chance(1)).toBe(true);
    expect(() => random.int(0)).toThrow();
    expect(() => random.chance(1.5)).toThrow();
  });

  it('spends no draw on a zero-probability chance', () => {
    const a = new RandomStream(9, 'network');
    const b = new RandomStream(9, 'network');
    for (let i = 0; i < 10; i++) a.chance(0);
    expect(a.float()).toBe(b.float());
  });
});
