/**
 * The chance that an election round gathers its votes, and the leaderless
 * bound it stretches: W itself when every vote arrives, longer the more a
 * round needs every one of a lossy network's grants.
 */

import { describe, expect, it } from 'vitest';
import { type LastLog, leaderlessBoundMs, logRoundChance, SPLIT_CHANCE, splitChance, voteRoundChance } from '../../../src/sim/oracles/vote-chance.js';

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

describe('vote round chance with the logs', () => {
  const logs = (entries: Record<number, LastLog>) => (node: number) => entries[node] ?? null;

  it('is voteRoundChance when the calm logs are equal', () => {
    const same = logs({ 1: { term: 3, index: 9 }, 2: { term: 3, index: 9 }, 3: { term: 3, index: 9 } });
    expect(logRoundChance([1, 2, 3], [[1, 2, 3, 4, 5]], 0.1, false, same)).toBeCloseTo(voteRoundChance([1, 2, 3], [[1, 2, 3, 4, 5]], 0.1, false), 12);
    expect(logRoundChance([1, 2, 3], [[1, 2, 3]], 0, false, same)).toBe(1);
  });

  it('counts only the members a bare majority can elect (seed 2063: only n2 holds 27@11)', () => {
    const skewed = logs({ 2: { term: 11, index: 27 }, 4: { term: 7, index: 23 }, 5: { term: 9, index: 25 } });
    // n4 and n5 are each refused by n2; n2 is granted by both: one round in three.
    expect(logRoundChance([2, 4, 5], [[1, 2, 3, 4, 5]], 0, false, skewed)).toBeCloseTo(1 / 3, 12);
    // With room to spare n5 wins with n4's grant alone: two rounds in three.
    expect(logRoundChance([2, 4, 5], [[2, 4, 5]], 0, false, skewed)).toBeCloseTo(2 / 3, 12);
    // A longer log of the same term is more up-to-date; a later term beats a longer log (section 5.4.1).
    const sameTerm = logs({ 2: { term: 5, index: 20 }, 3: { term: 5, index: 19 } });
    expect(logRoundChance([2, 3], [[1, 2, 3]], 0, false, sameTerm)).toBeCloseTo(1 / 2, 12);
    const laterTerm = logs({ 2: { term: 5, index: 20 }, 3: { term: 6, index: 12 } });
    expect(logRoundChance([2, 3], [[1, 2, 3]], 0, false, laterTerm)).toBeCloseTo(1 / 2, 12);
    // A calm learner (n4, in no configuration) never stands, and its grant counts for nobody.
    expect(logRoundChance([2, 3, 4], [[1, 2, 3]], 0, false, logs({ 2: { term: 5, index: 20 }, 3: { term: 5, index: 19 }, 4: { term: 5, index: 1 } }))).toBeCloseTo(1 / 2, 12);
  });
});

describe('vote round chance with stale configurations', () => {
  it('does not count a voter whose configuration leaves the candidate out, without PreVote (seed 43511)', () => {
    const lastLogs = logsOf({ 1: { term: 2, index: 10 }, 3: { term: 2, index: 6 }, 4: { term: 2, index: 10 }, 5: { term: 0, index: 0 } });
    const own = (node: number): readonly number[] => (node === 3 ? [1, 2, 3] : [1, 2, 3, 4]);
    const configurations = [[1, 2, 3], [1, 2, 3, 4]];
    // Counting n3 for n4, n1 and n4 each win: two rounds in three.
    expect(logRoundChance([1, 3, 4, 5], configurations, 0, false, lastLogs)).toBeCloseTo(2 / 3, 12);
    // n3 stands in terms n4 never hears: only n1 wins.
    expect(logRoundChance([1, 3, 4, 5], configurations, 0, false, lastLogs, own)).toBeCloseTo(1 / 3, 12);
    // With PreVote n3 never raises its term and grants as before.
    expect(logRoundChance([1, 3, 4, 5], configurations, 0, true, lastLogs, own)).toBeCloseTo(2 / 3, 12);
    // Every candidate needs a hidden voter (seed 5079): no round is expected to win, and no bound is set.
    const needsHidden = logRoundChance(
      [1, 2, 4, 5],
      [[2, 3, 5], [1, 2, 3], [1, 2, 3, 5]],
      0,
      false,
      logsOf({ 1: { term: 1, index: 10 }, 2: { term: 0, index: 0 }, 4: { term: 0, index: 0 }, 5: { term: 4, index: 7 } }),
      (node) => (node === 1 ? [2, 3, 5] : node === 5 ? [1, 2, 3, 5] : [1, 2, 3]),
    );
    expect(needsHidden).toBe(0);
    expect(leaderlessBoundMs(1000, needsHidden)).toBe(Number.POSITIVE_INFINITY);
    // One configuration for all: nothing changes.
    expect(logRoundChance([1, 3, 4], [[1, 2, 3, 4]], 0, false, lastLogs, () => [1, 2, 3, 4])).toBeCloseTo(logRoundChance([1, 3, 4], [[1, 2, 3, 4]], 0, false, lastLogs), 12);
  });
});

function logsOf(entries: Record<number, LastLog>) {
  return (node: number) => entries[node] ?? null;
}

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

describe('split chance', () => {
  it('stays at the measured SPLIT_CHANCE with calm voters to spare', () => {
    // Five calm of five, a flight of a fifth of the spread: three of the five within it is rare.
    expect(splitChance([1, 2, 3, 4, 5], [[1, 2, 3, 4, 5]], 18, 90)).toBe(SPLIT_CHANCE);
    expect(splitChance([1, 2, 3], [[1, 2, 3]], 5, 140)).toBe(SPLIT_CHANCE);
  });

  it('is any second candidate within the flight when every calm voter is needed (seed 32640)', () => {
    // {n3,n4,n5} the only calm voters of {n2..n5}; n1, n6 and n7 calm but no voters.
    const split = splitChance([1, 3, 4, 5, 6, 7], [[2, 3, 4, 5]], 18, 90);
    expect(split).toBeCloseTo(1 - 0.8 ** 3, 12);
    // The bound then stretches though every vote arrives.
    expect(leaderlessBoundMs(947, 1, split)).toBeGreaterThan(2 * 947);
    expect(leaderlessBoundMs(947, 1)).toBe(947);
  });

  it('takes the configuration where a split is likeliest, and is certain when the flight outlasts the spread', () => {
    const roomy = splitChance([1, 2, 3, 4], [[1, 2, 3, 4, 5]], 30, 90);
    const both = splitChance([1, 2, 3, 4], [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6, 7]], 30, 90);
    expect(both).toBeCloseTo(1 - (2 / 3) ** 4, 12);
    expect(both).toBeGreaterThan(roomy);
    expect(splitChance([1, 2], [[1, 2, 3]], 100, 90)).toBe(1);
    expect(leaderlessBoundMs(1000, 1, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});
