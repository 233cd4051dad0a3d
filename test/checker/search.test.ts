/**
 * Goal: the search gives the right verdict on small hand-made histories whose
 * answer is known, including the closed-interval rule, every kv operation,
 * and what it reports when it fails (longest prefix, stuck operation).
 */

import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel } from '@raft-check/checker';
import { append, cas, del, get, put } from './kv-history.js';

describe('linearization search', () => {
  it('accepts the empty history', () => {
    const result = checkOperations(kvModel, []);
    expect(result.verdict).toBe('linearizable');
    expect(result.partitions).toEqual([]);
  });

  it("rejects the spec's example: a get after a finished put must see it", () => {
    const result = checkOperations(kvModel, [put(0, 0, 1, 'x', '1'), get(1, 2, 3, 'x', '')]);
    expect(result.verdict).toBe('not linearizable');
    expect(result.partitions[0]!.stuckOperation).toBe(1);
    expect(result.partitions[0]!.longestPrefixes[0]!.operations).toEqual([0]);
  });

  it('treats touching intervals as concurrent', () => {
    // The get is called exactly when the put returns, so it may come first.
    expect(checkOperations(kvModel, [put(0, 0, 5, 'x', '1'), get(1, 5, 6, 'x', '')]).verdict).toBe('linearizable');
    expect(checkOperations(kvModel, [put(0, 0, 5, 'x', '1'), get(1, 6, 7, 'x', '')]).verdict).toBe('not linearizable');
  });

  it('finds an order for concurrent appends that a later get proves', () => {
    const operations = [append(0, 0, 10, 'x', 'a'), append(1, 0, 10, 'x', 'b'), get(2, 11, 12, 'x', 'ba')];
    const result = checkOperations(kvModel, operations);
    expect(result.verdict).toBe('linearizable');
    expect(result.partitions[0]!.linearization).toEqual([1, 0, 2]);
  });

  it('applies cas and delete, and treats an absent key as ""', () => {
    const operations = [
      cas(0, 0, 1, 'x', '', 'a', true),
      cas(0, 2, 3, 'x', '', 'b', false),
      del(0, 4, 5, 'x'),
      cas(0, 6, 7, 'x', '', 'c', true),
      get(0, 8, 9, 'x', 'c'),
    ];
    expect(checkOperations(kvModel, operations).verdict).toBe('linearizable');
    const wrong = [...operations.slice(0, 4), get(0, 8, 9, 'x', 'a')];
    const result = checkOperations(kvModel, wrong);
    expect(result.verdict).toBe('not linearizable');
    expect(result.partitions[0]!.stuckOperation).toBe(4);
    expect(result.partitions[0]!.longestPrefixes[0]!.operations).toEqual([0, 1, 2, 3]);
  });

  it('describes the failure in plain words, with the state the prefix ends in', () => {
    const result = checkOperations(kvModel, [put(0, 0, 1, 'x', '1'), get(1, 2, 3, 'x', '')]);
    expect(result.summary).toContain('not linearizable');
    expect(result.summary).toContain('key "x"');
    expect(result.summary).toContain('operation 1 (client 1: get("x") -> ""');
    expect(result.summary).toContain('ends in state "1"');
  });

  it('is deterministic: the same history gives the same result', () => {
    const operations = [
      append(0, 0, 10, 'x', 'a'),
      append(1, 1, 9, 'x', 'b'),
      append(2, 2, 8, 'x', 'c'),
      get(3, 11, 12, 'x', 'cab'),
      get(4, 11, 12, 'x', 'abc'),
    ];
    const first = checkOperations(kvModel, operations);
    expect(first.verdict).toBe('not linearizable');
    expect(checkOperations(kvModel, operations)).toEqual(first);
  });
});
