/**
 * The leader echoes a damaged follower's repair token only after a heartbeat
 * round begun since the token arrived has a majority of trusted answers
 * (src/raft/repair-echoes.ts): a leader deposed before the follower restarted
 * must not repair it (seed 4479 of `--nodes 5 --profile brutal`).
 */

import { describe, expect, it } from 'vitest';
import { RepairEchoes } from '../../src/raft/repair-echoes.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { runSeed } from '../../src/sim/run.js';

const cluster = [1, 2, 3, 4, 5];

describe('RepairEchoes', () => {
  it('echoes a token only once a majority answered a round begun after it, from trusted storage', () => {
    const echoes = new RepairEchoes();
    echoes.reported(5, 7, 3);
    expect(echoes.roundsNeeded).toBe(true);
    expect(echoes.echoFor(5)).toBeUndefined();
    // Answers to round 3, begun before the token arrived, prove nothing about after it.
    echoes.answered(2, 3, true, 1, 3, cluster);
    echoes.answered(3, 3, true, 1, 3, cluster);
    expect(echoes.echoFor(5)).toBeUndefined();
    // Round 4: the damaged follower's own answer does not count, nor does a second answer of one peer.
    echoes.answered(5, 4, false, 1, 4, cluster);
    echoes.answered(2, 4, true, 1, 4, cluster);
    echoes.answered(2, 4, true, 1, 4, cluster);
    expect(echoes.echoFor(5)).toBeUndefined();
    echoes.answered(3, 4, true, 1, 4, cluster);
    expect(echoes.echoFor(5)).toBe(7);
    expect(echoes.roundsNeeded).toBe(false);
  });

  it('a new token (the follower restarted damaged again) waits for a round of its own', () => {
    const echoes = new RepairEchoes();
    echoes.reported(5, 7, 0);
    for (const peer of [2, 3]) echoes.answered(peer, 1, true, 1, 1, cluster);
    expect(echoes.echoFor(5)).toBe(7);
    echoes.reported(5, 7, 1);
    expect(echoes.echoFor(5)).toBe(7);
    echoes.reported(5, 8, 1);
    expect(echoes.echoFor(5)).toBeUndefined();
    for (const peer of [2, 3]) echoes.answered(peer, 2, true, 1, 2, cluster);
    expect(echoes.echoFor(5)).toBe(8);
    echoes.reset();
    expect(echoes.echoFor(5)).toBeUndefined();
  });
});

describe('repair by a deposed leader', () => {
  it('seed 4479 (--nodes 5 --profile brutal): n5, damaged in term 1, votes only once a current leader repaired it', () => {
    // n1 led term 1 cut off from the others, which elected n4 in term 2 and committed 17; n5 restarted after a
    // lost write with term 1 and took its repair from n1 (commit 11), then voted in term 3 (StorageTrustVote).
    const result = runSeed(4479, { nodes: 5, profile: 'brutal' }, defaultSystem);
    expect(result.failure?.message ?? null).toBeNull();
  });
});
