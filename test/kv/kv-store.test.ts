/** The kv state machine (history-format.md semantics) and client sessions (exactly-once retries, snapshotted). */

import fc from 'fast-check';
import type { KvInput } from '@raft-check/checker';
import { describe, expect, it } from 'vitest';
import { KvStore } from '../../src/kv/kv-store.js';
import { markCounts, resetMarks } from '../../src/util/marks.js';

const req = (client: number, seq: number, op: KvInput) => ({ client, seq, op });

describe('kv operations', () => {
  it('get/put/append/delete/cas per the spec, absent equals empty', () => {
    const kv = new KvStore();
    expect(kv.apply(req(1, 1, { op: 'get', key: 'x' }))).toEqual({ kind: 'applied', output: { value: '' } });
    expect(kv.apply(req(1, 2, { op: 'append', key: 'x', value: 'a' }))).toEqual({ kind: 'applied', output: {} });
    expect(kv.apply(req(1, 3, { op: 'append', key: 'x', value: 'b' })).kind).toBe('applied');
    expect(kv.apply(req(1, 4, { op: 'cas', key: 'x', expect: 'zz', value: 'c' }))).toEqual({ kind: 'applied', output: { ok: false } });
    expect(kv.apply(req(1, 5, { op: 'cas', key: 'x', expect: 'ab', value: 'c' }))).toEqual({ kind: 'applied', output: { ok: true } });
    expect(kv.apply(req(1, 6, { op: 'get', key: 'x' }))).toEqual({ kind: 'applied', output: { value: 'c' } });
    kv.apply(req(1, 7, { op: 'delete', key: 'x' }));
    expect(kv.apply(req(1, 8, { op: 'cas', key: 'x', expect: '', value: 'd' }))).toEqual({ kind: 'applied', output: { ok: true } });
    kv.apply(req(1, 9, { op: 'put', key: 'x', value: '' }));
    expect(kv.apply(req(1, 10, { op: 'get', key: 'x' }))).toEqual({ kind: 'applied', output: { value: '' } });
  });
});

describe('sessions', () => {
  it('applies a retried (client, seq) once and answers it with the recorded output', () => {
    const kv = new KvStore();
    kv.apply(req(1, 1, { op: 'append', key: 'k', value: 'x' }));
    resetMarks();
    expect(kv.apply(req(1, 1, { op: 'append', key: 'k', value: 'x' }))).toEqual({ kind: 'duplicate', output: {} });
    expect(markCounts()['retried-command-deduplicated']).toBe(1);
    expect(kv.apply(req(2, 1, { op: 'get', key: 'k' }))).toEqual({ kind: 'applied', output: { value: 'x' } });
    expect(kv.appliedOutput(1, 1)).toEqual({});
    expect(kv.appliedOutput(1, 2)).toBeUndefined();
  });

  it('skips a command older than the client\'s last applied one', () => {
    const kv = new KvStore();
    kv.apply(req(1, 1, { op: 'append', key: 'k', value: 'a' }));
    kv.apply(req(1, 2, { op: 'append', key: 'k', value: 'b' }));
    expect(kv.apply(req(1, 1, { op: 'append', key: 'k', value: 'a' }))).toEqual({ kind: 'superseded' });
    expect(kv.apply(req(3, 1, { op: 'get', key: 'k' }))).toEqual({ kind: 'applied', output: { value: 'ab' } });
  });

  it('the session table survives snapshot and restore: a retry after restore is still deduplicated', () => {
    const kv = new KvStore();
    kv.apply(req(1, 1, { op: 'append', key: 'k', value: 'x' }));
    kv.apply(req(2, 5, { op: 'cas', key: 'k', expect: 'x', value: 'y' }));
    const snapshot = kv.snapshot();
    const restored = new KvStore();
    restored.apply(req(9, 1, { op: 'put', key: 'junk', value: 'gone' }));
    restored.restore(snapshot);
    expect(restored.digest()).toBe(kv.digest());
    expect(restored.apply(req(2, 5, { op: 'cas', key: 'k', expect: 'x', value: 'y' }))).toEqual({ kind: 'duplicate', output: { ok: true } });
    expect(restored.apply(req(1, 1, { op: 'append', key: 'k', value: 'x' })).kind).toBe('duplicate');
    expect(restored.apply(req(9, 1, { op: 'get', key: 'junk' }))).toEqual({ kind: 'applied', output: { value: '' } });
  });

  it('a snapshot is not changed by later applies (it may be in flight to a follower)', () => {
    const kv = new KvStore();
    kv.apply(req(1, 1, { op: 'put', key: 'k', value: 'v1' }));
    const snapshot = kv.snapshot();
    const before = JSON.stringify(snapshot);
    kv.apply(req(1, 2, { op: 'put', key: 'k', value: 'v2' }));
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it('restore(snapshot) then the same commands gives the same digest as applying everything (property)', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('put' as const), key: fc.constantFrom('a', 'b'), value: fc.string({ maxLength: 2 }) }),
      fc.record({ op: fc.constant('append' as const), key: fc.constantFrom('a', 'b'), value: fc.string({ maxLength: 2 }) }),
      fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom('a', 'b') }),
      fc.record({ op: fc.constant('get' as const), key: fc.constantFrom('a', 'b') }),
      fc.record({ op: fc.constant('cas' as const), key: fc.constantFrom('a', 'b'), expect: fc.string({ maxLength: 2 }), value: fc.string({ maxLength: 2 }) }),
    );
    const command = fc.record({ client: fc.nat(2), seqStep: fc.nat(1), op });
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), fc.nat(), (commands, splitSeed) => {
        const seqs = new Map<number, number>();
        const requests = commands.map((c) => {
          const seq = (seqs.get(c.client) ?? 0) + c.seqStep; // seqStep 0: a retry of the previous command
          seqs.set(c.client, seq);
          return req(c.client, Math.max(seq, 1), c.op);
        });
        const split = requests.length === 0 ? 0 : splitSeed % (requests.length + 1);
        const straight = new KvStore();
        const outputs = requests.map((r) => straight.apply(r));
        const first = new KvStore();
        requests.slice(0, split).forEach((r) => first.apply(r));
        const second = new KvStore();
        second.restore(first.snapshot());
        const laterOutputs = requests.slice(split).map((r) => second.apply(r));
        expect(second.digest()).toBe(straight.digest());
        expect(laterOutputs).toEqual(outputs.slice(split));
      }),
    );
  });
});
