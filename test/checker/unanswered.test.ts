/**
 * Goal: an unanswered operation ("return": null) may take effect at any
 * moment after its call, or never, and an unanswered get accepts any value
 * (not just "", Porcupine's latent bug). Method: the cases from
 * porcupine.md section 1.6 and a few more.
 */

import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel } from '@raft-check/checker';
import { append, cas, get, put } from './kv-history.js';

describe('unanswered operations', () => {
  it('a pending put may take effect between two gets, but not be undone', () => {
    const ok = [put(0, 0, null, 'x', '1'), get(1, 1, 2, 'x', ''), get(1, 3, 4, 'x', '1')];
    expect(checkOperations(kvModel, ok).verdict).toBe('linearizable');
    const bad = [put(0, 0, null, 'x', '1'), get(1, 1, 2, 'x', '1'), get(1, 3, 4, 'x', '')];
    expect(checkOperations(kvModel, bad).verdict).toBe('not linearizable');
  });

  it('a pending put may never take effect', () => {
    expect(checkOperations(kvModel, [put(0, 0, null, 'x', '1'), get(1, 5, 6, 'x', '')]).verdict).toBe('linearizable');
  });

  it('a pending operation cannot take effect before its call', () => {
    expect(checkOperations(kvModel, [get(1, 0, 1, 'x', '1'), put(0, 2, null, 'x', '1')]).verdict).toBe(
      'not linearizable',
    );
  });

  it('a pending get accepts any value, whatever the state', () => {
    const operations = [put(0, 0, 1, 'x', 'abc'), get(1, 2, null, 'x', null), get(2, 3, 4, 'x', 'abc')];
    const result = checkOperations(kvModel, operations);
    expect(result.verdict).toBe('linearizable');
  });

  it('pending appends and cas still change the state', () => {
    const appended = [append(0, 0, null, 'x', 'a'), append(1, 1, 2, 'x', 'b'), get(2, 3, 4, 'x', 'ab')];
    expect(checkOperations(kvModel, appended).verdict).toBe('linearizable');
    const swapped = [put(0, 0, 1, 'x', 'a'), cas(1, 2, null, 'x', 'a', 'b', null), get(2, 3, 4, 'x', 'b')];
    expect(checkOperations(kvModel, swapped).verdict).toBe('linearizable');
    const notSwapped = [put(0, 0, 1, 'x', 'z'), cas(1, 2, null, 'x', 'a', 'b', null), get(2, 3, 4, 'x', 'b')];
    expect(checkOperations(kvModel, notSwapped).verdict).toBe('not linearizable');
  });
});
