/**
 * What the liveness phase does when it runs out (src/sim/liveness-phase.ts, timedOut): it goes on while the
 * members behind are still brought forward, ends healthy when the only laggards are servers outside the
 * leader's configuration and the committed one is unknown, and fails otherwise. Driven on a minimal
 * simulation: the worlds that showed each case (seed 66 of `--ops 200`) move whenever the simulator's timing does.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/harness/api.js';
import { LivenessPhase } from '../../src/sim/liveness-phase.js';
import type { Simulation } from '../../src/sim/simulation.js';

interface FakeHost {
  id: NodeId;
  role: 'leader' | 'follower';
  term: number;
  commitIndex: number;
  commitRaisedAt: number;
  lastIndex: number;
  logGrewAt: number;
  configuration: readonly NodeId[];
  retired: boolean;
  node: object;
  view(): { commitIndex: number; lastIndex: number; termAt(index: number): number };
}

function host(id: NodeId, commitIndex: number, commitRaisedAt: number, role: 'leader' | 'follower' = 'follower'): FakeHost {
  return {
    id,
    role,
    term: 3,
    commitIndex,
    commitRaisedAt,
    lastIndex: 380,
    logGrewAt: 0,
    configuration: [1, 2, 3],
    retired: false,
    node: {},
    view: () => ({ commitIndex, lastIndex: 380, termAt: () => 3 }),
  };
}

/** Three voters led by n1 at commit 380, `others` beside or instead of them (by id); the committed configuration is `committed` (null: unknown). */
function world(others: FakeHost[], committed: readonly NodeId[] | null) {
  const hosts = new Map<NodeId, FakeHost>([[1, host(1, 380, 0, 'leader')], [2, host(2, 380, 0)], [3, host(3, 380, 0)]]);
  for (const other of others) hosts.set(other.id, other);
  const outcome = { failed: null as string | null, extended: 0 };
  const sim = {
    now: 8000,
    livenessStart: 2000,
    plan: { config: { livenessMs: 6000 } },
    hosts,
    clients: [],
    judges: { judgePreVote: true, configurations: { committedConfiguration: () => committed } },
    membership: { reachableVoterSets: () => [[1, 2, 3]] },
    trace: { record: () => undefined },
    queue: { push: () => outcome.extended++ },
    fail: (_kind: string, _invariant: string, message: string) => (outcome.failed = message),
  };
  return { phase: new LivenessPhase(sim as unknown as Simulation), outcome };
}

describe('the liveness phase at its deadline', () => {
  it('goes on while every member behind was brought forward within the last second', () => {
    // n3 behind, its commit index raised 200 ms ago.
    const { phase, outcome } = world([host(3, 300, 7800)], [1, 2, 3]);
    phase.timedOut();
    expect(outcome.extended).toBe(1);
    expect(outcome.failed).toBeNull();
  });

  it('fails on a member that stopped moving', () => {
    const { phase, outcome } = world([host(3, 300, 5000)], [1, 2, 3]);
    phase.timedOut();
    expect(outcome.extended).toBe(0);
    expect(outcome.failed).toContain('members behind the commit index 380 of leader n1: n3 at 300');
  });

  it('ends healthy when the only laggard is a server outside the leader configuration, the committed one unknown', () => {
    const learner = host(5, 270, 1000);
    const { phase, outcome } = world([learner], null);
    expect(phase.healthy()).toBe(false);
    phase.timedOut();
    expect(outcome.failed).toBeNull();
    expect(outcome.extended).toBe(0);
    expect(phase.healthy()).toBe(true);
  });

  it('still fails a voter of the leader configuration that stopped moving, the committed one unknown', () => {
    const { phase, outcome } = world([host(3, 300, 5000)], null);
    phase.timedOut();
    expect(outcome.failed).toContain('n3 at 300');
  });
});
