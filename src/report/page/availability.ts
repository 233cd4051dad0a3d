/**
 * The availability panel, on the same time axis as the others: bands for
 * when a leader followed by a majority existed (and the availability
 * oracle's calm windows, when it ran), bands for faults (nodes down,
 * partitions and loss bursts, pauses), each operation's latency as a dot on
 * a log scale coloured by outcome, and completions per 100 ms. A stall shows
 * three ways at once: a red gap in the leader band, dots climbing the
 * latency axis, and the throughput bars dropping to nothing.
 */

import type { FaultInterval, OpOutcome, TimeSpan } from '../report-data.js';
import type { AvailabilitySeries, Throughput } from './availability-series.js';
import { cssColor } from './colors.js';
import { scaleOf, type DrawnDot, type PageContext } from './context.js';
import { FAULT_STYLE } from './faults.js';
import { drawCursorLine, drawFailureLine, drawGrid, drawPhaseLines, drawStuckBand } from './overlays.js';
import { decadeTicks, GUTTER, logScale, lowerBound, RIGHT, type TimeScale } from './scale.js';
import { fmtDuration } from './format.js';
import { attr, panelSvg, plotGroup, svgEl, textEl } from './svg.js';

const BAND = 12;
const BAND_GAP = 3;
const LATENCY_HEIGHT = 96;
const THROUGHPUT_HEIGHT = 44;

const OUTCOME_COLOR: Record<OpOutcome, string> = { ok: '--ok-edge', failed: '--failed-edge', unknown: '--unknown-edge' };

/** One row of bands: its label in the gutter, and how it draws itself in view. */
interface BandRow {
  label: string;
  kind: string;
  draw: (group: SVGGElement, y: number, scale: TimeScale) => void;
}

function spanRect(group: SVGGElement, span: TimeSpan, y: number, scale: TimeScale, attrs: Record<string, string | number>): SVGRectElement | null {
  if (!scale.visible(span.start, span.end)) return null;
  const x1 = scale.clampX(scale.x(span.start));
  const x2 = scale.clampX(scale.x(span.end));
  return svgEl('rect', { x: x1, y, width: Math.max(1, x2 - x1), height: BAND, ...attrs }, group);
}

function bandRows(page: PageContext): BandRow[] {
  const series = page.availability;
  const { availability, faults, lanes } = page.data;
  const rows: BandRow[] = [
    {
      label: 'leader',
      kind: 'leader',
      draw: (group, y, scale) => {
        availability.leaderSpans.forEach((span, i) => {
          const rect = spanRect(group, span, y, scale, { fill: cssColor('--leader'), 'fill-opacity': 0.75, 'data-band': 'leader', 'data-tip': `leader:${i}` });
          if (rect !== null && Number(rect.getAttribute('width')) > 24) {
            textEl(`n${span.leader}`, { x: Math.max(GUTTER, Number(rect.getAttribute('x'))) + 3, y: y + 9.5, class: 'seg-label' }, group);
          }
        });
        for (const gap of series.noLeader) {
          spanRect(group, gap, y, scale, { fill: cssColor('--fail'), 'fill-opacity': 0.55, 'data-band': 'no-leader', 'data-tip': `no-leader:${gap.start}:${gap.end}` });
        }
      },
    },
  ];
  const calm = availability.calmWindows;
  if (calm !== null) {
    rows.push({
      label: 'calm',
      kind: 'calm',
      draw: (group, y, scale) => calm.forEach((window, i) => spanRect(group, window, y, scale, { fill: '#0f766e', 'fill-opacity': 0.35, 'data-band': 'calm', 'data-tip': `calm:${i}` })),
    });
  }
  rows.push({
    label: 'down',
    kind: 'down',
    draw: (group, y, scale) => {
      for (const lane of lanes) {
        lane.segments.forEach((segment, k) => {
          if (segment.role === 'down') spanRect(group, segment, y, scale, { fill: 'url(#hatch-down)', 'data-band': 'down', 'data-tip': `down:${lane.node}:${k}` });
        });
      }
    },
  });
  const faultRow = (label: string, kinds: ReadonlyArray<FaultInterval['kind']>): void => {
    if (!faults.some((fault) => kinds.includes(fault.kind))) return;
    rows.push({
      label,
      kind: label,
      draw: (group, y, scale) =>
        faults.forEach((fault, i) => {
          if (!kinds.includes(fault.kind)) return;
          const style = FAULT_STYLE[fault.kind];
          spanRect(group, fault, y, scale, { fill: style.fill, stroke: style.stroke, 'stroke-width': 0.8, 'data-band': fault.kind, 'data-tip': `fault:${i}` });
        }),
    });
  };
  faultRow('network', ['partition', 'drop', 'duplicate', 'reorder', 'delay']);
  faultRow('paused', ['pause']);
  return rows;
}

