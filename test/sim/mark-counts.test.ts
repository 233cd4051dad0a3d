/**
 * A run's coverage counts (src/util/marks.ts markCounts): every declared mark,
 * in name order, 0 when not hit, then any undeclared name in the order hit; a
 * fresh object per run that keeps V8's fast properties.
 */

import { describe, expect, it } from 'vitest';
import { declareMarks, mark, markCounts, MARKS, resetMarks, withoutMarks } from '../../src/util/marks.js';

describe('markCounts', () => {
  it('lists every declared mark in name order, then the undeclared ones as hit', () => {
    declareMarks({ 'test.zeta': 'z', 'test.alpha': 'a' });
    resetMarks();
    mark('test.zeta');
    mark('test.undeclared-b');
    mark('test.zeta');
    mark('test.undeclared-a');
    withoutMarks(() => mark('test.alpha'));
    const counts = markCounts();
    const declared = Object.keys(MARKS).sort();
    expect(Object.keys(counts)).toEqual([...declared, 'test.undeclared-b', 'test.undeclared-a']);
    expect(counts['test.zeta']).toBe(2);
    expect(counts['test.alpha']).toBe(0);
    expect(counts['test.undeclared-a']).toBe(1);
    // Each run gets its own object: a later run's counts leave this one alone.
    resetMarks();
    mark('test.alpha');
    expect(markCounts()['test.alpha']).toBe(1);
    expect(counts['test.alpha']).toBe(0);
    // A late declaration shows up in the next counts.
    declareMarks({ 'test.late': 'l' });
    expect(Object.keys(markCounts())).toContain('test.late');
    resetMarks();
  });
});
