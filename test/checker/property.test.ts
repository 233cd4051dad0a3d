/**
 * Goal: the checker agrees with an independent brute-force checker on
 * thousands of small random concurrent kv histories, including unanswered
 * operations, touching intervals and every kv operation.
 * Method: fast-check generates histories of up to 7 operations on 2 keys;
 * brute-force.ts tries every real-time-respecting order on one map.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel } from '@raft-check/checker';
import { bruteForceLinearizable } from './brute-force.js';
import { kvHistoryArbitrary } from './kv-arbitrary.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

describe('checker versus brute force', () => {
  it('gives the same verdict on random small kv histories', () => {
    const runs = fuzzRuns(2000);
    const verdicts = { linearizable: 0, 'not linearizable': 0 };
    fc.assert(
      fc.property(kvHistoryArbitrary(7), (operations) => {
        const result = checkOperations(kvModel, operations);
        expect(result.verdict).not.toBe('unknown');
        verdicts[result.verdict as keyof typeof verdicts]++;
        const expected = bruteForceLinearizable(operations) ? 'linearizable' : 'not linearizable';
        expect(result.verdict).toBe(expected);
      }),
      { numRuns: runs, seed: 20261122 },
    );
    // The generator must exercise both answers, or the comparison proves little.
    expect(verdicts.linearizable).toBeGreaterThan(runs / 10);
    expect(verdicts['not linearizable']).toBeGreaterThan(runs / 10);
  });

  it('reports a legal linearization or a legal prefix that stops at a returned operation', () => {
    fc.assert(
      fc.property(kvHistoryArbitrary(7), (operations) => {
        const result = checkOperations(kvModel, operations);
        for (const partition of result.partitions) {
          const shown = partition.linearization ?? partition.longestPrefixes[0]?.operations ?? [];
          expect(new Set(shown).size).toBe(shown.length);
          for (const index of shown) expect(partition.operations).toContain(index);
          if (partition.verdict === 'linearizable') expect(shown.length).toBe(partition.operations.length);
          if (partition.verdict === 'not linearizable') {
            const stuck = partition.stuckOperation!;
            expect(operations[stuck]!.return).not.toBeNull();
            expect(shown).not.toContain(stuck);
          }
        }
      }),
      { numRuns: fuzzRuns(250), seed: 7 },
    );
  });
});
