/**
 * A node whose answers carry a field the operation's output does not have
 * (here: every put answered `{ ok: true }`, as a node that hands a client
 * another operation's output would) fails its run as MalformedReply at that
 * answer. Before, the run recorded the output as it was and the checker then
 * refused to read the history: a sweep died of an internal error instead of
 * naming a failing seed.
 */

import { describe, expect, it } from 'vitest';
import type { NodeEffect, NodeFactory, SimNode } from '../../src/harness/api.js';
import { raftFactory } from '../../src/raft/index.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { drawPlan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';

/** Our Raft, but every ok answer to a put carries `ok: true` beside nothing. */
const putAnsweredOk: NodeFactory<unknown> = {
  ...(raftFactory as NodeFactory<unknown>),
  name: 'put-answered-ok',
  start(options, files): SimNode<unknown> {
    const inner = (raftFactory as NodeFactory<unknown>).start(options, files);
    const puts = new Map<string, boolean>();
    return {
      view: () => inner.view(),
      step(input, now) {
        if (input.kind === 'client-request' && input.request.op.op === 'put') puts.set(`${input.request.client}:${input.request.seq}`, true);
        return inner.step(input, now).map((effect): NodeEffect<unknown> => {
          if (effect.kind !== 'reply' || effect.response.kind !== 'ok') return effect;
          if (puts.get(`${effect.to}:${effect.response.seq}`) !== true) return effect;
          return { ...effect, response: { ...effect.response, output: { ok: true } as never } };
        });
      },
    };
  },
};

describe('an answer with a field its output does not have', () => {
  it('fails the run as MalformedReply, never as an internal error', () => {
    let failed = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const result = runPlan(drawPlan(seed), { ...defaultSystem, factory: putAnsweredOk });
      if (result.failure === null) continue;
      failed++;
      expect(result.failure.invariant).toBe('MalformedReply');
      expect(result.failure.message).toMatch(/put k\d answered with a field its output does not have \("ok"\)/);
    }
    // A seed whose every put times out unanswered has nothing to fail on.
    expect(failed).toBeGreaterThanOrEqual(3);
  });

  it('our Raft answers within the output shapes (the same seeds pass)', () => {
    for (let seed = 1; seed <= 5; seed++) expect(runPlan(drawPlan(seed), defaultSystem).failure).toBeNull();
  });
});
