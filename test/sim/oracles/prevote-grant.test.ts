/**
 * PreVoteRespectsLeader fed by hand (minimum election timeout 5 ticks): a
 * node grants a pre-vote only 5 of its ticks after the last message of the
 * leader of its term; a refusal, a grant in a newer term, or a grant after a
 * restart (no leader heard in this incarnation) is not judged.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeInput, NodeView } from '../../../src/harness/api.js';
import { PreVoteGrantOracle } from '../../../src/sim/oracles/prevote-grant.js';
import { violationOf } from './violation-of.js';

const MIN_TICKS = 5;
const TICK: NodeInput<unknown> = { kind: 'tick' };
const heartbeat = (term: number): NodeInput<unknown> => ({ kind: 'message', from: 2, message: { term, fromLeader: true } satisfies MessagePromises });
const grant = (term: number, forTerm = term + 1): MessagePromises => ({ term, preVoteTerm: forTerm, preVoteGranted: true });

function view(term: number): NodeView {
  return { role: 'follower', term, commitIndex: 0, appliedIndex: 0, snapshotIndex: 0, lastIndex: 0, termAt: () => 0, entryDigest: () => 'noop', stateDigest: () => '' };
}

function oracle(): PreVoteGrantOracle {
  const judge = new PreVoteGrantOracle((message) => message as MessagePromises, MIN_TICKS);
  judge.started(1);
  return judge;
}

describe('PreVoteRespectsLeader', () => {
  it('fails a grant sooner than the minimum election timeout after a heartbeat of the voter\'s term', () => {
    const judge = oracle();
    judge.afterStep(1, heartbeat(4), view(4));
    for (let t = 0; t < 4; t++) judge.afterStep(1, TICK, view(4));
    expect(violationOf(() => judge.sent(1, grant(4)))).toBe(
      'n1 granted a pre-vote for term 5 only 4 ticks after it last heard from the leader of its term 4: a voter grants a pre-vote only after 5 ticks without a valid leader',
    );
  });

  it('lets it grant once the timeout passed (a late tick counts the ticks it stands for), and refuse at any time', () => {
    const judge = oracle();
    judge.afterStep(1, heartbeat(4), view(4));
    judge.sent(1, { term: 4, preVoteTerm: 5, preVoteGranted: false });
    judge.afterStep(1, { kind: 'tick', missed: 4 }, view(4));
    expect(violationOf(() => judge.sent(1, grant(4)))).toBeNull();
  });

  it('judges only a grant in the leader\'s term, within the incarnation that heard it', () => {
    const judge = oracle();
    judge.afterStep(1, heartbeat(4), view(4));
    judge.afterStep(1, { kind: 'message', from: 3, message: { term: 6 } }, view(6)); // a newer term: no leader known in it
    expect(violationOf(() => judge.sent(1, grant(6)))).toBeNull();
    judge.afterStep(1, heartbeat(6), view(6));
    judge.started(1);
    expect(violationOf(() => judge.sent(1, grant(6)))).toBeNull();
  });
});
