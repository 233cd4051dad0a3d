/**
 * Each invariant fed crafted node views: a history that respects it passes,
 * and one that breaks it is reported under the invariant's name.
 */

import { describe, expect, it } from 'vitest';
import type { NodeView, Role } from '../../src/harness/api.js';
import { InvariantChecker, commandKey } from '../../src/sim/invariants.js';
import { violation } from './helpers/violation.js';

interface FakeLog {
  role?: Role;
  term?: number;
  commit?: number;
  applied?: number;
  snapshot?: number;
  /** Term at the snapshot index (when snapshot > 0). */
  snapshotTerm?: number;
  /** Entries after the snapshot: [term, digest]. */
  entries: [number, string][];
  state?: string;
}

function view(log: FakeLog): NodeView {
  const snapshot = log.snapshot ?? 0;
  const entryAt = (index: number): [number, string] => {
    const entry = log.entries[index - snapshot - 1];
    if (entry === undefined) throw new Error(`no entry ${index}`);
    return entry;
  };
  return {
    role: log.role ?? 'follower',
    term: log.term ?? 1,
    commitIndex: log.commit ?? 0,
    appliedIndex: log.applied ?? log.commit ?? 0,
    snapshotIndex: snapshot,
    lastIndex: snapshot + log.entries.length,
    termAt: (index) => (index === snapshot ? (snapshot === 0 ? 0 : (log.snapshotTerm ?? 1)) : entryAt(index)[0]),
    entryDigest: (index) => entryAt(index)[1],
    stateDigest: () => log.state ?? `state-${log.applied ?? log.commit ?? 0}`,
  };
}

function checker(...nodes: number[]): InvariantChecker {
  const result = new InvariantChecker();
  for (const node of nodes) result.nodeStarted(node);
  return result;
}

const a = 'c0#1 put';
const b = 'c1#1 put';
const c = 'c2#1 put';

