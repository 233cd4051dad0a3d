/**
 * ReadConfirmedInTerm fed by hand: a get answered in a term a majority had
 * left before it first reached a node (or, with no delivery recorded, before
 * the client sent it) fails; the same answer is fine when the majority moved
 * on only after that, when the moved-on nodes are a minority, or when one of
 * them restarted from a disk a storage fault struck.
 */

import { describe, expect, it } from 'vitest';
import { InvariantViolation } from '../../../src/sim/invariants.js';
import { ReadConfirmationOracle } from '../../../src/sim/oracles/read-confirmation.js';

const VOTERS = [1, 2, 3];
const get = (client: number, seq: number) => ({ client, seq, op: { op: 'get' as const, key: 'k' } });
const inTerm = (term: number) => () => ({ term, voters: VOTERS });

/** n2 and n3 sent term 3 at t=100; n1 still answers in term 2. */
function movedOnAt100(): ReadConfirmationOracle {
  const oracle = new ReadConfirmationOracle();
  for (const node of VOTERS) oracle.termSent(node, 2, 10);
  oracle.termSent(2, 3, 100);
  oracle.termSent(3, 3, 100);
  return oracle;
}

describe('ReadConfirmedInTerm', () => {
  it('fails a get sent after a majority sent a newer term and answered in the old one', () => {
    const oracle = movedOnAt100();
    oracle.requestSent(150, get(7, 1));
    let raised: unknown = null;
    try {
      oracle.answered(160, 1, 7, 1, inTerm(2));
    } catch (error) {
      raised = error;
    }
    expect(raised).toBeInstanceOf(InvariantViolation);
    expect((raised as InvariantViolation).invariant).toBe('ReadConfirmedInTerm');
    expect((raised as Error).message).toContain('n2 (term 3), n3 (term 3)');
  });

  it('passes the same answer when the get was sent before the majority moved on (a retry keeps its first send)', () => {
    const oracle = movedOnAt100();
    oracle.requestSent(90, get(7, 1));
    oracle.requestSent(150, get(7, 1));
    expect(() => oracle.answered(160, 1, 7, 1, inTerm(2))).not.toThrow();
  });

  it('fails a get sent before the majority moved on but first delivered after it (round 12: judged from the delivery)', () => {
    const oracle = movedOnAt100();
    oracle.requestSent(95, get(7, 1));
    oracle.requestDelivered(105, get(7, 1));
    expect(() => oracle.answered(106, 1, 7, 1, inTerm(2))).toThrow(/first reached a node at t=105/);
  });

  it('passes a get delivered before the majority moved on and answered after it (a ReadIndex round confirmed before the election)', () => {
    const oracle = movedOnAt100();
    oracle.requestSent(90, get(7, 1));
    oracle.requestDelivered(95, get(7, 1));
    // A retry reaches a node after the move: the first delivery counts, the node may have confirmed it before.
    oracle.requestSent(150, get(7, 1));
    oracle.requestDelivered(155, get(7, 1));
    expect(() => oracle.answered(160, 1, 7, 1, inTerm(2))).not.toThrow();
  });

  it('judges from the first send when no delivery was recorded', () => {
    const oracle = movedOnAt100();
    oracle.requestSent(90, get(7, 1));
    expect(() => oracle.answered(160, 1, 7, 1, inTerm(2))).not.toThrow();
    oracle.requestSent(150, get(7, 2));
    expect(() => oracle.answered(160, 1, 7, 2, inTerm(2))).toThrow(/first sent at t=150/);
  });

  it('passes when only a minority moved on, when the answer is in the newer term, and for writes', () => {
    const oracle = new ReadConfirmationOracle();
    oracle.termSent(2, 3, 100);
    oracle.requestSent(150, get(7, 1));
    expect(() => oracle.answered(160, 1, 7, 1, inTerm(2))).not.toThrow();
    const majority = movedOnAt100();
    majority.requestSent(150, get(7, 1));
    expect(() => majority.answered(160, 2, 7, 1, inTerm(3))).not.toThrow();
    majority.requestSent(150, { client: 8, seq: 1, op: { op: 'put', key: 'k', value: 'v' } });
    expect(() => majority.answered(160, 1, 8, 1, inTerm(2))).not.toThrow();
  });

  it('does not count what a node sent before it restarted from a struck disk (it may have lost the term)', () => {
    const oracle = movedOnAt100();
    oracle.restartedDamaged(3);
    oracle.requestSent(150, get(7, 1));
    expect(() => oracle.answered(160, 1, 7, 1, inTerm(2))).not.toThrow();
  });

  it('counts what a node sent after its damaged restart', () => {
    const oracle = movedOnAt100();
    oracle.restartedDamaged(3);
    oracle.termSent(3, 3, 120);
    oracle.requestSent(150, get(7, 1));
    expect(() => oracle.answered(160, 1, 7, 1, inTerm(2))).toThrow(InvariantViolation);
  });
});
