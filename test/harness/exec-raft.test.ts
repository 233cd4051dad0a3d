/**
 * Proof 1 of the exec protocol: our Raft, run in subprocesses through
 * examples/exec-raft-node.mjs, gives the same trace hash, failure and history
 * as in-process. The protocol carries everything a node needs (options,
 * durable files, randomness, effects, the view), or the hashes would part.
 * Seeds 1..100 all match (README, "Any language"); here a spread of them.
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
    const system = await loadSystem(`${RAFT_ADAPTER} --no-reuse`);
    for (const seed of [1, 2]) sameRun(seed, system);
  }, 120_000);

  it('fails the same way with injected bugs, down to the trace hash', async () => {
    const system = await loadSystem(RAFT_ADAPTER);
    // An assertion inside the node (an `error` answer), and a state-digest mismatch (the state-digest request).
    for (const bug of ['commit-is-leader-commit', 'snapshot-without-sessions']) {
      expect(runSeed(1, { bugs: [bug] }, defaultSystem).failure, bug).not.toBeNull();
      sameRun(1, system, [bug]);
    }
  }, 120_000);

  it('is deterministic: two runs of a seed have identical traces', async () => {
    const system = await loadSystem(RAFT_ADAPTER);
    const first = runSeed(3, {}, system, { keepTrace: true });
    const second = runSeed(3, {}, system, { keepTrace: true });
    expect(firstDivergence(first.trace ?? [], second.trace ?? [])).toBeNull();
  }, 120_000);
});