describe('InvariantChecker', () => {
  it('accepts a healthy replication history', () => {
    const check = checker(1, 2, 3);
    check.afterStep(1, view({ role: 'leader', term: 1, entries: [[1, 'noop'], [1, a]] }));
    check.afterStep(2, view({ term: 1, entries: [[1, 'noop'], [1, a]] }));
    check.afterStep(1, view({ role: 'leader', term: 1, commit: 2, entries: [[1, 'noop'], [1, a]] }));
    check.acknowledged(0, 1, 1);
    check.afterStep(2, view({ term: 1, commit: 2, entries: [[1, 'noop'], [1, a]] }));
    check.afterStep(3, view({ term: 2, role: 'leader', commit: 0, entries: [[1, 'noop'], [1, a], [2, 'noop']] }));
    expect(check.committedLength).toBe(2);
    expect(check.finish(new Map()).undecidedAcks).toBe(0);
  });

  it('ElectionSafety: two leaders of one term, even far apart in time', () => {
    const check = checker(1, 2);
    check.afterStep(1, view({ role: 'leader', term: 3, entries: [] }));
    check.afterStep(1, view({ role: 'follower', term: 4, entries: [] }));
    expect(violation(() => check.afterStep(2, view({ role: 'leader', term: 3, entries: [] })))).toBe('ElectionSafety');
  });

  it('LogMatching: same (index, term) with different commands, or different predecessors', () => {
    const check = checker(1, 2);
    check.afterStep(1, view({ entries: [[1, a], [2, b]] }));
    expect(violation(() => check.afterStep(2, view({ entries: [[1, a], [2, c]] })))).toBe('LogMatching');
    const chained = checker(1, 2);
    chained.afterStep(1, view({ entries: [[1, a], [2, b]] }));
    expect(violation(() => chained.afterStep(2, view({ entries: [[2, a], [2, b]] })))).toBe('LogMatching');
  });

  it('LogMatching: notices a rewrite of an already checked tail', () => {
    const check = checker(1, 2);
    check.afterStep(1, view({ entries: [[1, a], [1, b]] }));
    check.afterStep(2, view({ entries: [[1, a], [1, b]] }));
    expect(violation(() => check.afterStep(2, view({ entries: [[1, a], [1, c]] })))).toBe('LogMatching');
  });

  it('CommittedPrefix: a committed entry changes, or a commit index goes back', () => {
    const check = checker(1, 2);
    check.afterStep(1, view({ term: 1, commit: 1, entries: [[1, a]] }));
    expect(violation(() => check.afterStep(2, view({ term: 2, commit: 1, entries: [[2, b]] })))).toBe('CommittedPrefix');
    const backwards = checker(1);
    backwards.afterStep(1, view({ commit: 2, entries: [[1, a], [1, b]] }));
    expect(violation(() => backwards.afterStep(1, view({ commit: 1, applied: 1, entries: [[1, a], [1, b]] })))).toBe('CommittedPrefix');
  });

  it('fills in entries compacted in the step that committed them from the remembered tail', () => {
    const check = checker(1, 2);
    check.afterStep(1, view({ role: 'leader', term: 1, entries: [[1, a], [1, b]] }));
    // Commit, apply and snapshot in one step: entries 1..2 are no longer readable on n1.
    check.afterStep(1, view({ role: 'leader', term: 1, commit: 2, applied: 2, snapshot: 2, snapshotTerm: 1, entries: [] }));
    expect(check.committedLength).toBe(2);
    // Both digests are known, so an ack is decided at once either way.
    expect(violation(() => check.acknowledged(1, 1, 1))).toBe('none');
    expect(violation(() => check.acknowledged(2, 1, 1))).toBe('AcknowledgedWriteLost');
  });

  it('LeaderCompleteness: a new leader lacks an entry committed in an earlier term', () => {
    const check = checker(1, 2);
    check.afterStep(1, view({ role: 'leader', term: 1, commit: 2, entries: [[1, a], [1, b]] }));
    expect(violation(() => check.afterStep(2, view({ role: 'leader', term: 2, entries: [[1, a]] })))).toBe('LeaderCompleteness');
    // A stale leader of an older term than the commit makes no claim (its votes were delayed).
    const stale = checker(1, 2);
    stale.afterStep(1, view({ role: 'leader', term: 5, commit: 1, entries: [[5, a]] }));
    expect(violation(() => stale.afterStep(2, view({ role: 'leader', term: 3, entries: [] })))).toBe('none');
  });

  it('StateMachineSafety: applying beyond the commit, or different states at the same applied index', () => {
    const check = checker(1);
    expect(violation(() => check.afterStep(1, view({ commit: 1, applied: 2, entries: [[1, a], [1, b]] })))).toBe('StateMachineSafety');
    const states = checker(1, 2);
    states.afterStep(1, view({ commit: 2, snapshot: 2, snapshotTerm: 1, entries: [], state: 'x=1' }));
    expect(violation(() => states.afterStep(2, view({ commit: 2, snapshot: 2, snapshotTerm: 1, entries: [], state: 'x=2' })))).toBe('StateMachineSafety');
    const atEnd = checker(1, 2);
    atEnd.afterStep(1, view({ commit: 1, entries: [[1, a]], state: 'x=1' }));
    atEnd.afterStep(2, view({ commit: 1, entries: [[1, a]], state: 'x=1' }));
    expect(
      violation(() => atEnd.finish(new Map([[1, view({ commit: 1, entries: [[1, a]], state: 'x=1' })], [2, view({ commit: 1, entries: [[1, a]], state: 'y' })]]))),
    ).toBe('StateMachineSafety');
  });

  it('AcknowledgedWriteLost: an ok for a command that no committed entry carries', () => {
    const check = checker(1);
    check.afterStep(1, view({ role: 'leader', term: 1, commit: 1, entries: [[1, a], [1, b]] }));
    expect(violation(() => check.acknowledged(0, 1, 1))).toBe('none');
    expect(violation(() => check.acknowledged(1, 1, 1))).toBe('AcknowledgedWriteLost');
  });

  it('parses command identities from digests', () => {
    expect(commandKey('c3#17 {"op":"put"}')).toBe('3#17');
    expect(commandKey('c3#170')).toBe('3#170');
    expect(commandKey('noop')).toBeNull();
  });
});
