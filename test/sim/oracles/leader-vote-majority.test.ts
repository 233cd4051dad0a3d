/**
 * LeaderVoteMajority fed hand-made steps: a node becomes leader of term T only
 * once grants of term T reached it from a majority of its voters, its own vote
 * counted while it is one of them. A duplicated grant counts once, a refusal
 * or a grant of another term not at all, a grant from outside the
 * configuration not at all; a single voter wins alone; a system that never
 * says whether it grants is not judged.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeInput } from '../../../src/harness/api.js';
import { LeaderVoteMajorityOracle } from '../../../src/sim/oracles/leader-vote-majority.js';
import { violationOf } from './violation-of.js';
import { bareView } from '../../support/bare-view.js';

const THREE = [1, 2, 3];
const FOUR = [1, 2, 3, 4];

function oracle(): LeaderVoteMajorityOracle {
  return new LeaderVoteMajorityOracle((message) => message as MessagePromises | null, THREE);
}

/** A RequestVote reply from `from` in `term`. */
const reply = (from: NodeId, term: number, granted: boolean): NodeInput<unknown> => ({
  kind: 'message',
  from,
  message: { term, voteGranted: granted } satisfies MessagePromises,
});

const tick: NodeInput<unknown> = { kind: 'tick' };

describe('LeaderVoteMajority', () => {
  it('lets a candidate lead on grants of its term from a majority, itself included', () => {
    const judge = oracle();
    expect(violationOf(() => judge.afterStep(1, reply(2, 5, true), 'candidate', 5, THREE, bareView('leader', 5, THREE)))).toBeNull();
  });

  it('counts a duplicated grant once: two copies of one voter\'s grant are not a majority of four', () => {
    const judge = oracle();
    judge.afterStep(1, reply(2, 5, true), 'candidate', 5, FOUR, bareView('candidate', 5, FOUR));
    expect(violationOf(() => judge.afterStep(1, reply(2, 5, true), 'candidate', 5, FOUR, bareView('leader', 5, FOUR)))).toBe(
      'n1 became leader of term 5 with grants of term 5 from n2: 2 of the 4 voters [1, 2, 3, 4], itself included, not a majority',
    );
  });

  it('does not count refusals, grants of an earlier term, or grants from outside the configuration', () => {
    const judge = oracle();
    judge.afterStep(1, reply(2, 4, true), 'candidate', 4, THREE, bareView('candidate', 4, THREE));
    judge.afterStep(1, reply(3, 5, false), 'candidate', 5, THREE, bareView('candidate', 5, THREE));
    expect(violationOf(() => judge.afterStep(1, reply(4, 5, true), 'candidate', 5, THREE, bareView('leader', 5, THREE)))).toContain('from n4: 1 of the 3 voters');
  });

  it('does not count the leader\'s own vote when it is not a voter of its configuration', () => {
    const judge = oracle();
    const others = [2, 3, 4];
    expect(violationOf(() => judge.afterStep(1, reply(2, 6, true), 'candidate', 6, others, bareView('leader', 6, others)))).toBe(
      'n1 became leader of term 6 with grants of term 6 from n2: 1 of the 3 voters [2, 3, 4], not a majority',
    );
    judge.afterStep(1, reply(3, 7, true), 'candidate', 7, others, bareView('candidate', 7, others));
    expect(violationOf(() => judge.afterStep(1, reply(2, 7, true), 'candidate', 7, others, bareView('leader', 7, others)))).toBeNull();
  });

  it('accepts the configuration before the step when it gives the majority', () => {
    const judge = oracle();
    judge.afterStep(1, reply(2, 5, true), 'candidate', 5, FOUR, bareView('candidate', 5, FOUR));
    expect(violationOf(() => judge.afterStep(1, reply(3, 5, true), 'candidate', 5, FOUR, bareView('leader', 5, [1, 2, 3, 4, 5, 6])))).toBeNull();
  });

  it('judges only the step that makes the node leader of a term, and a lone voter wins alone', () => {
    const judge = oracle();
    judge.afterStep(1, reply(2, 5, true), 'candidate', 5, THREE, bareView('leader', 5, THREE));
    // Leading on in the same term: nothing to judge.
    expect(violationOf(() => judge.afterStep(1, tick, 'leader', 5, [1, 2, 3, 4, 5], bareView('leader', 5, [1, 2, 3, 4, 5])))).toBeNull();
    expect(violationOf(() => judge.afterStep(1, tick, 'candidate', 9, [1], bareView('leader', 9, [1])))).toBeNull();
  });

  it('judges nothing until a message of the run says whether it grants a vote', () => {
    const judge = new LeaderVoteMajorityOracle((message) => message as MessagePromises | null, THREE);
    const silent: NodeInput<unknown> = { kind: 'message', from: 2, message: { term: 5 } satisfies MessagePromises };
    expect(violationOf(() => judge.afterStep(1, silent, 'candidate', 5, THREE, bareView('leader', 5, THREE)))).toBeNull();
    judge.afterStep(2, reply(3, 6, false), 'candidate', 6, THREE, bareView('follower', 6, THREE));
    expect(violationOf(() => judge.afterStep(1, silent, 'follower', 6, THREE, bareView('leader', 7, THREE)))).toContain('from none: 1 of the 3 voters');
  });
});