export function renderAvailability(page: PageContext): void {
  const scale = scaleOf(page);
  const series = page.availability;
  const rows = bandRows(page);
  const bandsHeight = 4 + rows.length * (BAND + BAND_GAP);
  const latencyTop = bandsHeight + 8;
  const throughputTop = latencyTop + LATENCY_HEIGHT + 10;
  const height = throughputTop + THROUGHPUT_HEIGHT + 6;
  const svg = panelSvg('availability', height);
  const g = plotGroup(svg, 'clip-availability', height, scale);
  drawGrid(g, height, scale);
  drawStuckBand(page, g, height, scale, false);
  // The stalls, shaded behind both plots so that what they did to clients lines up.
  for (const gap of series.noLeader) {
    if (!scale.visible(gap.start, gap.end)) continue;
    const x1 = scale.clampX(scale.x(gap.start));
    const x2 = scale.clampX(scale.x(gap.end));
    svgEl('rect', { x: x1, y: latencyTop, width: Math.max(1, x2 - x1), height: height - latencyTop, fill: 'rgba(214,58,58,0.07)', 'pointer-events': 'none' }, g);
  }
  rows.forEach((row, i) => {
    const y = 4 + i * (BAND + BAND_GAP);
    textEl(row.label, { x: 12, y: y + 10, class: 'sub-label' }, svg);
    const group = svgEl('g', { 'data-band-row': row.kind }, g);
    row.draw(group, y, scale);
  });
  drawLatency(page, svg, g, latencyTop, series.domain, scale);
  drawThroughput(page, svg, g, throughputTop, series, scale);
  drawPhaseLines(page, g, height, scale, false);
  drawFailureLine(page, g, height, scale);
  drawCursorLine(svg, height);
}

function drawLatency(page: PageContext, svg: SVGSVGElement, group: SVGGElement, top: number, domain: [number, number], scale: TimeScale): void {
  const bottom = top + LATENCY_HEIGHT;
  const yOf = logScale(domain[0], domain[1], top + 3, bottom - 3);
  textEl('latency', { x: 12, y: top + 12, class: 'lane-label' }, svg);
  textEl('log scale', { x: 12, y: top + 24, class: 'sub-label' }, svg);
  // Axis values sit just inside the plot, clear of the row labels in the gutter.
  for (const tick of decadeTicks(domain[0], domain[1])) {
    const y = yOf(tick);
    svgEl('line', { x1: GUTTER, x2: scale.width - RIGHT, y1: y, y2: y, class: 'grid' }, group);
    textEl(fmtDuration(tick), { x: GUTTER + 3, y: y - 2, class: 'sub-label axis-value' }, svg);
  }
  svgEl('line', { x1: GUTTER, x2: scale.width - RIGHT, y1: bottom + 0.5, y2: bottom + 0.5, stroke: '#d5dbe4' }, group);
  // One dot (a 3 px square) per op; a dot landing where an earlier one of the
  // same outcome is adds nothing visible, so a long run draws far fewer than its ops.
  const points = page.latency;
  const ys = latencyYs(page, yOf, top);
  const first = lowerBound(points, page.view.t0, (p) => p.call);
  const seen = new Set<number>();
  const paths: Record<OpOutcome, string[]> = { ok: [], failed: [], unknown: [] };
  const counts: Record<OpOutcome, number> = { ok: 0, failed: 0, unknown: 0 };
  const drawn: DrawnDot[] = [];
  for (let i = first; i < points.length; i++) {
    const point = points[i];
    if (point === undefined || point.call > page.view.t1) break;
    // Whole pixels: finer positions are invisible at this size, and cheaper to write out.
    const x = Math.round(scale.x(point.call));
    const y = ys[i] as number;
    counts[point.outcome]++;
    // Cells of 2 px: a 3 px dot covers its cell, so a second dot in it adds nothing visible.
    const pixel = ((x >> 1) * 4096 + (y >> 1)) * 3 + (point.outcome === 'ok' ? 0 : point.outcome === 'failed' ? 1 : 2);
    if (seen.has(pixel)) continue;
    seen.add(pixel);
    drawn.push({ id: point.id, x, y });
    paths[point.outcome].push(`M${x - 1} ${y - 1}h3v3h-3z`);
  }
  page.drawnDots = drawn;
  const markup = (['failed', 'unknown', 'ok'] as const).map((outcome) => {
    const color = cssColor(OUTCOME_COLOR[outcome]);
    return `<path${attr('d', paths[outcome].join('') || 'M0 0')}${attr('fill', outcome === 'unknown' ? '#fff' : color)}${attr('stroke', color)}` +
      `${attr('stroke-width', outcome === 'unknown' ? 1.2 : 0.6)}${attr('fill-opacity', 0.8)}${attr('data-latency', outcome)}${attr('data-dots', counts[outcome])}/>`;
  });
  svgEl('g', {}, group).innerHTML = markup.join('');
  svgEl('circle', { cx: -10, cy: -10, r: 5, fill: 'none', stroke: '#111827', 'stroke-width': 2, 'pointer-events': 'none', 'data-dot-highlight': '' }, group);
}

