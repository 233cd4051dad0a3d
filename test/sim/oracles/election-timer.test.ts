/**
 * ElectionTimerReset fed hand-made steps: a node may stand on a tick only
 * electionTimeoutMinTicks ticks after the last message from the leader of its
 * term (or its start); messages of other terms, or not from a leader, do not
 * restart the count. With PreVote the early standing is a campaign message
 * (a pre-vote request) sent by a tick's step, with the term unchanged.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeInput } from '../../../src/harness/api.js';
import { ElectionTimerOracle } from '../../../src/sim/oracles/election-timer.js';
import { violationOf } from './violation-of.js';

const TICK: NodeInput<unknown> = { kind: 'tick' };
const fromLeader = (term: number): NodeInput<unknown> => ({ kind: 'message', from: 2, message: { term, fromLeader: true } });
const vote = (term: number): NodeInput<unknown> => ({ kind: 'message', from: 3, message: { term } });
const preVoteRequest = (term: number): MessagePromises => ({ term, campaign: true });

function oracle(): ElectionTimerOracle {
  const timer = new ElectionTimerOracle((message) => message as MessagePromises, 5);
  timer.started(1);
  return timer;
}

describe('ElectionTimerReset', () => {
  it('lets a node stand once the minimum timeout passed since its start or its leader\'s last message', () => {
    const timer = oracle();
    for (let t = 0; t < 4; t++) timer.afterStep(1, TICK, 0, 0);
    expect(violationOf(() => timer.afterStep(1, TICK, 0, 1))).toBeNull();
    timer.afterStep(1, fromLeader(2), 1, 2);
    timer.afterStep(1, vote(1), 2, 2); // an older term's message does not count as the leader's
    for (let t = 0; t < 4; t++) timer.afterStep(1, TICK, 2, 2);
    expect(violationOf(() => timer.afterStep(1, TICK, 2, 3))).toBeNull();
  });

  it('fails a node that stands sooner after a heartbeat of its term', () => {
    const timer = oracle();
    timer.afterStep(1, fromLeader(1), 0, 1);
    timer.afterStep(1, TICK, 1, 1);
    expect(violationOf(() => timer.afterStep(1, TICK, 1, 2))).toContain('n1 stood for term 2 on a timer tick only 2 ticks after it last heard from the leader of term 1');
  });

  it('counts the ticks a late tick stands for: a node back from a pause may stand on it', () => {
    const timer = oracle();
    timer.afterStep(1, fromLeader(1), 0, 1);
    timer.afterStep(1, TICK, 1, 1);
    expect(violationOf(() => timer.afterStep(1, { kind: 'tick', missed: 3 }, 1, 2))).toBeNull();
  });

  it('fails a pre-candidate that asks for pre-votes on a tick sooner after a heartbeat of its term', () => {
    const timer = oracle();
    timer.afterStep(1, fromLeader(1), 0, 1);
    timer.afterStep(1, TICK, 1, 1);
    timer.afterStep(1, TICK, 1, 1);
    expect(violationOf(() => timer.sent(1, preVoteRequest(1)))).toContain('n1 started a campaign on a timer tick only 2 ticks after it last heard from the leader of its term');
  });

  it('lets a pre-candidate ask once the minimum timeout passed, and judges only campaigns sent by a tick\'s step', () => {
    const timer = oracle();
    timer.afterStep(1, fromLeader(1), 0, 1);
    timer.sent(1, { term: 1 }); // a reply of the message's step: no campaign
    timer.afterStep(1, TICK, 1, 1);
    timer.sent(1, { term: 1 }); // not a campaign
    timer.afterStep(1, vote(1), 1, 1);
    expect(violationOf(() => timer.sent(1, preVoteRequest(1)))).toBeNull(); // a message's step (TimeoutNow), not the timer
    for (let t = 0; t < 4; t++) timer.afterStep(1, TICK, 1, 1);
    expect(violationOf(() => timer.sent(1, preVoteRequest(1)))).toBeNull();
  });
});
