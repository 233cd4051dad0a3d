/**
 * Goal: kv histories are split by key and the partitions are checked
 * interleaved, so the first partition found not linearizable decides at once
 * (kv/c50-bad: checked key by key in order, key "0" alone runs for tens of
 * seconds; interleaved, key "3" fails within a few hundred thousand steps).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, checkOperations, kvModel, parseHistory } from '@raft-check/checker';
import { get, put } from './kv-history.js';
import { PORCUPINE_DATA } from './shared-data.js';

describe('partitioning by key', () => {
  it('splits a kv history by key, in order of first appearance, covering every operation once', () => {
    const operations = [put(0, 0, 1, 'b', '1'), put(0, 2, 3, 'a', '1'), get(1, 4, 5, 'b', '1'), get(1, 6, 7, 'c', '')];
    const parts = kvModel.partition!(operations);
    expect(parts).toEqual([
      { name: 'key "b"', indices: [0, 2] },
      { name: 'key "a"', indices: [1] },
      { name: 'key "c"', indices: [3] },
    ]);
  });

  it('judges keys independently: a violation on one key is reported on that key only', () => {
    const operations = [put(0, 0, 1, 'a', '1'), get(1, 2, 3, 'a', '1'), put(0, 4, 5, 'b', '2'), get(1, 6, 7, 'b', '')];
    const result = checkOperations(kvModel, operations, { verbose: true });
    expect(result.verdict).toBe('not linearizable');
    expect(result.partitions.map((partition) => [partition.name, partition.verdict])).toEqual([
      ['key "a"', 'linearizable'],
      ['key "b"', 'not linearizable'],
    ]);
    expect(result.partitions[1]!.stuckOperation).toBe(3);
    expect(result.partitions[1]!.operations).toEqual([2, 3]);
  });

  it('finds kv/c50-bad not linearizable quickly by interleaving, stopping the other keys', () => {
    const file = 'kv/c50-bad.txt';
    const history = parseHistory(readFileSync(path.join(PORCUPINE_DATA, file), 'utf8'), { fileName: file });
    // A step budget far below what key "0" alone needs (tens of seconds of search).
    const result = checkHistory(history, { maxSteps: 2_000_000 });
    expect(result.verdict).toBe('not linearizable');
    const failed = result.partitions.filter((partition) => partition.verdict === 'not linearizable');
    expect(failed.length).toBe(1);
    const stopped = result.partitions.filter((partition) => partition.unknownReason === 'stopped');
    expect(stopped.length).toBeGreaterThan(0);
    expect(result.summary).toContain(failed[0]!.name);
    expect(result.summary).toContain(`operation ${failed[0]!.stuckOperation}`);
  });
});
