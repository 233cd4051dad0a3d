/**
 * A follower commits, on a leader's message, only what it acknowledged in its
 * term (commit-acknowledged.ts, under FollowerCommitMatchesLeader), judged at
 * its next step, once the answers of the committing step have left.
 */

import { describe, expect, it } from 'vitest';
import type { MessagePromises, NodeId, NodeView } from '../../../src/harness/api.js';
import { PromiseOracle } from '../../../src/sim/oracles/promises.js';
import { violation } from '../helpers/violation.js';

function follower(term: number, commit: number, last: number): NodeView {
  return {
    role: 'follower',
    term,
    commitIndex: commit,
    appliedIndex: commit,
    snapshotIndex: 0,
    lastIndex: last,
    termAt: (index) => (index === 0 ? 0 : 1),
    entryDigest: (index) => `e${index}`,
    stateDigest: () => 'state',
  };
}

/** Follower n1 of term 2 with a log to 5, the leader n2 down (so only the acknowledgement rule can see anything). */
function setup() {
  let current = follower(2, 0, 5);
  const oracle = new PromiseOracle(
    (message) => message as MessagePromises,
    (node: NodeId) => (node === 1 ? current : null),
  );
  oracle.started(1, current);
  const step = (commit: number, input: MessagePromises | null): void => {
    current = follower(2, commit, 5);
    oracle.afterStep(1, current, input === null ? { kind: 'tick' } : { kind: 'message', from: 2, message: input });
  };
  return { oracle, step };
}

const append: MessagePromises = { term: 2, fromLeader: true, leaderCommit: 4 };

describe('a follower commits only what it acknowledged', () => {
  it('passes a commit its answer to the same step acknowledges', () => {
    const { oracle, step } = setup();
    step(4, append);
    oracle.sent(1, 2, { term: 2, acknowledgedIndex: 4 });
    expect(violation(() => step(4, null))).toBe('none');
  });

  it('passes a commit covered by an acknowledgement sent earlier in the same term (a heartbeat that commits, as etcd does)', () => {
    const { oracle, step } = setup();
    oracle.sent(1, 2, { term: 2, acknowledgedIndex: 4 });
    step(4, append);
    oracle.sent(1, 2, { term: 2 });
    expect(violation(() => step(4, null))).toBe('none');
  });

  it('fails a commit on a rejected AppendEntries beyond what it acknowledged (commit-not-clamped)', () => {
    const { oracle, step } = setup();
    oracle.sent(1, 2, { term: 1, acknowledgedIndex: 4 });
    step(4, append);
    // A rejection acknowledges nothing; the acknowledgement of term 1 does not count in term 2.
    oracle.sent(1, 2, { term: 2 });
    expect(violation(() => step(4, null))).toBe('FollowerCommitMatchesLeader');
  });

  it('fails a commit past the entries the AppendEntries carried', () => {
    const { oracle, step } = setup();
    step(4, append);
    oracle.sent(1, 2, { term: 2, acknowledgedIndex: 3 });
    expect(violation(() => step(4, null))).toBe('FollowerCommitMatchesLeader');
  });

  it('drops the judgment when a crash takes the commit index before the answer leaves', () => {
    const { oracle, step } = setup();
    step(4, append);
    oracle.started(1, follower(2, 0, 5));
    expect(violation(() => step(0, null))).toBe('none');
  });
});
