/**
 * RemovedLeaderStepsDown fed by hand: a leader whose log removes it (entry 2,
 * {n1,n2,n3} to {n2,n3}) may lead while that entry is uncommitted, and must
 * not once it is committed. Followers, and a committed configuration the
 * simulator cannot read, are not judged.
 */

import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../../src/harness/api.js';
import { ConfigurationOracle } from '../../../src/sim/oracles/configuration-log.js';
import { checkRemovedLeaderStepsDown } from '../../../src/sim/oracles/removed-leader.js';
import { violationOf } from './violation-of.js';

/** n1's view of a log whose entry 2 removes n1, committed up to `commitIndex`. */
function viewOfN1(role: NodeView['role'], commitIndex: number): NodeView {
  const digests = ['noop', 'config 2,3'];
  return {
    role,
    term: 3,
    commitIndex,
    appliedIndex: commitIndex,
    snapshotIndex: 0,
    lastIndex: digests.length,
    termAt: (index) => (index === 0 ? 0 : 3),
    entryDigest: (index) => digests[index - 1] as string,
    stateDigest: () => '',
    configuration: () => [2, 3],
  };
}

/** The committed configuration of n1 after the step that produced `view`, as ConfigurationFollowsLog reads it. */
function committedVoters(view: NodeView): readonly number[] | null {
  const configurations = new ConfigurationOracle([1, 2, 3]);
  configurations.started(1);
  configurations.afterStep(1, view);
  return configurations.committedConfiguration(1, view);
}

describe('RemovedLeaderStepsDown', () => {
  it('fails a leader still leading once the configuration that removes it is committed', () => {
    const view = viewOfN1('leader', 2);
    expect(violationOf(() => checkRemovedLeaderStepsDown(1, view, committedVoters(view)))).toBe(
      'n1 leads term 3 after committing up to 2 a configuration without it ({n2,n3}): a removed leader steps down once its removal commits',
    );
  });

  it('passes a removed leader while its removal is uncommitted (it leads on to commit it)', () => {
    const view = viewOfN1('leader', 1);
    expect(committedVoters(view)).toEqual([1, 2, 3]);
    expect(violationOf(() => checkRemovedLeaderStepsDown(1, view, committedVoters(view)))).toBeNull();
  });

  it('passes the step in which it stepped down, and a leader its committed configuration holds', () => {
    const follower = viewOfN1('follower', 2);
    expect(violationOf(() => checkRemovedLeaderStepsDown(1, follower, committedVoters(follower)))).toBeNull();
    expect(violationOf(() => checkRemovedLeaderStepsDown(2, viewOfN1('leader', 2), [2, 3]))).toBeNull();
  });

  it('passes a leader added by an entry above its commit index (commit indexes restart from the snapshot)', () => {
    const digests = ['noop', 'config 1,2,3,4', 'noop'];
    const view: NodeView = { ...viewOfN1('leader', 1), lastIndex: 3, entryDigest: (index) => digests[index - 1] as string, configuration: () => [1, 2, 3, 4] };
    expect(violationOf(() => checkRemovedLeaderStepsDown(4, view, [1, 2, 3]))).toBeNull();
  });

  it('does not judge a committed configuration it cannot read', () => {
    expect(violationOf(() => checkRemovedLeaderStepsDown(1, viewOfN1('leader', 2), null))).toBeNull();
  });
});
