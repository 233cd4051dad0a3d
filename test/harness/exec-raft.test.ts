/**
 * Proof 1 of the exec protocol: our Raft, run in subprocesses through
 * examples/exec-raft-node.mjs, gives the same trace hash, failure and history
 * as in-process. The protocol carries everything a node needs (options,
 * durable files, randomness, effects, the view), or the hashes would part.
 * Seeds 1..100 all match (README, "Any language"); here a spread of them.
 * The adapter sends what each message promises and declares the features
 * the Raft implements, so the promise, ghost-recovery and feature oracles
 * judge it as they judge the in-process node, down to the failing event.
 */

import { describe, expect, it } from 'vitest';
import { loadSystem } from '../../src/harness/system-module.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { firstDivergence, runSeed } from '../../src/sim/run.js';
import { RAFT_ADAPTER } from './exec-helpers.js';

const SPREAD = [1, 15, 29, 43, 57, 71, 85, 100];

function sameRun(seed: number, system: Awaited<ReturnType<typeof loadSystem>>, bugs: string[] = []): void {
  const inProcess = runSeed(seed, { bugs }, defaultSystem);
  const exec = runSeed(seed, { bugs }, system);
  expect(exec.traceHash, `seed ${seed}`).toBe(inProcess.traceHash);
  expect(exec.failure, `seed ${seed}`).toEqual(inProcess.failure === null ? null : { ...inProcess.failure, message: exec.failure?.message });
  expect(exec.history.operations, `seed ${seed}`).toEqual(inProcess.history.operations);
}

describe('the built-in Raft through the exec protocol', () => {
  it('matches the in-process trace hash on a spread of seeds', async () => {
    const system = await loadSystem(RAFT_ADAPTER);
    for (const seed of SPREAD) sameRun(seed, system);
  }, 300_000);

  it('matches with one process per node start (no reuse), where a crash kills the process', async () => {
    // With promises each ghost recovery spawns a process of its own; without, the node is run as one written before promises.
    sameRun(1, await loadSystem(`${RAFT_ADAPTER} --no-reuse`));
    sameRun(2, await loadSystem(`${RAFT_ADAPTER} --no-reuse --no-promises`));
  }, 120_000);

  it('fails the same way with injected bugs, down to the trace hash', async () => {
    const system = await loadSystem(RAFT_ADAPTER);
    // An assertion inside the node (an `error` answer), a state-digest mismatch (the state-digest request),
    // a ghost recovery (the promise of a send), a broken acknowledgement (AckedEntriesKept), the
    // PreVote oracle (implementsFeatures) and LeaderMatchIndex (the view's progress).
    for (const bug of ['commit-is-leader-commit', 'snapshot-without-sessions', 'send-before-fsync', 'truncate-on-matching-append', 'pre-vote-raises-term', 'match-index-from-last-send']) {
      expect(runSeed(1, { bugs: [bug] }, defaultSystem).failure, bug).not.toBeNull();
      sameRun(1, system, [bug]);
    }
  }, 120_000);

  it('a bug only a promise oracle sees is caught through exec, and missed by the same node sending no promises', async () => {
    // send-before-fsync acknowledges before its fsync: the ghost recovery at the first vote request finds the term not durable.
    const caught = runSeed(1, { bugs: ['send-before-fsync'] }, await loadSystem(RAFT_ADAPTER)).failure;
    expect(caught?.invariant).toBe('RestartKeepsTerm');
    expect(caught?.message).toContain('ghost recovery');
    expect(runSeed(1, { bugs: ['send-before-fsync'] }, await loadSystem(`${RAFT_ADAPTER} --no-promises`)).failure).toBeNull();
  }, 120_000);

  it('is deterministic: two runs of a seed have identical traces', async () => {
    const system = await loadSystem(RAFT_ADAPTER);
    const first = runSeed(3, {}, system, { keepTrace: true });
    const second = runSeed(3, {}, system, { keepTrace: true });
    expect(firstDivergence(first.trace ?? [], second.trace ?? [])).toBeNull();
  }, 120_000);
});
