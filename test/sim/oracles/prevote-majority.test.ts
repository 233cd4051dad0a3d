/**
 * PreVoteMajority fed hand-made steps: a node of voters [1, 2, 3] stands for
 * term T on a pre-vote reply only once the grants of that very term reached
 * it from a majority, itself included. Late grants of an earlier term, a
 * refusal, a grant from outside the configuration or a grant still in flight
 * do not count; a grant of an earlier round of the same term does. And it
 * stands no sooner than the minimum election timeout after it last heard
 * from its leader (ElectionTimerReset).
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeInput } from '../../../src/harness/api.js';
import { PreVoteMajorityOracle } from '../../../src/sim/oracles/prevote-majority.js';
import { violationOf } from './violation-of.js';
import { bareView } from '../../support/bare-view.js';

const CLUSTER = [1, 2, 3];

const MIN_TICKS = 5;

/** The oracle; `ticks`: how many ticks ago each node last heard from its leader (the minimum timeout unless set). */
function oracle(ticks: Record<number, number> = {}): PreVoteMajorityOracle {
  return new PreVoteMajorityOracle((message) => message as MessagePromises, CLUSTER, (node) => ticks[node] ?? MIN_TICKS, MIN_TICKS);
}

/** A pre-vote reply from `from`, the voter being in `voterTerm`, for the election of `forTerm`. */
const reply = (from: NodeId, forTerm: number, granted: boolean, voterTerm = forTerm - 1): NodeInput<unknown> => ({
  kind: 'message',
  from,
  message: { term: voterTerm, preVoteTerm: forTerm, preVoteGranted: granted } satisfies MessagePromises,
});

const view = bareView;

describe('PreVoteMajority', () => {
  it('lets a pre-candidate stand on grants of the term it stands for', () => {
    const judge = oracle();
    expect(violationOf(() => judge.afterStep(1, reply(2, 5, true), 4, view('candidate', 5)))).toBeNull();
  });

  it('fails a candidacy built on a late grant of an earlier term', () => {
    const judge = oracle();
    // n1 asked for term 4, moved to term 4 as a follower, asked again for term 5; n2's grant for 4 arrives late.
    expect(violationOf(() => judge.afterStep(1, reply(2, 4, true, 3), 4, view('candidate', 5)))).toContain(
      'n1 stood for term 5 on a pre-vote reply (for term 4) with pre-vote grants for term 5 from none: 1 of the 3 voters [1, 2, 3], itself included, not a majority',
    );
  });

  it('does not count grants of an earlier term gathered before, nor a refusal of this one', () => {
    const judge = oracle();
    judge.afterStep(1, reply(2, 4, true, 3), 3, view('follower', 3));
    judge.afterStep(1, reply(3, 4, true, 3), 3, view('follower', 3)); // two grants for term 4, one of them late
    expect(violationOf(() => judge.afterStep(1, reply(3, 5, false), 4, view('candidate', 5)))).toContain('grants for term 5 from none');
  });

  it('counts a grant of an earlier round of the same term, once delivered, and each voter once', () => {
    const judge = oracle();
    judge.afterStep(1, reply(2, 5, true), 4, view('follower', 4));
    judge.afterStep(1, reply(2, 5, true), 4, view('follower', 4)); // a duplicate of the same grant
    expect(violationOf(() => judge.afterStep(1, reply(3, 5, false), 4, view('candidate', 5)))).toBeNull();
  });

  it('needs the majority of the configuration the node uses, and a voter\'s grant', () => {
    const five = [1, 2, 3, 4, 5];
    const short = oracle();
    expect(violationOf(() => short.afterStep(1, reply(2, 7, true), 6, view('candidate', 7, five)))).toContain('2 of the 5 voters [1, 2, 3, 4, 5]');
    const judge = oracle();
    judge.afterStep(1, reply(4, 7, true), 6, view('follower', 6, five));
    expect(violationOf(() => judge.afterStep(1, reply(2, 7, true), 6, view('candidate', 7, five)))).toBeNull();
    const other = oracle();
    other.afterStep(1, reply(4, 7, true), 6, view('follower', 6));
    // n4 is not a voter of [1, 2, 3]: its grant does not count.
    expect(violationOf(() => other.afterStep(1, reply(3, 7, false), 6, view('candidate', 7)))).toContain('1 of the 3 voters');
  });

  it('fails a pre-candidate that stands sooner than the minimum election timeout after its leader\'s last message', () => {
    const ticks = { 1: 2 };
    const judge = oracle(ticks);
    judge.afterStep(1, reply(2, 5, true), 4, view('follower', 4));
    // A majority granted, but a heartbeat of term 4 reached n1 two ticks ago, after it asked.
    expect(violationOf(() => judge.afterStep(1, reply(3, 5, true), 4, view('candidate', 5)))).toContain(
      'n1 stood for term 5 on a pre-vote reply only 2 ticks after it last heard from the leader of its term',
    );
    ticks[1] = MIN_TICKS;
    const later = oracle(ticks);
    expect(violationOf(() => later.afterStep(1, reply(3, 5, true), 4, view('candidate', 5)))).toBeNull();
  });

  it('judges only steps that handled a pre-vote reply and made the node stand', () => {
    const judge = oracle();
    const handOver: NodeInput<unknown> = { kind: 'message', from: 2, message: { term: 4 } satisfies MessagePromises };
    expect(violationOf(() => judge.afterStep(1, handOver, 4, view('candidate', 5)))).toBeNull(); // TimeoutNow: no pre-vote reply
    expect(violationOf(() => judge.afterStep(1, { kind: 'tick' }, 4, view('candidate', 5)))).toBeNull(); // PreVoteKeepsTerm's
    expect(violationOf(() => judge.afterStep(1, reply(2, 5, false, 6), 4, view('follower', 6)))).toBeNull(); // a newer real term
    expect(violationOf(() => judge.afterStep(1, reply(2, 3, true, 2), 4, view('candidate', 4)))).toBeNull(); // term unchanged
  });
});
