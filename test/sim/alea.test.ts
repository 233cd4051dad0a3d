/**
 * Our Alea (src/sim/alea.ts) must draw exactly what seedrandom's alea draws
 * for the same seed string: every stream of every run depends on it, and an
 * exec node rebuilds its generator with seedrandom (docs/protocol.md).
 */

import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Alea } from '../../src/sim/alea.js';
import { nodeRandomSeed, seededRandomInt } from '../../src/sim/node-seed.js';

function sameDraws(seed: string, count: number): void {
  const reference = seedrandom.alea(seed);
  const ours = new Alea(seed);
  for (let i = 0; i < count; i++) {
    const expected = reference();
    const actual = ours.next();
    if (!Object.is(actual, expected)) expect({ seed, draw: i, actual }).toEqual({ seed, draw: i, actual: expected });
  }
}

describe('Alea', () => {
  it('draws what seedrandom draws for the simulator\'s seed strings', () => {
    for (let seed = 0; seed < 300; seed++) {
      for (const name of ['swarm', 'network', 'disk', 'timers/n1', 'storage-faults']) sameDraws(`raft-check:${seed}:${name}`, 200);
      sameDraws(nodeRandomSeed(seed, 1 + (seed % 5), seed % 7), 50);
    }
    sameDraws('raft-check:9007199254740991:winner-reader', 10_000);
  });

  it('draws what seedrandom draws for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 300 }), (seed, count) => sameDraws(seed, count)),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (seed) => sameDraws(seed, 20)), { numRuns: 200 });
    sameDraws('', 100);
  });

  it('gives nodes the integers seedrandom would', () => {
    const reference = seedrandom.alea('raft-check:7:node/n2/3');
    const ours = seededRandomInt('raft-check:7:node/n2/3');
    for (let bound = 1; bound < 2000; bound++) expect(ours(bound)).toBe(Math.floor(reference() * bound));
  });
});
