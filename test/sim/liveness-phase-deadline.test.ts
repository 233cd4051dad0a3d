/**
 * What the liveness phase does when it runs out with nothing pending (src/sim/liveness-phase.ts, timedOut):
 * it goes on while some member behind is still brought forward, and fails when none is. Driven on a minimal
 * simulation: the world that showed it (seed 66 of `--ops 200`) moves whenever the simulator's timing does.
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
  it('goes on while the member behind was brought forward within the last second', () => {
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

  it('goes on while one member behind moves though another waits its turn (a new server caught up after another)', () => {
    const { phase, outcome } = world([host(4, 341, 7900), host(5, 270, 3000)], null);
    phase.timedOut();
    expect(outcome.extended).toBe(1);
    expect(outcome.failed).toBeNull();
  });

  it('fails when no member behind moved within the last second', () => {
    const { phase, outcome } = world([host(4, 341, 6900), host(5, 270, 3000)], null);
    phase.timedOut();
    expect(outcome.extended).toBe(0);
    expect(outcome.failed).toContain('n4 at 341, n5 at 270');
  });
});
