/**
 * TransferStandsOnHandover fed by hand (promises are the messages
 * themselves): a leadership-transfer RequestVote sent by the step that raised
 * the node's term on a message must stand for that message's term + 1. A
 * TimeoutNow of an older term obeyed (round 11's stale-timeout-now-obeyed,
 * tikv/raft-rs PR #369) fails; the handover of the node's own term or of a
 * newer one it adopts passes, as do an ordinary candidacy, a transfer
 * election started on a tick and a RequestVote sent again in a later step.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeInput } from '../../../src/harness/api.js';
import { TransferElectionOracle } from '../../../src/sim/oracles/transfer-election.js';
import { violationOf } from './violation-of.js';

const judge = (): TransferElectionOracle => new TransferElectionOracle((message) => message as MessagePromises);
const timeoutNow = (term: number): NodeInput<unknown> => ({ kind: 'message', from: 2, message: { term } satisfies MessagePromises });
const requestVote = (term: number, leadershipTransfer: boolean): MessagePromises => ({ term, campaign: true, candidateLastLogIndex: 4, candidateLastLogTerm: 3, leadershipTransfer });

describe('TransferStandsOnHandover', () => {
  it('fails a transfer election for term 8 on a handover of term 5 (a stale TimeoutNow obeyed at term 7)', () => {
    const oracle = judge();
    oracle.afterStep(1, timeoutNow(5), 7, 8);
    expect(violationOf(() => oracle.sent(1, requestVote(8, true)))).toBe(
      'n1 stood for term 8 as a leadership transfer on a message of term 5: a transfer election follows the handover of the leader of the term it leaves (term 7), never a stale one',
    );
  });

  it('passes the handover of its own term, and of a newer term it adopts from the message', () => {
    const oracle = judge();
    oracle.afterStep(1, timeoutNow(7), 7, 8);
    oracle.sent(1, requestVote(8, true));
    oracle.afterStep(3, timeoutNow(9), 7, 10);
    oracle.sent(3, requestVote(10, true));
  });

  it('judges neither an ordinary candidacy, nor one started on a tick, nor a RequestVote sent again in a step that kept the term', () => {
    const oracle = judge();
    oracle.afterStep(1, timeoutNow(5), 7, 8);
    oracle.sent(1, requestVote(8, false));
    oracle.afterStep(1, { kind: 'tick' }, 8, 9);
    oracle.sent(1, requestVote(9, true));
    oracle.afterStep(1, timeoutNow(5), 9, 9);
    oracle.sent(1, requestVote(9, true));
  });
});
