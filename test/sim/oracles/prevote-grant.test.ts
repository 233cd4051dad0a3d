/**
 * PreVoteRespectsLeader fed by hand (minimum election timeout 5 ticks): a
 * node grants a pre-vote only 5 of its ticks after the last message of the
 * leader of its term; a refusal, a grant in a newer term, or a grant after a
 * restart (no leader heard in this incarnation) is not judged.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeInput } from '../../../src/harness/api.js';
import { ElectionTimerOracle } from '../../../src/sim/oracles/election-timer.js';
import { PreVoteGrantOracle } from '../../../src/sim/oracles/prevote-grant.js';
import { violationOf } from './violation-of.js';

const MIN_TICKS = 5;
const TICK: NodeInput<unknown> = { kind: 'tick' };
const heartbeat = (term: number): NodeInput<unknown> => ({ kind: 'message', from: 2, message: { term, fromLeader: true } satisfies MessagePromises });
const grant = (term: number, forTerm = term + 1): MessagePromises => ({ term, preVoteTerm: forTerm, preVoteGranted: true });

/**
 * The grant judge reads the ticks since the leader from the election-timer
 * oracle, as the simulator wires them: steps are fed to the timer (node 1,
 * its term `term` before and after), grants to the judge.
 */
function oracle(): { started(node: number): void; afterStep(node: number, input: NodeInput<unknown>, term: number): void; sent(from: number, message: unknown): void } {
  const promisesOf = (message: unknown): MessagePromises => message as MessagePromises;
  const timer = new ElectionTimerOracle(promisesOf, MIN_TICKS);
  const judge = new PreVoteGrantOracle(promisesOf, MIN_TICKS, (node) => timer.lastLeaderOf(node));
  timer.started(1);
  return {
    started: (node) => timer.started(node),
    afterStep: (node, input, term) => timer.afterStep(node, input, term, term),
    sent: (from, message) => judge.sent(from, message),
  };
}

describe('PreVoteRespectsLeader', () => {
  it('fails a grant sooner than the minimum election timeout after a heartbeat of the voter\'s term', () => {
    const judge = oracle();
    judge.afterStep(1, heartbeat(4), 4);
    for (let t = 0; t < 4; t++) judge.afterStep(1, TICK, 4);
    expect(violationOf(() => judge.sent(1, grant(4)))).toBe(
      'n1 granted a pre-vote for term 5 only 4 ticks after it last heard from the leader of its term 4: a voter grants a pre-vote only after 5 ticks without a valid leader',
    );
  });

  it('lets it grant once the timeout passed (a late tick counts the ticks it stands for), and refuse at any time', () => {
    const judge = oracle();
    judge.afterStep(1, heartbeat(4), 4);
    judge.sent(1, { term: 4, preVoteTerm: 5, preVoteGranted: false });
    judge.afterStep(1, { kind: 'tick', missed: 4 }, 4);
    expect(violationOf(() => judge.sent(1, grant(4)))).toBeNull();
  });

  it('judges only a grant in the leader\'s term, within the incarnation that heard it', () => {
    const judge = oracle();
    judge.afterStep(1, heartbeat(4), 4);
    judge.afterStep(1, { kind: 'message', from: 3, message: { term: 6 } }, 6); // a newer term: no leader known in it
    expect(violationOf(() => judge.sent(1, grant(6)))).toBeNull();
    judge.afterStep(1, heartbeat(6), 6);
    judge.started(1);
    expect(violationOf(() => judge.sent(1, grant(6)))).toBeNull();
  });
});
