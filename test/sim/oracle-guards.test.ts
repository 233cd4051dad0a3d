/**
 * Oracles that rested on one narrow unit test (issue 10.18, simulator side):
 * each test here fails when its oracle is unwired or bent.
 * - AcknowledgedWriteLost, end to end: a node that answers puts `ok` without
 *   proposing them is caught by that invariant (not only, later, by the checker).
 * - The liveness deadline with a leader elected but an operation still pending.
 * - The client's recorded call time: every operation's `call` is the moment
 *   its first request left, for every operation of a real run (retries,
 *   redirects and give-ups included).
 */

import { describe, expect, it } from 'vitest';
import type { NodeFactory, NodeInput } from '../../src/harness/api.js';
import { defaultSystem, drawPlan, runPlan, runSeed, type System } from '../../src/sim/index.js';

function wrapped(name: string, intercept: (input: NodeInput<unknown>) => ReturnType<ReturnType<NodeFactory<unknown>['start']>['step']> | null): System {
  const inner = defaultSystem.factory;
  const factory: NodeFactory<unknown> = {
    ...inner,
    name,
    start(options, files) {
      const node = inner.start(options, files);
      return { view: () => node.view(), step: (input) => intercept(input) ?? node.step(input) };
    },
  };
  return { ...defaultSystem, factory };
}

/** Answers every put `ok` at once and never proposes it; everything else goes to our Raft. */
const acksWithoutProposing = wrapped('acks-puts-without-proposing', (input) => {
  if (input.kind !== 'client-request' || input.request.op.op !== 'put') return null;
  return [{ kind: 'reply', to: input.request.client, response: { kind: 'ok', seq: input.request.seq, output: {} } }];
});

/** Never answers a client: a leader is elected, but no operation can complete. */
const answersNoClient = wrapped('answers-no-client', (input) => (input.kind === 'client-request' ? [] : null));

describe('oracle guards', () => {
  it('AcknowledgedWriteLost catches a node that acknowledges puts it never proposed', () => {
    for (const seed of [1, 2, 3]) {
      const result = runSeed(seed, { profile: 'calm' }, acksWithoutProposing);
      expect(result.failure, `seed ${seed}`).toMatchObject({ kind: 'safety', invariant: 'AcknowledgedWriteLost' });
      expect(result.failure?.message).toMatch(/^client c\d+ got ok for seq \d+ but no committed entry carries it/);
    }
  });

  it('the liveness deadline fails a run whose leader is there but whose operation never completes', () => {
    // The availability oracle would catch this first (an operation that reached
    // the leader unanswered for W). Election timeouts of ~2 s make its W (five of
    // them) outlast the liveness budget, so only the liveness deadline can.
    const plan = drawPlan(4, { profile: 'calm' });
    plan.config.tuning = { ...plan.config.tuning, electionTimeoutMinTicks: 200, electionTimeoutMaxTicks: 210 };
    const result = runPlan(plan, answersNoClient);
    expect(result.failure).toMatchObject({ kind: 'liveness', invariant: 'Liveness' });
    expect(result.failure?.message).toMatch(/leaders n\d \(term \d+\); \d+ operation\(s\) still pending: client c\d+ seq \d+/);
    expect(result.failure?.message).not.toMatch(/no leader/);
  });

  it("records each operation's call at the moment its first request left", () => {
    for (const seed of [1, 7, 12]) {
      const result = runSeed(seed, {}, defaultSystem, { keepTrace: true });
      const calls = (result.trace ?? []).filter((event) => event.kind === 'call').map((event) => `${event.node}@${event.time}`);
      const recorded = result.history.operations.map((op) => `${op.client}@${op.call}`);
      expect(recorded.length, `seed ${seed}`).toBeGreaterThan(10);
      expect(recorded, `seed ${seed}`).toEqual(calls);
      const retried = (result.trace ?? []).filter((event) => event.kind === 'retry').length;
      expect(retried, `seed ${seed} should include retries`).toBeGreaterThan(0);
    }
  });
});
