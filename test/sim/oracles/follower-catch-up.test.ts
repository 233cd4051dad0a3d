/**
 * FollowerCatchesUp fed by hand: in a calm majority, a follower below its
 * leader's commit index must change its log or commit index within the
 * bound. Progress restarts the clock; a follower cut off from the leader, one
 * outside the leader's configuration, and a new calm stretch are not judged
 * (or start afresh); loss stretches the bound.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView } from '../../../src/harness/api.js';
import { type CatchUpProbe, FollowerCatchUpOracle } from '../../../src/sim/oracles/follower-catch-up.js';
import { violationOf } from './violation-of.js';

const VOTERS: readonly NodeId[] = [1, 2, 3];
const BOUND_MS = 1000;

/** Three nodes, all up; links cut by `cut` ("from>to"), loss `dropRate`. */
function world(): { probe: CatchUpProbe; cut: Set<string>; loss: { rate: number } } {
  const cut = new Set<string>();
  const loss = { rate: 0 };
  const probe: CatchUpProbe = {
    nodes: VOTERS,
    configuration: () => VOTERS,
    isUp: () => true,
    isCut: (from, to) => cut.has(`${from}>${to}`),
    bursting: () => false,
    dropRate: () => loss.rate,
  };
  return { probe, cut, loss };
}

function view(role: NodeView['role'], commitIndex: number, lastIndex = commitIndex): NodeView {
  return {
    role,
    term: 2,
    commitIndex,
    appliedIndex: commitIndex,
    snapshotIndex: 0,
    lastIndex,
    termAt: () => 2,
    entryDigest: () => 'noop',
    stateDigest: () => '',
  };
}

/** n1 leads with commit index 20 from t=0; n3 sits at commit 5 and steps at `times` without changing. */
function stuckFollower(oracle: FollowerCatchUpOracle, times: readonly number[]): void {
  oracle.afterStep(0, 1, view('leader', 20), VOTERS);
  for (const now of times) oracle.afterStep(now, 3, view('follower', 5), VOTERS);
}

describe('FollowerCatchesUp', () => {
  it('fails a follower of the calm majority that makes no progress towards its leader\'s commit index within the bound', () => {
    const { probe } = world();
    const oracle = new FollowerCatchUpOracle(probe, false, BOUND_MS);
    oracle.topologyChanged(0);
    expect(violationOf(() => stuckFollower(oracle, [0, 500, 1000]))).toBeNull();
    expect(violationOf(() => stuckFollower(oracle, [1001]))).toBe(
      'n3 (commit index 5, log 0..5) has not moved towards the commit index 20 of n1, leader of term 2, for 1001ms (since t=0) while both are in the calm majority {n1,n2,n3}: a leader keeps replicating to every follower it reaches (bound 1000ms)',
    );
  });

  it('restarts the clock at every change of the follower\'s log or commit index, and stops it once caught up', () => {
    const { probe } = world();
    const oracle = new FollowerCatchUpOracle(probe, false, BOUND_MS);
    oracle.topologyChanged(0);
    oracle.afterStep(0, 1, view('leader', 20), VOTERS);
    for (let now = 0; now <= 5000; now += 500) oracle.afterStep(now, 3, view('follower', 5, 5 + now / 500), VOTERS);
    oracle.afterStep(5200, 3, view('follower', 20), VOTERS);
    expect(violationOf(() => oracle.afterStep(9000, 3, view('follower', 20), VOTERS))).toBeNull();
  });

  it('does not judge a follower cut off from the calm majority, nor one outside the leader\'s configuration', () => {
    const { probe, cut } = world();
    cut.add('1>3');
    const oracle = new FollowerCatchUpOracle(probe, true, BOUND_MS);
    oracle.topologyChanged(0);
    expect(violationOf(() => stuckFollower(oracle, [0, 2000]))).toBeNull();
    cut.clear();
    oracle.topologyChanged(2500);
    oracle.afterStep(2500, 1, view('leader', 20), [1, 2]);
    expect(violationOf(() => oracle.afterStep(5000, 3, view('follower', 5), VOTERS))).toBeNull();
  });

  it('starts afresh with a new calm stretch or a new leader, and stretches the bound for loss', () => {
    const { probe, loss } = world();
    const oracle = new FollowerCatchUpOracle(probe, false, BOUND_MS);
    oracle.topologyChanged(0);
    stuckFollower(oracle, [0, 900]);
    loss.rate = 0.2;
    oracle.topologyChanged(900);
    expect(violationOf(() => stuckFollower(oracle, [1950]))).toBeNull();
    expect(violationOf(() => stuckFollower(oracle, [900 + 1600]))).toContain('has not moved towards the commit index 20');
  });
});
