/**
 * SingleVotePerTerm counts a candidacy as the node's vote for itself (Figure
 * 2: a candidate votes for itself): a node that stood in a term and then
 * grants its vote in that term to a rival, or granted it and then stands in
 * that term, voted twice. Fed by hand; the fake messages are their own promises.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises } from '../../../src/harness/api.js';
import { PromiseOracle } from '../../../src/sim/oracles/promises.js';
import { violationOf } from './violation-of.js';
import { bareView } from '../../support/bare-view.js';

const VIEW = bareView('follower', 3);

function oracle(): PromiseOracle {
  const promises = new PromiseOracle((message) => message as MessagePromises, () => VIEW);
  promises.started(1, VIEW);
  return promises;
}

describe('SingleVotePerTerm and the candidate\'s own vote', () => {
  it('fails a node that stood in a term and then grants its vote in it to a rival', () => {
    const judge = oracle();
    judge.stood(1, 3);
    judge.sent(1, 2, { term: 3, campaign: true }); // its RequestVote: the candidacy is durable
    expect(violationOf(() => judge.sent(1, 2, { term: 3, voteGranted: true }))).toBe('n1 stood in term 3, voting for itself, then granted it to n2');
  });

  it('fails a node that granted its vote in a term and then stands in it', () => {
    const judge = oracle();
    judge.sent(1, 2, { term: 3, voteGranted: true });
    judge.stood(1, 3);
    expect(violationOf(() => judge.sent(1, 3, { term: 3, campaign: true }))).toBe('n1 granted its vote in term 3 to n2, then stood in term 3, voting for itself');
  });

  it('holds a node to its candidacy only once it sent a message of that term (a crash inside the fsync loses it, seed 71)', () => {
    const judge = oracle();
    judge.stood(1, 3);
    judge.sent(1, 2, { term: 2 }); // a message of an older term (an earlier step's): not the candidacy's
    judge.started(1, VIEW); // it crashed inside the candidacy's fsync: nothing of term 3 left the node
    expect(violationOf(() => judge.sent(1, 2, { term: 3, voteGranted: true }))).toBeNull();
  });

  it('lets a node stand again in the same term (candidate, then leader), refuse rivals, and vote in a newer term', () => {
    const judge = oracle();
    judge.stood(1, 3);
    judge.sent(1, 2, { term: 3, campaign: true });
    judge.stood(1, 3);
    judge.sent(1, 2, { term: 3, fromLeader: true });
    judge.sent(1, 2, { term: 3, voteGranted: false });
    expect(violationOf(() => judge.sent(1, 2, { term: 4, voteGranted: true }))).toBeNull();
  });
});
