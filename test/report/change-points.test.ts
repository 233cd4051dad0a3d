import { describe, expect, it } from 'vitest';
import { roleSegments, thinChangePoints } from '../../src/report/change-points.js';
import { trafficHistogram } from '../../src/report/traffic-histogram.js';

describe('roleSegments', () => {
  it('merges equal samples and ends each segment at the next change', () => {
    const segments = roleSegments(
      [
        { time: 0, role: 'follower', term: 0 },
        { time: 10, role: 'follower', term: 0 },
        { time: 150, role: 'candidate', term: 1 },
        { time: 160, role: 'leader', term: 1 },
        { time: 900, role: 'down', term: 1 },
        { time: 1200, role: 'follower', term: 1 },
      ],
      2000,
    );
    expect(segments).toEqual([
      { start: 0, end: 150, role: 'follower', term: 0 },
      { start: 150, end: 160, role: 'candidate', term: 1 },
      { start: 160, end: 900, role: 'leader', term: 1 },
      { start: 900, end: 1200, role: 'down', term: 1 },
      { start: 1200, end: 2000, role: 'follower', term: 1 },
    ]);
  });

  it('lets the last of several changes at one instant win, without empty segments', () => {
    const segments = roleSegments(
      [
        { time: 0, role: 'follower', term: 1 },
        { time: 50, role: 'candidate', term: 2 },
        { time: 50, role: 'follower', term: 1 },
        { time: 70, role: 'leader', term: 3 },
      ],
      100,
    );
    expect(segments).toEqual([
      { start: 0, end: 70, role: 'follower', term: 1 },
      { start: 70, end: 100, role: 'leader', term: 3 },
    ]);
  });
});

describe('thinChangePoints', () => {
  it('keeps only changes, the last value at one instant', () => {
    expect(thinChangePoints([[0, 0], [5, 0], [10, 1], [10, 2], [20, 2], [30, 3]], 0, 100, 100)).toEqual([
      [0, 0],
      [10, 2],
      [30, 3],
    ]);
  });

  it('keeps at most one point per bucket, the bucket’s last, when there are too many', () => {
    const points: Array<[number, number]> = Array.from({ length: 10_000 }, (_, i) => [i, i + 1]);
    const thinned = thinChangePoints(points, 0, 10_000, 100);
    expect(thinned.length).toBeLessThanOrEqual(100);
    expect(thinned[thinned.length - 1]).toEqual([9999, 10_000]);
    for (let i = 1; i < thinned.length; i++) expect(thinned[i]![0]).toBeGreaterThan(thinned[i - 1]![0]);
  });
});

describe('trafficHistogram', () => {
  it('counts sends, drops and duplicates per bucket of whole milliseconds', () => {
    const histogram = trafficHistogram(
      [
        { sent: 0, dropped: false, duplicate: false },
        { sent: 9, dropped: true, duplicate: false },
        { sent: 10, dropped: false, duplicate: true },
        { sent: 100, dropped: false, duplicate: false },
      ],
      0,
      100,
      10,
    );
    expect(histogram.bucket).toBe(10);
    expect(histogram.sent).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(histogram.dropped).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(histogram.duplicated).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
