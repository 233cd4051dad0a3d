import { describe, expect, it } from 'vitest';
import { mergeSweeps, parseSweepJson, rangeGaps, MergeError, type SweepJsonSummary } from '../../src/sweep/merge-sweeps.js';

function shard(first: number, last: number, failed: number[] = []): SweepJsonSummary {
  return {
    range: { first, last },
    seedsRun: last - first + 1,
    passed: last - first + 1 - failed.length,
    failed: failed.length,
    stoppedEarly: false,
    failures: failed.map((seed) => ({ seed, kind: 'liveness', invariant: 'Liveness', message: 'stuck', time: 9, node: null, replay: `raft-check --seed ${seed}` })),
    totals: { crashes: first, restarts: 1 },
    marks: { 'a-mark': 1, 'never-mark': 0 },
  };
}

describe('merging shard summaries', () => {
  it('adds counts, totals and marks and joins failures in seed order', () => {
    const merged = mergeSweeps([shard(11, 20, [15]), shard(1, 10, [3])]);
    expect(merged.seedsRun).toBe(20);
    expect(merged.passed).toBe(18);
    expect(merged.failures.map((failure) => failure.seed)).toEqual([3, 15]);
    expect(merged.totals).toEqual({ crashes: 12, restarts: 2 });
    expect(merged.marks).toEqual({ 'a-mark': 2, 'never-mark': 0 });
    expect(rangeGaps(merged.ranges)).toEqual([]);
  });

  it('rejects overlapping shards and reports gaps', () => {
    expect(() => mergeSweeps([shard(1, 10), shard(10, 20)])).toThrow(MergeError);
    expect(rangeGaps(mergeSweeps([shard(1, 10), shard(21, 30)]).ranges)).toEqual([{ first: 11, last: 20 }]);
  });

  it('rejects files that are not sweep summaries', () => {
    expect(() => parseSweepJson('{', 'a.json')).toThrow(/not valid JSON/);
    expect(() => parseSweepJson('{"range":{}}', 'b.json')).toThrow(/not the output of raft-check --seeds/);
    expect(parseSweepJson(JSON.stringify(shard(1, 2)), 'c.json').seedsRun).toBe(2);
  });
});
