/**
 * A client in the liveness phase never gives up, so its routing must reach every node: a stale hint
 * toward a node that is stopped for good must not send it back and forth between the hinter and that
 * node (src/sim/client-routing.ts, moveOnAfterTimeout).
 */

import { describe, expect, it } from 'vitest';
import { followRedirect, moveOnAfterTimeout, type Route } from '../../src/sim/client-routing.js';

/** Where an operation goes over `timeouts` timeouts when n1 (removed, unaware) names n5 (stopped) and n5 never answers. */
function attempts(liveness: boolean, timeouts: number): number[] {
  const known = [2, 3, 4, 5, 1];
  const route: Route = { target: 1, redirects: 0 };
  const tried: number[] = [];
  for (let round = 0; round < timeouts; round++) {
    tried.push(route.target);
    if (route.target === 1) {
      followRedirect(route, 5, known, 0);
      tried.push(route.target);
    }
    moveOnAfterTimeout(route, known, liveness);
  }
  return tried;
}

describe('a client following a stale hint to a stopped node', () => {
  it('goes round in a circle in the safety phase, where it gives up at its deadline', () => {
    expect(new Set(attempts(false, 6))).toEqual(new Set([1, 5]));
  });

  it('in the liveness phase, leaves the circle once the same hint failed twice, and reaches the other nodes', () => {
    expect(new Set(attempts(true, 6))).toEqual(new Set([1, 5, 2, 3, 4]));
  });

  it('still follows a hint toward a node that timed out once (a new leader may be slow to answer its first attempt)', () => {
    const route: Route = { target: 2, redirects: 0 };
    followRedirect(route, 3, [1, 2, 3], 0);
    moveOnAfterTimeout(route, [1, 2, 3], true);
    expect(route.target).toBe(1);
    followRedirect(route, 3, [1, 2, 3], 0);
    expect(route.target).toBe(3);
  });
});
