/**
 * TransferRefusesProposals fed hand-made deliveries and replies: an 'ok' to a
 * request the leader received only while transferring is a violation; one it
 * also received outside the transfer (before, or as a retry after) is not, nor
 * is a request that reached it in another term or while it did not lead.
 */

import { describe, expect, it } from 'vitest';
import { TransferProposalOracle } from '../../../src/sim/oracles/transfer-proposals.js';
import { violationOf } from './violation-of.js';

describe('TransferRefusesProposals', () => {
  it('fails an ok to a request received only during the transfer', () => {
    const oracle = new TransferProposalOracle();
    oracle.transferTaken(7, 1, 3);
    oracle.requestTaken(1, true, 3, 0, 5);
    expect(violationOf(() => oracle.replied(1, 0, 5, true))).toMatch(/n1 answered ok to c0 seq 5.*transferring/);
  });

  it('passes a not-leader answer, and an ok after a receipt outside the transfer', () => {
    const oracle = new TransferProposalOracle();
    oracle.requestTaken(1, true, 3, 0, 5);
    oracle.transferTaken(7, 1, 3);
    oracle.requestTaken(1, true, 3, 0, 5);
    oracle.requestTaken(1, true, 3, 0, 6);
    expect(violationOf(() => oracle.replied(1, 0, 6, false))).toBeNull();
    expect(violationOf(() => oracle.replied(1, 0, 5, true))).toBeNull();
    oracle.transferAnswered(7);
    oracle.requestTaken(1, true, 3, 0, 6);
    expect(violationOf(() => oracle.replied(1, 0, 6, true))).toBeNull();
  });

  it('holds only the leader of the transfer term to it', () => {
    const oracle = new TransferProposalOracle();
    oracle.transferTaken(7, 1, 3);
    oracle.requestTaken(1, true, 4, 0, 5);
    oracle.requestTaken(2, false, 3, 1, 1);
    oracle.requestTaken(1, false, 3, 2, 1);
    expect(violationOf(() => oracle.replied(1, 0, 5, true))).toBeNull();
    expect(violationOf(() => oracle.replied(2, 1, 1, true))).toBeNull();
    expect(violationOf(() => oracle.replied(1, 2, 1, true))).toBeNull();
  });
});
