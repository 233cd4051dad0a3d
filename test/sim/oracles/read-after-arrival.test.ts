/**
 * ReadConfirmedAfterArrival fed by hand: a leader that answers a get on a
 * round started before the get arrived fails; a fresh round, or a chain of
 * messages through a follower, after the arrival passes; a retry answered
 * from a cache at another node is judged from the get's first arrival; an
 * answer whose tracking paused since the arrival, or in a run whose messages
 * cannot carry a vector, is not judged; a majority of a configuration held
 * since the arrival passes when the answering node's configuration changed.
 */

import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/harness/api.js';
import { InvariantViolation } from '../../../src/sim/invariants.js';
import { ReadAfterArrivalOracle } from '../../../src/sim/oracles/read-after-arrival.js';

const get = (client: number, seq: number) => ({ client, seq, op: { op: 'get' as const, key: 'k' } });
const put = (client: number, seq: number) => ({ client, seq, op: { op: 'put' as const, key: 'k', value: 'v' } });

/** An oracle over a cluster whose configurations a test may change, and a way to pass messages through it. */
function cluster(voters: readonly NodeId[] = [1, 2, 3]) {
  const configurations = new Map<NodeId, readonly NodeId[]>(voters.map((node) => [node, voters]));
  const oracle = new ReadAfterArrivalOracle((node) => configurations.get(node) ?? voters);
  /** A message from `from` sent at `sentAt` and delivered to `to` at `deliveredAt`. */
  const message = (from: NodeId, to: NodeId, sentAt: number, deliveredAt: number): void => {
    const body = { from, to, sentAt };
    oracle.sent(from, body, sentAt);
    oracle.delivered(to, body, deliveredAt);
  };
  const answer = (now: number, node: NodeId, client: number, seq: number, term = 2): void =>
    oracle.answered(now, node, client, seq, () => ({ term, voters: configurations.get(node) ?? voters }));
  return { oracle, message, answer, configurations };
}

function violationOf(run: () => void): InvariantViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof InvariantViolation) return error;
    throw error;
  }
  throw new Error('no violation');
}

describe('ReadConfirmedAfterArrival', () => {
  it('fails a leader that answers on a round it started before the get arrived', () => {
    const { oracle, message, answer } = cluster();
    oracle.requestDelivered(1, get(8, 1), 90); // another get keeps tracking on
    message(1, 2, 100, 101); // the round's heartbeat
    oracle.requestDelivered(1, get(7, 1), 102); // the get arrives while the round is in flight
    message(2, 1, 101, 103); // the follower's answer, sent before the arrival
    const violation = violationOf(() => answer(104, 1, 7, 1));
    expect(violation.invariant).toBe('ReadConfirmedAfterArrival');
    expect(violation.message).toBe(
      'n1 answered a get of client c7 (seq 1) in term 2 at t=104, first received at t=102 (by n1); voters heard from since, causally: none of n1, n2, n3 (n1 counts itself), no majority',
    );
  });

  it('passes the same leader once a round started after the arrival is answered', () => {
    const { oracle, message, answer } = cluster();
    oracle.requestDelivered(1, get(8, 1), 90);
    message(1, 2, 100, 101);
    oracle.requestDelivered(1, get(7, 1), 102);
    message(2, 1, 101, 103);
    message(1, 2, 104, 105);
    message(2, 1, 105, 106);
    expect(() => answer(107, 1, 7, 1)).not.toThrow();
  });

  it('counts a voter heard through a chain of messages, and names whom it heard when short', () => {
    const { oracle, message, answer } = cluster([1, 2, 3, 4, 5]);
    oracle.requestDelivered(1, get(7, 1), 100);
    message(2, 1, 101, 102); // n2 reaches n1: two of five
    expect(violationOf(() => answer(103, 1, 7, 1)).message).toContain('voters heard from since, causally: n2 of n1, n2, n3, n4, n5');
    oracle.requestDelivered(1, get(7, 2), 110);
    message(3, 2, 111, 112); // n3 reaches n2 only
    message(2, 1, 113, 114); // n2's message carries what it knew of n3
    expect(() => answer(115, 1, 7, 2)).not.toThrow();
  });

  it('judges a retry answered from a cache at another node from the get first arrival', () => {
    const { oracle, message, answer } = cluster();
    oracle.requestDelivered(1, get(7, 1), 100); // first arrival, at the old leader
    message(1, 2, 101, 102); // its round reached n2
    oracle.requestDelivered(2, get(7, 1), 200); // the retry, at n2, which answers from its session cache
    expect(() => answer(201, 2, 7, 1)).not.toThrow();
  });

  it('does not judge a late copy of an earlier get, answered from a cache after the client moved on (brutal seed 1117)', () => {
    const { oracle, answer } = cluster();
    oracle.requestDelivered(1, get(7, 2), 100);
    oracle.requestDelivered(1, get(7, 3), 200);
    oracle.requestDelivered(2, get(7, 2), 300); // a retry of seq 2 held back in the network
    expect(() => answer(300, 2, 7, 2)).not.toThrow();
    expect(() => answer(301, 2, 7, 3)).toThrow(/c7 \(seq 3\).*first received at t=200 \(by n1\)/);
  });

  it('does not judge an answer whose tracking paused since the get arrived', () => {
    const { oracle, answer } = cluster();
    oracle.requestDelivered(1, get(7, 1), 100);
    oracle.requestDelivered(1, put(7, 2), 150); // c7 gave up on its get: no get is open, tracking pauses
    oracle.requestDelivered(2, get(8, 1), 160);
    expect(() => answer(170, 1, 7, 1)).not.toThrow();
    expect(() => answer(171, 2, 8, 1)).toThrow(InvariantViolation);
  });

  it('judges nothing once a message is no object (nothing to attach a vector to)', () => {
    const { oracle, answer } = cluster();
    oracle.requestDelivered(1, get(7, 1), 100);
    oracle.sent(1, 42, 101);
    expect(() => answer(102, 1, 7, 1)).not.toThrow();
  });

  it('judges writes never', () => {
    const { oracle, answer } = cluster();
    oracle.requestDelivered(1, put(7, 1), 100);
    expect(() => answer(102, 1, 7, 1)).not.toThrow();
  });

  it('passes a majority of a configuration held since the arrival when the answering node has moved on', () => {
    const { oracle, message, answer, configurations } = cluster();
    oracle.requestDelivered(1, get(7, 1), 100);
    message(2, 1, 101, 102); // n1 heard n2: a majority of [1, 2, 3]
    configurations.set(1, [1, 2, 3, 4]); // then n1 appended the addition of n4
    message(1, 2, 103, 104); // n1's configuration is read when it sends
    expect(() => answer(105, 1, 7, 1)).not.toThrow();
    // A configuration that came and went before the arrival does not count.
    const later = cluster();
    later.configurations.set(1, [1, 2]);
    later.oracle.requestDelivered(1, get(8, 1), 50);
    later.configurations.set(1, [1, 2, 3]);
    later.message(1, 3, 60, 61);
    later.oracle.requestDelivered(1, get(7, 1), 100);
    expect(() => later.answer(105, 1, 7, 1)).toThrow(/none of n1, n2, n3/);
  });
});
