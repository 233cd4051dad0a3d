import { describe, expect, it } from 'vitest';
import { chooseMessageWindow, lowerBound, upperBound } from '../../src/report/message-window.js';

const evenly = (count: number, every: number): number[] => Array.from({ length: count }, (_, i) => i * every);

describe('chooseMessageWindow', () => {
  it('keeps the whole run when it is short and small', () => {
    expect(chooseMessageWindow(evenly(100, 10), 0, 1500, 1200)).toEqual({ start: 0, end: 1500, reason: 'whole run' });
  });

  it('takes the span before the failure, plus a tenth of it after', () => {
    const window = chooseMessageWindow(evenly(1000, 10), 0, 10_000, 6000, { span: 2000, cap: 4000 });
    expect(window).toEqual({ start: 4200, end: 6200, reason: 'before the failure' });
  });

  it('never reaches outside the run', () => {
    expect(chooseMessageWindow(evenly(1000, 10), 0, 10_000, 9990, { span: 2000, cap: 4000 })).toMatchObject({ start: 8000, end: 10_000 });
    expect(chooseMessageWindow(evenly(1000, 10), 0, 10_000, 100, { span: 2000, cap: 4000 })).toMatchObject({ start: 0, end: 300 });
  });

  it('picks the busiest span of a passing run', () => {
    const quiet = evenly(100, 100);
    const burst = Array.from({ length: 300 }, (_, i) => 7000 + i);
    const sends = [...quiet, ...burst].sort((a, b) => a - b);
    const window = chooseMessageWindow(sends, 0, 10_000, null, { span: 1000, cap: 4000 });
    expect(window.reason).toBe('busiest 1 s');
    expect(window.start).toBeLessThanOrEqual(7000);
    expect(window.end).toBeGreaterThanOrEqual(7299);
  });

  it('shrinks the window, keeping its end, to respect the cap', () => {
    const window = chooseMessageWindow(evenly(10_000, 1), 0, 10_000, 9000, { span: 2000, cap: 500 });
    expect(window.end).toBe(9200);
    expect(window.start).toBe(8701);
    expect(window.reason).toContain('shortened to 500 messages');
    const inside = evenly(10_000, 1).filter((t) => t >= window.start && t <= window.end);
    expect(inside).toHaveLength(500);
  });
});

describe('binary searches', () => {
  it('find the first index at or after, and strictly after, a time', () => {
    const sorted = [1, 2, 2, 2, 5];
    expect(lowerBound(sorted, 2)).toBe(1);
    expect(upperBound(sorted, 2)).toBe(4);
    expect(lowerBound(sorted, 6)).toBe(5);
    expect(upperBound(sorted, 0)).toBe(0);
  });
});
