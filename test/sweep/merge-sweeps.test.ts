import { describe, expect, it } from 'vitest';
import { mergeSweeps, MixedSweepsError, ShardCoverageError, type NamedSweep } from '../../src/sweep/merge-sweeps.js';
import { parseSweepJson, SweepJsonError, type SweepJson } from '../../src/sweep/sweep-json.js';
import { sweepFile } from './sweep-fixtures.js';

const range = { first: 1, last: 20 };
const named = (sweep: SweepJson, name = `shard-${sweep.shard?.index ?? 0}.json`): NamedSweep => ({ name, sweep });
const roundTrip = (sweep: SweepJson): SweepJson => parseSweepJson(JSON.stringify(sweep), 'x.json');

describe('merging shards of one sweep', () => {
  it('adds counts, totals and marks and joins failures in seed order', () => {
    const merged = mergeSweeps([named(sweepFile(range, { index: 2, count: 2 }, [15])), named(sweepFile(range, { index: 1, count: 2 }, [3]))]);
    expect(merged.seedsRun).toBe(20);
    expect(merged.passed).toBe(18);
    expect(merged.failures.map((failure) => failure.seed)).toEqual([3, 15]);
    expect(merged.totals).toEqual({ crashes: 12, restarts: 2 });
    expect(merged.marks).toEqual({ 'a-mark': 2, 'never-mark': 0 });
    // The merged result is itself a sweep@1 document of the whole range.
    expect(roundTrip(merged).shard).toBeNull();
  });

  it.each([
    ['range', (s: SweepJson) => ({ ...s, range: { first: 1, last: 21 }, slice: { first: 11, last: 21 } })],
    ['overrides', (s: SweepJson) => ({ ...s, overrides: { nodes: 3 as const } })],
    ['bugs', (s: SweepJson) => ({ ...s, bugs: [] })],
    ['system', (s: SweepJson) => ({ ...s, system: { spec: 'my-raft.mjs', hash: null } })],
    ['fingerprint', (s: SweepJson) => ({ ...s, fingerprint: '0.1.0+00000000' })],
  ])('refuses shards that differ in %s', (field, change) => {
    const second = change(sweepFile(range, { index: 2, count: 2 }));
    expect(() => mergeSweeps([named(sweepFile(range, { index: 1, count: 2 })), named(roundTrip(second))])).toThrow(new RegExp(`mixed sweeps: .* has ${field} `));
  });

  it('refuses shards of different splits, and a whole sweep with a shard', () => {
    expect(() => mergeSweeps([named(sweepFile(range, { index: 1, count: 2 })), named(sweepFile(range, { index: 2, count: 4 }))])).toThrow(MixedSweepsError);
    expect(() => mergeSweeps([named(sweepFile(range, null)), named(sweepFile(range, { index: 2, count: 2 }))])).toThrow(MixedSweepsError);
  });

  it('fails on a missing shard, naming it and its seeds', () => {
    const shards = [1, 2, 4].map((index) => named(sweepFile(range, { index, count: 4 })));
    expect(() => mergeSweeps(shards)).toThrow(ShardCoverageError);
    expect(() => mergeSweeps(shards)).toThrow('incomplete sweep: missing shard 3/4 (seeds 11..15) of 1..20');
  });

  it('fails on a shard given twice', () => {
    const shards = [named(sweepFile(range, { index: 1, count: 2 }), 'a.json'), named(sweepFile(range, { index: 1, count: 2 }), 'b.json'), named(sweepFile(range, { index: 2, count: 2 }))];
    expect(() => mergeSweeps(shards)).toThrow('incomplete sweep: shard 1/2 is given twice (a.json and b.json)');
  });

  it('accepts a single whole sweep', () => {
    expect(mergeSweeps([named(sweepFile(range, null, [4]))]).failed).toBe(1);
  });
});

describe('reading sweep@1 files', () => {
  const valid = sweepFile(range, { index: 1, count: 2 }, [3]);
  it.each([
    ['{', /not valid JSON/],
    ['[]', /not a raft-check\/sweep@1 file/],
    [JSON.stringify({ ...valid, format: undefined }), /not a raft-check\/sweep@1 file/],
    [JSON.stringify({ ...valid, failures: [null], failed: 1 }), /"failures"\[0\] must be an object, got null/],
    [JSON.stringify({ ...valid, failures: [{ ...valid.failures[0], seed: 99 }] }), /"failures"\[0\]\.seed must be a seed in 1\.\.10/],
    [JSON.stringify({ ...valid, slice: { first: 1, last: 11 } }), /"slice" .* is not shard 1\/2/],
    [JSON.stringify({ ...valid, passed: 10 }), /do not add up/],
    [JSON.stringify({ ...valid, totals: { crashes: 'many' } }), /"totals" must be an object of counts/],
    // A hand-merged file with a key twice: JSON.parse read the last one silently.
    [`${JSON.stringify(valid).slice(0, -1)},"failed":0}`, /the key "failed" appears twice in one object/],
  ])('rejects %s in one line', (text, message) => {
    let error: unknown;
    try {
      parseSweepJson(text, 'bad.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SweepJsonError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