/** Each op's dot height (whole px): fixed for the page, as the latency axis is, so worked out once, not per redraw. */
let cachedYs: { page: PageContext; top: number; ys: Int32Array } | null = null;

function latencyYs(page: PageContext, yOf: (latency: number) => number, top: number): Int32Array {
  if (cachedYs === null || cachedYs.page !== page || cachedYs.top !== top) {
    cachedYs = { page, top, ys: Int32Array.from(page.latency, (point) => Math.round(yOf(point.latency))) };
  }
  return cachedYs.ys;
}

function drawThroughput(page: PageContext, svg: SVGSVGElement, group: SVGGElement, top: number, series: AvailabilitySeries, scale: TimeScale): void {
  const bottom = top + THROUGHPUT_HEIGHT;
  const t = series.throughput;
  textEl('throughput', { x: 12, y: top + 12, class: 'lane-label' }, svg);
  textEl(`ops / ${t.bucket} ms`, { x: 12, y: top + 24, class: 'sub-label' }, svg);
  svgEl('line', { x1: GUTTER, x2: scale.width - RIGHT, y1: top + 0.5, y2: top + 0.5, class: 'grid' }, group);
  textEl(`${series.peak} / ${t.bucket} ms`, { x: GUTTER + 3, y: top + 8, class: 'sub-label axis-value' }, svg);
  svgEl('line', { x1: GUTTER, x2: scale.width - RIGHT, y1: bottom + 0.5, y2: bottom + 0.5, stroke: '#d5dbe4' }, group);
  const first = Math.max(0, Math.floor((page.view.t0 - t.start) / t.bucket));
  const last = Math.min(t.ok.length, Math.ceil((page.view.t1 - t.start) / t.bucket) + 1);
  const unit = THROUGHPUT_HEIGHT / series.peak;
  const bucketPx = scale.x(t.bucket) - scale.x(0);
  // Zoomed out, buckets narrower than 2 px share a bar showing the busiest of
  // them: still ops per 100 ms, and a stall as long as a bar still shows as a gap.
  const perBar = Math.max(1, Math.ceil(2 / bucketPx));
  const paths: Record<OpOutcome, string[]> = { ok: [], failed: [], unknown: [] };
  let buckets = 0;
  for (let start = first - (first % perBar); start < last; start += perBar) {
    let busiest = start;
    for (let i = start; i < Math.min(start + perBar, t.ok.length); i++) {
      buckets++;
      if (total(t, i) > total(t, busiest)) busiest = i;
    }
    const x1 = scale.x(t.start + start * t.bucket);
    const w = Math.max(0.6, bucketPx * perBar - (bucketPx * perBar > 4 ? 1 : 0));
    let base = bottom;
    for (const outcome of ['ok', 'failed', 'unknown'] as const) {
      const h = (t[outcome][busiest] ?? 0) * unit;
      if (h <= 0) continue;
      paths[outcome].push(`M${x1.toFixed(1)} ${base.toFixed(1)}h${w.toFixed(1)}v${(-h).toFixed(1)}h${(-w).toFixed(1)}Z`);
      base -= h;
    }
  }
  const markup = (['ok', 'failed', 'unknown'] as const).map(
    (outcome) => `<path${attr('d', paths[outcome].join('') || 'M0 0')}${attr('fill', cssColor(OUTCOME_COLOR[outcome]))}${attr('data-throughput', outcome)}/>`,
  );
  svgEl('g', { 'data-buckets': buckets }, group).innerHTML = markup.join('');
  // Hovering anywhere on the plot tells the bucket's counts.
  svgEl('rect', { x: GUTTER, y: top, width: scale.plotWidth(), height: THROUGHPUT_HEIGHT, fill: 'transparent', 'data-tip': 'throughput' }, group);
}

function total(t: Throughput, i: number): number {
  return (t.ok[i] ?? 0) + (t.failed[i] ?? 0) + (t.unknown[i] ?? 0);
}

/** The drawn latency dot nearest to (x, y), within 6 px, or null. */
export function nearestDot(page: PageContext, x: number, y: number): DrawnDot | null {
  let best: DrawnDot | null = null;
  let bestDistance = 6;
  for (const dot of page.drawnDots) {
    const distance = Math.hypot(dot.x - x, dot.y - y);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = dot;
    }
  }
  return best;
}

export function highlightDot(dot: DrawnDot | null): void {
  const ring = document.querySelector('#availability [data-dot-highlight]');
  if (ring === null) return;
  ring.setAttribute('cx', String(dot === null ? -10 : dot.x));
  ring.setAttribute('cy', String(dot === null ? -10 : dot.y));
}
