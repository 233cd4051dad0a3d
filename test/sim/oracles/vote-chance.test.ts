/**
 * The chance that an election round gathers its votes, and the leaderless
 * bound it stretches: W itself when every vote arrives, longer the more a
 * round needs every one of a lossy network's grants.
 */

import { describe, expect, it } from 'vitest';
import { leaderlessBoundMs, voteRoundChance } from '../../../src/sim/oracles/vote-chance.js';

describe('vote round chance', () => {
  it('is 1 on a network that loses nothing', () => {
    expect(voteRoundChance([1, 2, 3], [[1, 2, 3]], 0, false)).toBe(1);
    expect(voteRoundChance([1, 2, 3], [[1, 2, 3, 4, 5]], 0, false)).toBe(1);
  });

  it('needs every grant in a bare majority, and one of two with room to spare', () => {
    const granted = 0.9 ** 2;
    // Three calm of five: the candidate needs both others.
    expect(voteRoundChance([1, 2, 3], [[1, 2, 3, 4, 5]], 0.1, false)).toBeCloseTo(granted ** 2, 12);
    // Three calm of three: one of the two others is enough.
    expect(voteRoundChance([1, 2, 3], [[1, 2, 3]], 0.1, false)).toBeCloseTo(1 - (1 - granted) ** 2, 12);
  });

  it("is about one round in four for seed 1571's six voters with four calm at a 19.1% loss", () => {
    // n1 damaged and n4 down; n6 is calm but no voter yet.
    const chance = voteRoundChance([2, 3, 5, 6, 7], [[1, 2, 3, 4, 5, 7]], 0.191, false);
    expect(chance).toBeCloseTo((1 - 0.191) ** 6, 12);
    expect(chance).toBeLessThan(0.3);
  });

  it('takes the configuration where a majority is hardest during a membership change', () => {
    const members = [1, 2, 3, 4];
    const roomy = voteRoundChance(members, [[1, 2, 3, 4]], 0.1, false);
    const both = voteRoundChance(members, [[1, 2, 3, 4], [1, 2, 3, 4, 5, 6]], 0.1, false);
    expect(both).toBeCloseTo(voteRoundChance(members, [[1, 2, 3, 4, 5, 6]], 0.1, false), 12);
    expect(both).toBeLessThan(roomy);
  });

  it('squares with PreVote: a round needs the pre-votes and then the votes', () => {
    const plain = voteRoundChance([1, 2, 3], [[1, 2, 3, 4, 5]], 0.1, false);
    expect(voteRoundChance([1, 2, 3], [[1, 2, 3, 4, 5]], 0.1, true)).toBeCloseTo(plain ** 2, 12);
  });
});

describe('leaderless bound', () => {
  it('is W when every vote arrives and grows as the chance falls', () => {
    expect(leaderlessBoundMs(1000, 1)).toBe(1000);
    const small = leaderlessBoundMs(1000, 0.96);
    const bare = leaderlessBoundMs(1000, 0.28);
    expect(small).toBeGreaterThan(1000);
    expect(small).toBeLessThan(1200);
    expect(bare).toBeGreaterThan(5 * 1000);
  });
});
