/**
 * Goal: budgets are deterministic and honest. Running out of steps, time or
 * cache room gives `unknown`, never `linearizable`; a step budget gives the
 * same result every time; the injected clock is polled only every few
 * thousand steps.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory, parseHistory, type HistoryFile } from '@raft-check/checker';
import { PORCUPINE_DATA } from './shared-data.js';

function load(file: string): HistoryFile {
  return parseHistory(readFileSync(path.join(PORCUPINE_DATA, file), 'utf8'), { fileName: file });
}

// Linearizable, but needs about a hundred thousand search steps (etcd_002,
// which needed over a million, takes about a thousand since the search tries
// few unanswered operations first).
const hard = load('jepsen/etcd_080.log');

describe('budgets', () => {
  it('maxSteps: unknown when the steps run out, and exactly reproducible', () => {
    const result = checkHistory(hard, { maxSteps: 10_000 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('steps');
    expect(result.steps).toBe(10_000);
    expect(result.summary).toMatch(/^unknown: .*step budget/);
    expect(checkHistory(hard, { maxSteps: 10_000 })).toEqual(result);
  });

  it('an unknown verdict says how many never-answered operations the search held and how many it set aside', () => {
    const open = hard.operations.filter((operation) => operation.return === null).length;
    const summary = checkHistory(hard, { maxSteps: 10 }).summary;
    const counts = /; (\d+) never answered: (\d+) searched, (\d+) set aside as unable to matter\)$/.exec(summary);
    expect(counts, summary).not.toBeNull();
    expect(Number(counts![1])).toBe(open);
    expect(Number(counts![2]) + Number(counts![3])).toBe(open);
    const answered = { ...hard, operations: hard.operations.filter((operation) => operation.return !== null) };
    expect(checkHistory(answered, { maxSteps: 10 }).summary).toMatch(/; every operation answered\)$/);
  });

  it('maxSteps large enough gives the definite verdict', () => {
    const result = checkHistory(hard, { maxSteps: 5_000_000 });
    expect(result.verdict).toBe('linearizable');
    expect(result.steps).toBeLessThanOrEqual(5_000_000);
  });

  it('a search that finishes on its very last allowed step is not unknown', () => {
    const steps = checkHistory(hard).steps;
    expect(checkHistory(hard, { maxSteps: steps }).verdict).toBe('linearizable');
    expect(checkHistory(hard, { maxSteps: steps - 1 }).verdict).toBe('unknown');
  });

  it('clock + timeoutMs: unknown once the injected clock passes the deadline, polled every few thousand steps', () => {
    let now = 0;
    let polls = 0;
    const clock = (): number => {
      polls++;
      now += 1;
      return now;
    };
    const result = checkHistory(hard, { clock, timeoutMs: 20 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('time');
    // One reading at the start, then one per slice of 2048 steps until 20 "ms" have passed.
    expect(polls).toBe(21);
    expect(result.steps).toBeGreaterThanOrEqual(20 * 2048 - 2048);
    expect(result.steps).toBeLessThanOrEqual(20 * 2048);
  });

  it('maxCacheEntries: unknown (never linearizable) when the memo cache is full', () => {
    const result = checkHistory(hard, { maxCacheEntries: 1000 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('cache');
  });

  it('a violation found before the budget runs out still counts', () => {
    const bad = load('jepsen/etcd_000.log');
    expect(checkHistory(bad, { maxSteps: 100_000 }).verdict).toBe('not linearizable');
  });

  it('rejects nonsensical budgets, and a timeout without a clock', () => {
    expect(() => checkHistory(hard, { maxSteps: 0 })).toThrow(RangeError);
    expect(() => checkHistory(hard, { timeoutMs: 100 })).toThrow(/needs a clock/);
    expect(() => checkHistory(hard, { maxCacheEntries: -1 })).toThrow(RangeError);
  });
});
