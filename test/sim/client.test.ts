/**
 * Client behaviour, driven by hand through a recording environment: follow
 * hints, retry the same (client, seq) elsewhere on timeout, give up after the
 * deadline as a new process, and never give up in the liveness phase.
 */

import { describe, expect, it } from 'vitest';
import type { ClientRequest, NodeId } from '../../src/harness/api.js';
import { replyProblem, SimClient } from '../../src/sim/client.js';
import { followRedirect } from '../../src/sim/client-routing.js';
import type { PlanOp } from '../../src/sim/plan.js';
import { RecordingClientEnv, TEST_TIMING } from '../support/recording-client-env.js';

class Harness extends RecordingClientEnv {
  readonly client: SimClient;

  constructor(ops: PlanOp[], index = 0) {
    super();
    this.client = new SimClient(index, ops, [1, 2, 3], 4, TEST_TIMING, this.history, this);
  }

  /** Fires the latest timer (earlier ones are superseded). */
  fire(): number {
    return this.fireLatest(this.client);
  }

  lastSent(): { node: NodeId; request: ClientRequest } {
    return this.sent.at(-1)!;
  }
}

const put: PlanOp = { afterMs: 5, input: { op: 'put', key: 'k0', value: '0.0' } };
const get: PlanOp = { afterMs: 0, input: { op: 'get', key: 'k0' } };

describe('SimClient', () => {
  it('sends to its first guess, follows a not-leader hint at once, and records call and return', () => {
    const h = new Harness([put, get]);
    h.client.begin(0);
    expect(h.fire()).toBe(5);
    expect(h.lastSent()).toEqual({ node: 1, request: { client: 0, seq: 1, op: put.input } });
    h.client.onReply(8, 0, { kind: 'not-leader', seq: 1, leaderHint: 3 });
    expect(h.fire()).toBe(8);
    expect(h.lastSent()).toEqual({ node: 3, request: { client: 0, seq: 1, op: put.input } });
    const ack = h.client.onReply(12, 0, { kind: 'ok', seq: 1, output: {} });
    expect(ack).toEqual({ client: 0, seq: 1, input: put.input });
    expect(h.history[0]).toEqual({ client: 0, call: 5, return: 12, input: put.input, output: {} });
    // The next operation goes straight to the node that answered.
    h.fire();
    expect(h.lastSent()).toEqual({ node: 3, request: { client: 0, seq: 2, op: get.input } });
  });

  it('backs off on a not-leader answer without a useful hint', () => {
    const h = new Harness([put]);
    h.client.begin(0);
    h.fire();
    h.client.onReply(9, 0, { kind: 'not-leader', seq: 1, leaderHint: null });
    expect(h.wakes.at(-1)!.at).toBe(29);
    h.fire();
    expect(h.lastSent().node).toBe(2);
  });

  it('retries the same seq at the next node on timeout, and ignores stale answers', () => {
    const h = new Harness([put]);
    h.client.begin(0);
    h.fire();
    expect(h.fire()).toBe(105);
    expect(h.lastSent()).toEqual({ node: 2, request: { client: 0, seq: 1, op: put.input } });
    expect(h.client.onReply(110, 0, { kind: 'ok', seq: 0, output: {} })).toBeNull();
    expect(h.client.onReply(110, 4, { kind: 'ok', seq: 1, output: {} })).toBeNull();
    expect(h.client.pending).toBe(true);
  });

  it('gives up after the deadline, leaving the operation open, and continues as a new process', () => {
    const h = new Harness([put, get], 1);
    h.client.begin(0);
    h.fire(); // call at 5, deadline 455
    let time = 0;
    while (h.client.processId === 1) time = h.fire();
    expect(time).toBe(505);
    expect(h.client.gaveUp).toBe(1);
    expect(h.history[0]).toMatchObject({ client: 1, call: 5, return: null, output: null });
    h.fire();
    // Client ids of a logical client are index + k * clientCount.
    expect(h.lastSent().request).toEqual({ client: 5, seq: 1, op: get.input });
    expect(h.history[1]).toMatchObject({ client: 5, return: null });
    // A late ok for the abandoned operation changes nothing.
    expect(h.client.onReply(600, 1, { kind: 'ok', seq: 1, output: {} })).toBeNull();
    expect(h.history[0]!.return).toBeNull();
  });

  it('in the liveness phase never gives up and starts nothing new', () => {
    const h = new Harness([put, get]);
    h.client.begin(0);
    h.fire();
    h.client.enterLiveness();
    for (let i = 0; i < 20; i++) h.fire();
    expect(h.client.gaveUp).toBe(0);
    expect(h.client.pending).toBe(true);
    h.client.onReply(5000, 0, { kind: 'ok', seq: 1, output: {} });
    h.fire();
    expect(h.client.pending).toBe(false);
    expect(h.client.unstarted).toBe(1);
    expect(h.history).toHaveLength(1);
  });
});

describe('replyProblem', () => {
  it('accepts well-formed replies and names what is wrong with the others', () => {
    expect(replyProblem({ kind: 'ok', seq: 1, output: { value: 'x' } }, { op: 'get', key: 'k0' })).toBeNull();
    expect(replyProblem({ kind: 'ok', seq: 1, output: { ok: false } }, { op: 'cas', key: 'k0', expect: '', value: 'v' })).toBeNull();
    expect(replyProblem({ kind: 'not-leader', seq: 1, leaderHint: null }, null)).toBeNull();
    expect(replyProblem({ kind: 'ok', seq: 1, output: {} }, { op: 'get', key: 'k0' })).toMatch(/without a string value/);
    expect(replyProblem({ kind: 'ok', seq: 1, output: {} }, { op: 'cas', key: 'k0', expect: '', value: 'v' })).toMatch(/boolean ok/);
    expect(replyProblem({ kind: 'ok', seq: 1 }, null)).toMatch(/output object/);
    expect(replyProblem({ kind: 'maybe', seq: 1 }, null)).toMatch(/unknown reply kind/);
    expect(replyProblem({ kind: 'ok', seq: 'one', output: {} }, null)).toMatch(/integer seq/);
    expect(replyProblem({ kind: 'not-leader', seq: 1, leaderHint: 'n2' }, null)).toMatch(/leaderHint/);
    // Only the model's output fields: the history records the output as it is.
    expect(replyProblem({ kind: 'ok', seq: 1, output: { ok: true } }, { op: 'put', key: 'k0', value: 'v' })).toMatch(/a field its output does not have \("ok"\)/);
    expect(replyProblem({ kind: 'ok', seq: 1, output: { value: 'x', index: 3 } }, { op: 'get', key: 'k0' })).toMatch(/\("index"\)/);
    expect(replyProblem({ kind: 'ok', seq: 1, output: { ok: true, value: 'x' } }, { op: 'cas', key: 'k0', expect: '', value: 'v' })).toMatch(/\("value"\)/);
    expect(replyProblem({ kind: 'ok', seq: 1, output: {} }, { op: 'delete', key: 'k0' })).toBeNull();
  });
});

describe('followRedirect', () => {
  it('learns a node it never heard of from a hint (one added since the client started), and goes there', () => {
    const known = [1, 2, 3];
    const route = { target: 1, redirects: 0 };
    expect(followRedirect(route, 4, known, 20)).toBe(0);
    expect(route.target).toBe(4);
    expect(known).toEqual([1, 2, 3, 4]);
    // Without a hint: the next known node, after the back-off.
    expect(followRedirect(route, null, known, 20)).toBe(20);
    expect(route.target).toBe(1);
  });
});
