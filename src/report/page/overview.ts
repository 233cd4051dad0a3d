/**
 * The overview of the whole run: node roles in miniature, the message
 * traffic histogram, the message window and the failure, with the current
 * view as a brush. Its x axis is always the whole run (not the view).
 */

import { cssColor, roleColor } from './colors.js';
import type { PageContext } from './context.js';
import { fmtTime } from './format.js';
import { GUTTER, MIN_SPAN, RIGHT } from './scale.js';
import { panelSvg, svgEl, textEl } from './svg.js';

const OVERVIEW_ROW = 9;
const TRAFFIC_HEIGHT = 30;

/** x of time t on the overview, and back. */
export function overviewX(page: PageContext, t: number): number {
  const run = page.data.run;
  return GUTTER + ((t - run.start) / Math.max(MIN_SPAN, run.end - run.start)) * Math.max(50, page.width - GUTTER - RIGHT);
}
export function overviewT(page: PageContext, x: number): number {
  const run = page.data.run;
  return run.start + ((x - GUTTER) / Math.max(50, page.width - GUTTER - RIGHT)) * Math.max(MIN_SPAN, run.end - run.start);
}

function bars(heights: readonly number[], x: (i: number) => number, width: number, base: (i: number) => number, min: number): string {
  let d = '';
  heights.forEach((h, i) => {
    if (h > 0) d += `M${x(i)} ${base(i)} h${width} v${-Math.max(min, h)} h${-width} Z`;
  });
  return d || 'M0 0';
}

export function renderOverview(page: PageContext): void {
  const { run, lanes, messages: window, verdict } = page.data;
  const height = 8 + lanes.length * (OVERVIEW_ROW + 2) + 6 + TRAFFIC_HEIGHT + 16;
  const svg = panelSvg('overview', height);
  const ox = (t: number): number => overviewX(page, t);
  svgEl('rect', {
    x: ox(window.start), y: 2, width: Math.max(1, ox(window.end) - ox(window.start)), height: height - 16,
    fill: 'rgba(47,111,223,0.07)', stroke: '#2f6fdf', 'stroke-dasharray': '3 2', 'data-tip': 'window',
  }, svg);
  lanes.forEach((lane, i) => {
    const y = 8 + i * (OVERVIEW_ROW + 2);
    textEl(`n${lane.node}`, { x: 12, y: y + 8, class: 'sub-label' }, svg).style.fontSize = '9px';
    for (const segment of lane.segments) {
      const x1 = ox(segment.start);
      svgEl('rect', { x: x1, y, width: Math.max(0.6, ox(segment.end) - x1), height: OVERVIEW_ROW, fill: roleColor(segment.role) }, svg);
    }
  });
  const ty = 8 + lanes.length * (OVERVIEW_ROW + 2) + 6;
  textEl('traffic', { x: 12, y: ty + TRAFFIC_HEIGHT - 4, class: 'sub-label' }, svg);
  const traffic = window.traffic;
  const peak = Math.max(1, ...traffic.sent);
  const bw = Math.max(0.5, ox(run.start + traffic.bucket) - ox(run.start) - 0.3);
  const x = (i: number): number => ox(run.start + i * traffic.bucket);
  const scaled = (counts: readonly number[]): number[] => counts.map((n) => (n / peak) * TRAFFIC_HEIGHT);
  const dropped = scaled(traffic.dropped);
  svgEl('path', { d: bars(scaled(traffic.sent), x, bw, () => ty + TRAFFIC_HEIGHT, 0), fill: '#b8c4d6' }, svg);
  svgEl('path', { d: bars(dropped, x, bw, () => ty + TRAFFIC_HEIGHT, 1), fill: cssColor('--fail') }, svg);
  svgEl('path', { d: bars(scaled(traffic.duplicated), x, bw, (i) => ty + TRAFFIC_HEIGHT - (dropped[i] ?? 0), 1), fill: '#7c3aed' }, svg);
  // Whole-run axis labels at both ends.
  textEl(fmtTime(run.start), { x: GUTTER, y: height - 3, class: 'sub-label' }, svg);
  textEl(fmtTime(run.end), { x: page.width - RIGHT, y: height - 3, class: 'sub-label', 'text-anchor': 'end' }, svg);
  if (window.start > run.start || window.end < run.end) {
    // Kept clear of the run's start and end labels at the two corners.
    const lx = Math.max(GUTTER + 56, Math.min(page.width - RIGHT - 150, ox(window.start) + 3));
    textEl('message window', { x: lx, y: height - 3, class: 'sub-label' }, svg).style.fill = '#2f6fdf';
  }
  if (verdict.time !== null) {
    const fx = ox(verdict.time);
    svgEl('line', { x1: fx, x2: fx, y1: 0, y2: height - 14, class: 'failure-line' }, svg);
  }
  // The brush: the part of the run the panels show.
  const bx1 = ox(page.view.t0);
  const bx2 = ox(page.view.t1);
  const shade = { y: 0, height: height - 14, fill: 'rgba(30,41,59,0.10)', 'pointer-events': 'none' };
  svgEl('rect', { ...shade, x: GUTTER, width: Math.max(0, bx1 - GUTTER) }, svg);
  svgEl('rect', { ...shade, x: bx2, width: Math.max(0, page.width - RIGHT - bx2) }, svg);
  svgEl('rect', { x: bx1, y: 0.5, width: Math.max(2, bx2 - bx1), height: height - 15, fill: 'none', stroke: '#1e293b', 'stroke-width': 1.5, rx: 2, 'data-brush': '', 'pointer-events': 'none' }, svg);
  svgEl('rect', { x: -10, y: 0, width: 0, height: height - 14, fill: 'rgba(47,111,223,0.18)', 'data-selection': '', 'pointer-events': 'none' }, svg);
}
