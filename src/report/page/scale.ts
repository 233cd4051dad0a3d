/**
 * The shared time axis. Every panel maps simulated time to x through the same
 * view and width, which is what lines the panels up; these functions hold no
 * state and touch no DOM, so the tests can check them without a browser.
 */

/** Left margin for lane labels, and a little room on the right, in px. */
export const GUTTER = 96;
export const RIGHT = 14;
/** The narrowest view, in simulated ms. */
export const MIN_SPAN = 1;

/** The part of the run the panels show, in simulated ms. */
export interface TimeView {
  t0: number;
  t1: number;
}

export interface TimeScale {
  readonly view: TimeView;
  readonly width: number;
  plotWidth(): number;
  x(t: number): number;
  t(x: number): number;
  /** x kept just inside the plot, so that bars running off the view end at its edge. */
  clampX(x: number): number;
  /** Whether [start, end] overlaps the view. */
  visible(start: number, end: number): boolean;
}

export function timeScale(view: TimeView, width: number): TimeScale {
  const plotWidth = Math.max(50, width - GUTTER - RIGHT);
  const span = view.t1 - view.t0;
  return {
    view,
    width,
    plotWidth: () => plotWidth,
    x: (t) => GUTTER + ((t - view.t0) / span) * plotWidth,
    t: (x) => view.t0 + ((x - GUTTER) / plotWidth) * span,
    clampX: (x) => Math.max(GUTTER - 4, Math.min(width - RIGHT + 4, x)),
    visible: (start, end) => end >= view.t0 && start <= view.t1,
  };
}

export interface Ticks {
  times: number[];
  label(t: number): string;
}

/** Tick positions at 1, 2 or 5 times a power of ten, about one per 110 px, labelled in seconds with just enough decimals. */
export function timeTicks(view: TimeView, plotWidth: number): Ticks {
  const raw = (view.t1 - view.t0) / Math.max(2, plotWidth / 110);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / power;
  const step = (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
  const times: number[] = [];
  for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1 + 1e-9; t += step) times.push(t);
  return { times, label: (t) => `${(t / 1000).toFixed(decimals)} s` };
}

/**
 * The view for a requested [t0, t1]: at least MIN_SPAN, at most the whole
 * run, and shifted (not shrunk) to stay inside the run.
 */
export function clampView(t0: number, t1: number, runStart: number, runEnd: number): TimeView {
  let span = Math.max(MIN_SPAN, Math.min(t1 - t0, runEnd - runStart));
  if (!(span > 0)) span = MIN_SPAN;
  const start = Math.max(runStart, Math.min(t0, runEnd - span));
  return { t0: start, t1: start + span };
}

/** The range that zooms by `factor` (below 1: in) keeping time t at the same place on screen. */
export function zoomRange(view: TimeView, t: number, factor: number): [number, number] {
  return [t - (t - view.t0) * factor, t + (view.t1 - t) * factor];
}

/** A log-scale y axis: `lo`..`hi` (both > 0) onto `bottom`..`top` px, values outside clamped. */
export function logScale(lo: number, hi: number, top: number, bottom: number): (value: number) => number {
  const a = Math.log10(lo);
  const b = Math.log10(Math.max(hi, lo * 10));
  return (value) => {
    const v = Math.min(b, Math.max(a, Math.log10(Math.max(value, lo))));
    return bottom - ((v - a) / (b - a)) * (bottom - top);
  };
}

/** Powers of ten from the one at or below `lo` to the one at or above `hi`: the log axis' gridlines. */
export function decadeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(Math.max(hi, lo))); e++) ticks.push(Math.pow(10, e));
  return ticks;
}

/** First index i of the sorted items with key(items[i]) >= t. */
export function lowerBound<T>(items: readonly T[], t: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid] as T) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
