/**
 * A client in the liveness phase never gives up, so its routing must reach every node: a stale hint
 * toward a node that is stopped for good must not send it back and forth between the hinter and that
 * node (src/sim/client-routing.ts, moveOnAfterTimeout).
 */

import { describe, expect, it } from 'vitest';
import { followRedirect, moveOnAfterTimeout, type Route } from '../../src/sim/client-routing.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';

describe('a client following a stale hint to a stopped node', () => {
  it('tries every node within as many timeouts as it knows nodes, in the liveness phase', () => {
    const known = [1, 2, 3, 4, 5];
    const route: Route = { target: 1, redirects: 0, cursor: 1 };
    const tried = new Set<number>();
    for (let round = 0; round < known.length; round++) {
      tried.add(route.target);
      // n1 (removed) names n5 (removed and stopped) as leader; n5 never answers.
      if (route.target === 1) followRedirect(route, 5, known, 0);
      tried.add(route.target);
      moveOnAfterTimeout(route, known, true);
    }
    expect([...tried].sort()).toEqual(known);
  });

  it('seed 55069 (--nodes 5 --profile brutal) passes: three operations no longer cycle between n1 and n5 while n2 leads', () => {
    const result = runSeed(55069, { nodes: 5, profile: 'brutal' }, defaultSystem);
    expect(result.failure?.message ?? null).toBeNull();
  });
});
