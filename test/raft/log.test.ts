/**
 * RaftLog: indexing around the snapshot base, Figure 2's append/truncate
 * rule (truncate only on a real conflict), compaction, and a property test
 * against a naive array model.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../src/raft/log.js';
import type { Entry } from '../../src/raft/types.js';
import { AssertionFailure } from '../../src/util/assert.js';

function entry(term: number, tag = ''): Entry {
  return tag === '' ? { term, command: { kind: 'noop' } } : { term, command: { kind: 'client', request: { client: 1, seq: 1, op: { op: 'get', key: tag } } } };
}

function terms(log: RaftLog): number[] {
  const result: number[] = [];
  for (let index = log.snapshotIndex + 1; index <= log.lastIndex; index++) result.push(log.entryAt(index).term);
  return result;
}

describe('RaftLog basics', () => {
  it('starts empty at 0@0 and appends in term order', () => {
    const log = new RaftLog();
    expect([log.lastIndex, log.lastTerm, log.termAt(0)]).toEqual([0, 0, 0]);
    log.append(entry(1));
    log.append(entry(2));
    expect([log.lastIndex, log.lastTerm, log.termAt(1), log.termAt(2), log.termAt(3)]).toEqual([2, 2, 1, 2, undefined]);
    expect(() => log.append(entry(1))).toThrow(AssertionFailure);
  });

  it('compacts to a base and keeps indexing by absolute index', () => {
    const log = new RaftLog(0, 0, [entry(1), entry(1), entry(2), entry(3)]);
    log.compactTo(2, 1);
    expect([log.snapshotIndex, log.snapshotTerm, log.lastIndex]).toEqual([2, 1, 4]);
    expect([log.termAt(1), log.termAt(2), log.termAt(3), log.termAt(4)]).toEqual([undefined, 1, 2, 3]);
    expect(() => log.entryAt(2)).toThrow(AssertionFailure);
    expect(log.slice(3, 4).map((e) => e.term)).toEqual([2, 3]);
    expect(() => log.compactTo(3, 9)).toThrow(AssertionFailure);
  });

  it('resetTo discards everything (Figure 13 step 7)', () => {
    const log = new RaftLog(0, 0, [entry(1), entry(1)]);
    log.resetTo(10, 4);
    expect([log.snapshotIndex, log.lastIndex, log.lastTerm, log.termAt(10)]).toEqual([10, 10, 4, 4]);
  });

  it('refuses to truncate compacted entries', () => {
    const log = new RaftLog(5, 2, [entry(2)]);
    expect(() => log.truncateFrom(5)).toThrow(AssertionFailure);
    log.truncateFrom(6);
    expect(log.lastIndex).toBe(5);
  });

  it('compares up-to-dateness lexicographically by (last term, last index)', () => {
    const log = new RaftLog(0, 0, [entry(1), entry(2), entry(2)]);
    expect(log.isUpToDate(3, 1)).toBe(true); // higher last term wins even if shorter
    expect(log.isUpToDate(1, 10)).toBe(false); // longer but older loses
    expect(log.isUpToDate(2, 3)).toBe(true);
    expect(log.isUpToDate(2, 2)).toBe(false);
  });
});

describe('mergeFromLeader (AppendEntries steps 3 and 4)', () => {
  it('does not truncate when all entries are already present (stale, shorter AppendEntries)', () => {
    const log = new RaftLog(0, 0, [entry(1), entry(1), entry(1), entry(1)]);
    const result = log.mergeFromLeader(1, [entry(1)]);
    expect(result).toEqual({ firstWritten: null, truncated: false });
    expect(log.lastIndex).toBe(4);
  });

  it('truncates the conflicting suffix and appends', () => {
    const log = new RaftLog(0, 0, [entry(1), entry(1), entry(2), entry(2)]);
    const result = log.mergeFromLeader(2, [entry(3), entry(3)]);
    expect(result).toEqual({ firstWritten: 3, truncated: true });
    expect(terms(log)).toEqual([1, 1, 3, 3]);
  });

  it('appends only what is new after matching entries', () => {
    const log = new RaftLog(0, 0, [entry(1), entry(1)]);
    const result = log.mergeFromLeader(0, [entry(1), entry(1), entry(1)]);
    expect(result).toEqual({ firstWritten: 3, truncated: false });
    expect(log.lastIndex).toBe(3);
  });

  it('skips entries at or below the snapshot', () => {
    const log = new RaftLog(3, 1, [entry(1)]);
    const result = log.mergeFromLeader(1, [entry(1), entry(1), entry(1), entry(2)]);
    expect(result).toEqual({ firstWritten: 5, truncated: false });
    expect([log.snapshotIndex, log.lastIndex, log.lastTerm]).toEqual([3, 5, 2]);
  });
});

describe('RaftLog against a naive model', () => {
  type Op =
    | { kind: 'append'; termBump: number }
    | { kind: 'merge'; prevBack: number; terms: number[] }
    | { kind: 'compact'; back: number };

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), termBump: fc.nat(2) }),
    fc.record({ kind: fc.constant('merge' as const), prevBack: fc.nat(6), terms: fc.array(fc.nat(2), { maxLength: 5 }) }),
    fc.record({ kind: fc.constant('compact' as const), back: fc.nat(6) }),
  );

  it('matches an array of terms with a compaction point', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const log = new RaftLog();
        const model: number[] = []; // model[i - 1] = term of entry i, never compacted
        let base = 0;
        for (const o of ops) {
          const last = model.length;
          const lastTerm = last === 0 ? 0 : model[last - 1]!;
          if (o.kind === 'append') {
            log.append(entry(lastTerm + o.termBump));
            model.push(lastTerm + o.termBump);
          } else if (o.kind === 'compact') {
            const target = last - o.back;
            if (target > base) {
              log.compactTo(target, model[target - 1]!);
              base = target;
            }
          } else {
            const prev = Math.max(0, last - o.prevBack);
            // A leader log that agrees with ours up to prev and on every compacted (committed)
            // index; after that its terms stay or rise, which sometimes matches and sometimes conflicts.
            let t = prev === 0 ? 0 : model[prev - 1]!;
            const incoming: number[] = [];
            for (let k = 0; k < o.terms.length; k++) {
              const index = prev + 1 + k;
              t = index <= base ? model[index - 1]! : t + (o.terms[k] === 2 ? 1 : 0);
              incoming.push(t);
            }
            log.mergeFromLeader(prev, incoming.map((term) => entry(term)));
            // Model: Figure 2 steps 3-4, literally.
            for (let k = 0; k < incoming.length; k++) {
              const index = prev + 1 + k;
              if (index <= model.length && model[index - 1] !== incoming[k]) model.length = index - 1;
              if (index > model.length) model.push(incoming[k]!);
            }
          }
          expect(log.lastIndex).toBe(model.length);
          expect(log.snapshotIndex).toBe(base);
          expect(terms(log)).toEqual(model.slice(base));
        }
      }),
      { numRuns: 300 },
    );
  });
});
