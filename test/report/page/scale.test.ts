import { describe, expect, it } from 'vitest';
import { clampView, decadeTicks, GUTTER, logScale, lowerBound, MIN_SPAN, RIGHT, timeScale, timeTicks, zoomRange } from '../../../src/report/page/scale.js';

describe('the shared time scale', () => {
  it('maps the view onto the plot between the gutter and the right margin, and back', () => {
    const scale = timeScale({ t0: 1000, t1: 3000 }, 1000 + GUTTER + RIGHT);
    expect(scale.plotWidth()).toBe(1000);
    expect(scale.x(1000)).toBe(GUTTER);
    expect(scale.x(3000)).toBe(GUTTER + 1000);
    expect(scale.x(2000)).toBe(GUTTER + 500);
    expect(scale.t(scale.x(1234.5))).toBeCloseTo(1234.5, 9);
    expect(scale.clampX(-500)).toBe(GUTTER - 4);
    expect(scale.clampX(5000)).toBe(1000 + GUTTER + 4);
    expect(scale.visible(0, 999)).toBe(false);
    expect(scale.visible(0, 1000)).toBe(true);
    expect(scale.visible(3000, 4000)).toBe(true);
    expect(scale.visible(3001, 4000)).toBe(false);
  });

  it('keeps a usable plot on a very narrow page', () => {
    expect(timeScale({ t0: 0, t1: 10 }, 20).plotWidth()).toBe(50);
  });

  it('puts ticks at 1, 2 or 5 times a power of ten, about one per 110 px, with just enough decimals', () => {
    const whole = timeTicks({ t0: 0, t1: 20_000 }, 1100);
    expect(whole.times).toEqual([0, 2000, 4000, 6000, 8000, 10_000, 12_000, 14_000, 16_000, 18_000, 20_000]);
    expect(whole.label(4000)).toBe('4 s');
    const zoomed = timeTicks({ t0: 1234, t1: 1239 }, 1100);
    expect(zoomed.times[0]).toBeGreaterThanOrEqual(1234);
    expect(zoomed.times.at(-1)).toBeLessThanOrEqual(1239);
    expect(zoomed.label(zoomed.times[0]!)).toMatch(/^1\.234\d* s$/);
    for (const span of [3, 70, 900, 12_345, 600_000]) {
      const count = timeTicks({ t0: 0, t1: span }, 1100).times.length;
      expect(count).toBeGreaterThanOrEqual(4);
      expect(count).toBeLessThanOrEqual(21);
    }
  });

  it('clamps a requested view into the run, shifting it rather than shrinking it', () => {
    expect(clampView(-500, 500, 0, 10_000)).toEqual({ t0: 0, t1: 1000 });
    expect(clampView(9500, 10_500, 0, 10_000)).toEqual({ t0: 9000, t1: 10_000 });
    expect(clampView(-5, 50_000, 0, 10_000)).toEqual({ t0: 0, t1: 10_000 });
    expect(clampView(5000, 5000, 0, 10_000)).toEqual({ t0: 5000, t1: 5000 + MIN_SPAN });
  });

  it('zooms around a time, keeping it at the same place on screen', () => {
    const view = { t0: 1000, t1: 2000 };
    const [t0, t1] = zoomRange(view, 1250, 0.5);
    expect([t0, t1]).toEqual([1125, 1625]);
    expect((1250 - t0) / (t1 - t0)).toBeCloseTo((1250 - view.t0) / (view.t1 - view.t0), 12);
  });

  it('draws latency on a log scale: equal ratios, equal distances; out-of-range values clamped', () => {
    const y = logScale(1, 1000, 0, 300);
    expect(y(1)).toBe(300);
    expect(y(10)).toBeCloseTo(200, 9);
    expect(y(100)).toBeCloseTo(100, 9);
    expect(y(1000)).toBeCloseTo(0, 9);
    expect(y(0)).toBe(300);
    expect(y(1e6)).toBeCloseTo(0, 9);
    expect(decadeTicks(3, 450)).toEqual([1, 10, 100, 1000]);
    expect(decadeTicks(1, 1)).toEqual([1]);
  });

  it('finds the first item at or after a time', () => {
    const items = [{ t: 1 }, { t: 3 }, { t: 3 }, { t: 7 }];
    expect(lowerBound(items, 0, (i) => i.t)).toBe(0);
    expect(lowerBound(items, 3, (i) => i.t)).toBe(1);
    expect(lowerBound(items, 4, (i) => i.t)).toBe(3);
    expect(lowerBound(items, 8, (i) => i.t)).toBe(4);
  });
});
