/**
 * CheckQuorum steps down only a leader that did not hear a majority, fed by
 * hand: n1 leads term 4 of voters [1, 2, 3] with a minimum election timeout
 * of 5 ticks; an acknowledgement from one follower within the last 5 ticks
 * makes, with n1 itself, a majority, and a step-down on a tick then fails.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeInput } from '../../../src/harness/api.js';
import { AvailabilityViolation } from '../../../src/sim/oracles/availability.js';
import { CheckQuorumHeardOracle } from '../../../src/sim/oracles/check-quorum-heard.js';
import { violationOf } from './violation-of.js';
import { bareView } from '../../support/bare-view.js';

const MIN_TICKS = 5;
const TICK: NodeInput<unknown> = { kind: 'tick' };

const view = bareView;

const ack = (from: NodeId, promise: MessagePromises): NodeInput<unknown> => ({ kind: 'message', from, message: promise });

function oracle(): CheckQuorumHeardOracle {
  return new CheckQuorumHeardOracle((message) => message as MessagePromises, [1, 2, 3], MIN_TICKS);
}

/** `count` ticks of n1 as leader of term 4. */
function lead(judge: CheckQuorumHeardOracle, count: number): void {
  for (let t = 0; t < count; t++) judge.afterStep(1, TICK, 'leader', 4, view('leader', 4));
}

const stepDown = (judge: CheckQuorumHeardOracle, voters?: readonly NodeId[]) => violationOf(() => judge.afterStep(1, TICK, 'leader', 4, view('follower', 4, voters)), AvailabilityViolation);

describe('CheckQuorum steps down only a leader that did not hear a majority', () => {
  it('fails a leader that steps down though a follower acknowledged within the minimum election timeout', () => {
    const judge = oracle();
    lead(judge, 3);
    judge.afterStep(1, ack(2, { term: 4, acknowledgedIndex: 7 }), 'leader', 4, view('leader', 4));
    lead(judge, 3);
    expect(stepDown(judge)).toContain('n1 stepped down as leader of term 4 on a timer tick though n2 acknowledged its appends within the last 5 ticks');
  });

  it('lets it step down when the acknowledgements are older, of another term, or not acknowledgements', () => {
    const judge = oracle();
    judge.afterStep(1, ack(2, { term: 4, acknowledgedIndex: 7 }), 'leader', 4, view('leader', 4));
    judge.afterStep(1, ack(3, { term: 3, acknowledgedIndex: 7 }), 'leader', 4, view('leader', 4)); // an older term's
    judge.afterStep(1, ack(3, { term: 4 }), 'leader', 4, view('leader', 4)); // a rejection: not every CheckQuorum counts it
    lead(judge, 5);
    expect(stepDown(judge)).toBeNull(); // n2's acknowledgement is 6 ticks old
  });

  it('counts a late tick with the ticks it stands for', () => {
    const judge = oracle();
    judge.afterStep(1, ack(2, { term: 4, snapshotInstalledIndex: 9 }), 'leader', 4, view('leader', 4));
    expect(violationOf(() => judge.afterStep(1, { kind: 'tick', missed: 6 }, 'leader', 4, view('follower', 4)), AvailabilityViolation)).toBeNull();
  });

  it('needs a majority of the configuration, and leaves a leader outside it alone', () => {
    const judge = oracle();
    judge.afterStep(1, ack(2, { term: 4, acknowledgedIndex: 7 }), 'leader', 4, view('leader', 4));
    expect(stepDown(judge, [1, 2, 3, 4, 5])).toBeNull(); // 2 of 5
    const removed = oracle();
    removed.afterStep(1, ack(2, { term: 4, acknowledgedIndex: 7 }), 'leader', 4, view('leader', 4));
    expect(stepDown(removed, [2, 3])).toBeNull(); // it removed itself (section 4.2.2)
  });

  it('judges only a step-down on a tick within the term', () => {
    const judge = oracle();
    judge.afterStep(1, ack(2, { term: 4, acknowledgedIndex: 7 }), 'leader', 4, view('leader', 4));
    expect(violationOf(() => judge.afterStep(1, ack(3, { term: 5 }), 'leader', 4, view('follower', 5)), AvailabilityViolation)).toBeNull();
    expect(violationOf(() => judge.afterStep(1, TICK, 'leader', 4, view('follower', 5)), AvailabilityViolation)).toBeNull();
  });
});
