/**
 * The sticky reader (src/sim/sticky-reader.ts), driven by hand: it polls the
 * deposed leader while the deposition lasts, stops polling once that node
 * goes silent or answers not-leader (finishing the read in flight
 * elsewhere), and the deposition guard keeps the faults that would end a
 * deposition from striking while it lasts.
 */

import { describe, expect, it } from 'vitest';
import { endsDeposition } from '../../src/sim/deposition-guard.js';
import { STICKY_PROCESS_BASE, StickyReader } from '../../src/sim/sticky-reader.js';
import { RecordingClientEnv, TEST_TIMING } from '../support/recording-client-env.js';

class Harness extends RecordingClientEnv {
  readonly reader = new StickyReader([1, 2, 3], 4, 10, TEST_TIMING, this.history, this);

  fire(): number {
    return this.fireLatest(this.reader);
  }

  answerOk(now: number, value = ''): void {
    const { request } = this.sent.at(-1)!;
    this.reader.onReply(now, request.client, { kind: 'ok', seq: request.seq, output: { value } });
  }
}

describe('sticky reader', () => {
  it('polls nothing until a deposition, then the deposed leader every pollMs until the deposition ends', () => {
    const h = new Harness();
    h.reader.begin();
    expect(h.sent).toEqual([]);
    h.reader.watch(100, 2, 135);
    expect(h.sent.map((s) => [s.node, s.request.op])).toEqual([[2, { op: 'get', key: 'k0' }]]);
    expect(h.sent[0]!.request.client).toBe(STICKY_PROCESS_BASE);
    h.answerOk(103);
    // Another client's write is answered meanwhile: the next poll reads its key back.
    h.history.push({ client: 0, call: 104, return: 108, input: { op: 'put', key: 'k3', value: '0.0' }, output: { value: '' } });
    expect(h.fire()).toBe(113);
    expect(h.sent.at(-1)).toMatchObject({ node: 2, request: { seq: 2, op: { op: 'get', key: 'k3' } } });
    h.answerOk(116);
    expect(h.fire()).toBe(126);
    // The poll after this one would start at 140, past the deposition's end: none is armed.
    h.answerOk(130);
    expect(h.reader.pending).toBe(false);
    h.fire();
    expect(h.sent).toHaveLength(3);
    expect(h.history.map((op) => [op.call, op.return])).toEqual([
      [100, 103],
      [104, 108],
      [113, 116],
      [126, 130],
    ]);
  });

  it('asks its silent node again while the deposition lasts, then finishes the read at the next node and polls no more', () => {
    const h = new Harness();
    h.reader.watch(0, 2, 150);
    expect(h.fire()).toBe(100);
    expect(h.sent.map((s) => [s.node, s.request.seq])).toEqual([
      [2, 1],
      [2, 1],
    ]);
    expect(h.fire()).toBe(200);
    expect(h.sent.at(-1)).toMatchObject({ node: 3, request: { seq: 1 } });
    h.answerOk(205);
    expect(h.reader.pending).toBe(false);
    h.fire();
    expect(h.sent).toHaveLength(3);
  });

  it('follows a not-leader hint to finish its read, and polls no more', () => {
    const h = new Harness();
    h.reader.watch(0, 2, 1000);
    const { request } = h.sent.at(-1)!;
    h.reader.onReply(4, request.client, { kind: 'not-leader', seq: request.seq, leaderHint: 1 });
    h.fire();
    expect(h.sent.at(-1)).toMatchObject({ node: 1, request: { seq: request.seq } });
    h.answerOk(9);
    expect(h.sent).toHaveLength(2);
    expect(h.reader.pending).toBe(false);
  });

  it('starts nothing in the liveness phase', () => {
    const h = new Harness();
    h.reader.enterLiveness();
    h.reader.watch(0, 2, 1000);
    expect(h.sent).toEqual([]);
  });
});

describe('deposition guard', () => {
  it('skips what would end the deposition of n2, and nothing else', () => {
    expect(endsDeposition({ at: 1, kind: 'heal' }, 2)).toBe(true);
    expect(endsDeposition({ at: 1, kind: 'partition', partition: { kind: 'symmetric', groups: [[1], [2, 3]] } } as never, 2)).toBe(true);
    expect(endsDeposition({ at: 1, kind: 'crash', node: 2, duringFsync: false }, 2)).toBe(true);
    expect(endsDeposition({ at: 1, kind: 'pause', node: 2, durationMs: 50 }, 2)).toBe(true);
    expect(endsDeposition({ at: 1, kind: 'crash', node: 3, duringFsync: false }, 2)).toBe(false);
    expect(endsDeposition({ at: 1, kind: 'pause', node: 1, durationMs: 50 }, 2)).toBe(false);
    expect(endsDeposition({ at: 1, kind: 'burst', durationMs: 50, drop: 0.1, duplicate: 0 }, 2)).toBe(false);
  });
});
