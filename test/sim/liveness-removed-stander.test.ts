/**
 * A server being removed that keeps standing, without PreVote, deposes every
 * leader before the change can commit; the operator shuts it down and the
 * liveness phase goes on (src/sim/liveness-phase.ts, retireRemovedStanders).
 */

import { describe, expect, it } from 'vitest';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';

describe('liveness phase with a removed server that stands', () => {
  it('seed 25267 (--nodes 5 --profile brutal, PreVote and CheckQuorum off): n3, being removed, is stopped and the rest elect', () => {
    const result = runSeed(25267, { nodes: 5, profile: 'brutal' }, defaultSystem, { keepTrace: true });
    expect(result.failure?.message ?? null).toBeNull();
    const notes = (result.trace ?? []).filter((event) => event.kind === 'phase' && event.tag === 'liveness-extended');
    expect(notes.length).toBe(1);
  });
});
