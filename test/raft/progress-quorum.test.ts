/** Progress "maybe" updaters (stale and duplicate replies ignored) and quorum arithmetic. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maybeDecrease, maybeUpdate, newProgress } from '../../src/raft/progress.js';
import { hasVoteQuorum, majority, quorumMatchIndex } from '../../src/raft/quorum.js';

describe('progress', () => {
  it('starts at leader last index + 1 with nothing matched', () => {
    expect(newProgress(7)).toEqual({ nextIndex: 8, matchIndex: 0 });
  });

  it('raises matchIndex from the acknowledged request and never lowers it', () => {
    const progress = newProgress(10);
    expect(maybeUpdate(progress, 8)).toBe(true);
    expect(progress).toEqual({ nextIndex: 11, matchIndex: 8 });
    // A reordered older acknowledgement (e.g. of a heartbeat with prevLogIndex 5).
    expect(maybeUpdate(progress, 5)).toBe(false);
    expect(progress).toEqual({ nextIndex: 11, matchIndex: 8 });
    expect(maybeUpdate(progress, 12)).toBe(true);
    expect(progress).toEqual({ nextIndex: 13, matchIndex: 12 });
  });

  it('lowers nextIndex only for the rejection of the current probe', () => {
    const progress = newProgress(10);
    expect(maybeDecrease(progress, 10, 20)).toBe(true);
    expect(progress.nextIndex).toBe(10);
    // The same rejection again (duplicated message): ignored, no double decrement.
    expect(maybeDecrease(progress, 10, 20)).toBe(false);
    expect(progress.nextIndex).toBe(10);
    expect(maybeDecrease(progress, 9, 20)).toBe(true);
    expect(progress.nextIndex).toBe(9);
  });

  it('jumps back to the follower log end, and never below matchIndex + 1', () => {
    const progress = newProgress(10);
    expect(maybeDecrease(progress, 10, 3)).toBe(true);
    expect(progress.nextIndex).toBe(4);
    maybeUpdate(progress, 3);
    expect(progress).toEqual({ nextIndex: 4, matchIndex: 3 });
    // A stale rejection at or below matchIndex is ignored.
    expect(maybeDecrease(progress, 3, 0)).toBe(false);
    expect(progress).toEqual({ nextIndex: 4, matchIndex: 3 });
  });

  it('backs off below a damaged follower\'s end when it rejects the probe there (seeds 4126, 6459)', () => {
    // The follower acknowledged up to 31, then restarted on damaged storage with a log ending at 4
    // in an older entry (the record that replaced it was lost): it rejects the probe at 31, then at 4.
    const progress = newProgress(31);
    maybeUpdate(progress, 31);
    expect(maybeDecrease(progress, 31, 4, true)).toBe(true);
    expect(progress).toEqual({ nextIndex: 5, matchIndex: 4 });
    expect(maybeDecrease(progress, 4, 4, true)).toBe(true);
    expect(progress).toEqual({ nextIndex: 4, matchIndex: 3 });
    // Without the lost-entries flag a rejection at or below matchIndex stays stale.
    expect(maybeDecrease(progress, 3, 4)).toBe(false);
    expect(progress).toEqual({ nextIndex: 4, matchIndex: 3 });
  });

  it('keeps 0 <= matchIndex < nextIndex under any sequence of replies', () => {
    const reply = fc.oneof(
      fc.record({ success: fc.constant(true), index: fc.nat(30) }),
      fc.record({ success: fc.constant(false), index: fc.nat(30), followerLast: fc.nat(30) }),
    );
    fc.assert(
      fc.property(fc.nat(30), fc.array(reply, { maxLength: 30 }), (last, replies) => {
        const progress = newProgress(last);
        let highestMatch = 0;
        for (const r of replies) {
          if (r.success) maybeUpdate(progress, r.index);
          else maybeDecrease(progress, r.index, r.followerLast);
          expect(progress.matchIndex).toBeGreaterThanOrEqual(highestMatch);
          highestMatch = progress.matchIndex;
          expect(progress.nextIndex).toBeGreaterThan(progress.matchIndex);
          expect(progress.nextIndex).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});

describe('quorum', () => {
  it('majority of 1..5', () => {
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });

  it('counts distinct voters of the cluster only', () => {
    expect(hasVoteQuorum(new Set([1]), [1, 2, 3])).toBe(false);
    expect(hasVoteQuorum(new Set([1, 3]), [1, 2, 3])).toBe(true);
    expect(hasVoteQuorum(new Set([1, 9, 8]), [1, 2, 3, 4, 5])).toBe(false);
    expect(hasVoteQuorum(new Set([1, 2, 5]), [1, 2, 3, 4, 5])).toBe(true);
  });

  it('finds the highest index held by a majority', () => {
    expect(quorumMatchIndex([5, 3, 4])).toBe(4);
    expect(quorumMatchIndex([5, 0, 0])).toBe(0);
    expect(quorumMatchIndex([9, 9, 2, 1, 7])).toBe(7);
    expect(quorumMatchIndex([4])).toBe(4);
  });

  it('takes an explicit quorum size, and refuses one larger than the indexes given', () => {
    // A leader that removed itself counts only the remaining voters: 2 of {2,3,4} hold 7.
    expect(quorumMatchIndex([7, 7, 3], 2)).toBe(7);
    expect(quorumMatchIndex([7, 3, 3], 2)).toBe(3);
    expect(() => quorumMatchIndex([7], 2)).toThrow();
    // A scratch array filled by index: only the first `count` indexes count, whatever an earlier use left after them.
    expect(quorumMatchIndex([5, 3, 4, 100, 100], 2, 3)).toBe(4);
    expect(() => quorumMatchIndex([5, 3], 2, 3)).toThrow();
  });

  it('the quorum index is held by a majority and no higher index is', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 7 }), (matches) => {
        const n = quorumMatchIndex([...matches]);
        expect(matches.filter((m) => m >= n).length).toBeGreaterThanOrEqual(majority(matches.length));
        expect(matches.filter((m) => m >= n + 1).length).toBeLessThan(majority(matches.length));
      }),
    );
  });
});
