/**
 * The time axis and the cluster timeline: one lane per node with its role and
 * term, crashes, restarts, snapshots, torn writes and commit index. The
 * failure point lives here, as the one element carrying data-failure-point.
 */

import type { NodeLane, RoleSegment } from '../report-data.js';
import { cssColor, ROLE_SHORT, roleColor } from './colors.js';
import { scaleOf, type PageContext } from './context.js';
import { nodeStateAt } from './node-state.js';
import { drawCursorLine, drawFailureLine, drawGrid, drawPhaseLines, drawStuckBand } from './overlays.js';
import { GUTTER, lowerBound, RIGHT, timeTicks, type TimeScale } from './scale.js';
import { panelSvg, plotGroup, svgEl, textEl } from './svg.js';

const LANE_HEIGHT = 48;
const BAND_TOP = 6;
const BAND_HEIGHT = 18;
const COMMIT_TOP = 28;
const COMMIT_HEIGHT = 14;

export function renderAxis(page: PageContext): void {
  const scale = scaleOf(page);
  const svg = panelSvg('axis', 26);
  const ticks = timeTicks(page.view, scale.plotWidth());
  for (const time of ticks.times) {
    const x = scale.x(time);
    const g = svgEl('g', { class: 'tick' }, svg);
    svgEl('line', { x1: x, x2: x, y1: 18, y2: 26, stroke: '#9aa4b2' }, g);
    textEl(ticks.label(time), { x, y: 13, 'text-anchor': 'middle' }, g);
  }
  svgEl('line', { x1: GUTTER, x2: scale.width - RIGHT, y1: 25.5, y2: 25.5, stroke: '#9aa4b2' }, svg);
  const failure = page.data.verdict.time;
  if (failure !== null) {
    const fx = scale.x(failure);
    if (fx >= GUTTER && fx <= scale.width - RIGHT) {
      svgEl('path', { d: `M${fx - 5} 16 L${fx + 5} 16 L${fx} 25 Z`, fill: cssColor('--fail') }, svg);
    }
  }
  const label = textEl('', { x: -100, y: 13, 'text-anchor': 'middle', 'data-cursor-label': '', 'font-weight': '600' }, svg);
  label.style.fontSize = '10px';
  drawCursorLine(svg, 26);
}

function segmentLabel(segment: RoleSegment, width: number): string {
  if (segment.role === 'down') return width > 40 ? 'down' : '';
  if (width > 92) return `${segment.role} · t${segment.term}`;
  if (width > 34) return `${ROLE_SHORT[segment.role]} t${segment.term}`;
  if (width > 16) return `t${segment.term}`;
  return '';
}

/**
 * One node event's glyph as markup: a long run has thousands of snapshot
 * markers per lane, and one innerHTML per lane is far faster than DOM calls.
 */
function nodeEventMarkup(lane: NodeLane, index: number, y: number, scale: TimeScale): string {
  const event = lane.events[index];
  if (event === undefined) return '';
  const x = scale.x(event.time);
  const cy = y + BAND_TOP + BAND_HEIGHT / 2;
  const parts = [`<g data-tip="event:${lane.node}:${index}" data-event="${event.kind}">`, `<circle cx="${x.toFixed(1)}" cy="${cy}" r="8" fill="transparent"/>`];
  const path = (d: string, attrs: string): void => {
    parts.push(`<path d="${d}" ${attrs}/>`);
  };
  if (event.kind === 'crash') {
    const cross = `M${x - 5} ${cy - 5} L${x + 5} ${cy + 5} M${x + 5} ${cy - 5} L${x - 5} ${cy + 5}`;
    path(`M${x} ${y + 2} V${y + BAND_TOP + BAND_HEIGHT + 2}`, 'stroke="#b42318" stroke-width="2"');
    path(cross, 'stroke="#fff" stroke-width="4.5" stroke-linecap="round"');
    path(cross, 'stroke="#b42318" stroke-width="2.4" stroke-linecap="round"');
  } else if (event.kind === 'restart') {
    path(`M${x - 1} ${cy - 6} L${x + 8} ${cy} L${x - 1} ${cy + 6} Z`, 'fill="#1f7a44" stroke="#fff" stroke-width="1.2"');
  } else if (event.kind === 'snapshot-taken' || event.kind === 'snapshot-installed') {
    const sy = y + BAND_TOP + BAND_HEIGHT;
    path(`M${x.toFixed(1)} ${sy - 6} l5 6 l-5 6 l-5 -6 Z`, `fill="${event.kind === 'snapshot-taken' ? '#7c3aed' : '#fff'}" stroke="#7c3aed" stroke-width="1.6"`);
  } else if (event.kind === 'configuration') {
    // A tag above the band: the node adopted a new configuration.
    path(`M${x} ${y + 1} V${y + BAND_TOP + BAND_HEIGHT}`, 'stroke="#0e7490" stroke-width="1.5"');
    path(`M${x - 4} ${y} h8 v6 l-4 3 l-4 -3 Z`, 'fill="#0e7490" stroke="#fff" stroke-width="1"');
  } else {
    path(`M${x} ${y + 1} L${x + 6} ${y + 11} L${x - 6} ${y + 11} Z`, 'fill="#f97316" stroke="#fff" stroke-width="1"');
    parts.push(`<text x="${x}" y="${y + 10}" text-anchor="middle" font-size="8" font-weight="700" style="fill:#fff">!</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

export function renderLanes(page: PageContext): void {
  const scale = scaleOf(page);
  const lanes = page.data.lanes;
  const height = lanes.length * LANE_HEIGHT + 6;
  const svg = panelSvg('lanes', height);
  const g = plotGroup(svg, 'clip-lanes', height, scale);
  drawGrid(g, height, scale);
  drawStuckBand(page, g, height, scale, true);
  const range = commitRangeInView(lanes, scale);
  lanes.forEach((lane, i) => {
    const y = 4 + i * LANE_HEIGHT;
    const laneGroup = svgEl('g', { 'data-lane': lane.node }, g);
    const label = svgEl('g', lane.clock === undefined ? {} : { 'data-tip': `clock:${lane.node}`, 'data-clock': lane.clock }, svg);
    const name = textEl(`n${lane.node}`, { x: 12, y: y + BAND_TOP + 13, class: 'lane-label' }, label);
    if (lane.clock !== undefined) fitClockLabel(textEl(lane.clock, { x: Math.ceil(16 + name.getComputedTextLength()), y: y + BAND_TOP + 12, class: 'sub-label clock-label' }, label));
    textEl('commit', { x: 12, y: y + COMMIT_TOP + 11, class: 'sub-label' }, svg);
    lane.segments.forEach((segment, k) => {
      if (!scale.visible(segment.start, segment.end)) return;
      const x1 = scale.clampX(scale.x(segment.start));
      const x2 = scale.clampX(scale.x(segment.end));
      const w = Math.max(0.8, x2 - x1);
      svgEl('rect', {
        x: x1, y: y + BAND_TOP, width: w, height: BAND_HEIGHT, rx: 2,
        fill: segment.role === 'down' ? 'url(#hatch-down)' : roleColor(segment.role),
        'data-tip': `segment:${lane.node}:${k}`, 'data-role': segment.role,
      }, laneGroup);
      const label = segmentLabel(segment, w);
      if (label !== '') textEl(label, { x: x1 + 5, y: y + BAND_TOP + 13, class: `seg-label${segment.role === 'follower' ? ' dark' : ''}` }, laneGroup);
    });
    drawCommitLine(page, laneGroup, lane, y, range, scale);
    // Before a node added by a membership change started, and after a removed one stopped, it was no member: veil it.
    if (lane.joined !== undefined) drawOutside(laneGroup, lane, page.data.run.start, lane.joined, 'not started', y, scale);
    if (lane.removed !== undefined) drawOutside(laneGroup, lane, lane.removed, page.data.run.end, 'removed', y, scale);
    // Snapshot markers closer than 3 px to the previous one of their kind add
    // nothing visible (a long run has thousands): draw the first of each cluster.
    const markup: string[] = [];
    const lastX = new Map<string, number>();
    for (let k = lowerBound(lane.events, page.view.t0, (event) => event.time); k < lane.events.length; k++) {
      const event = lane.events[k];
      if (event === undefined || event.time > page.view.t1) break;
      const x = scale.x(event.time);
      const previous = lastX.get(event.kind);
      const merge = event.kind.startsWith('snapshot') && previous !== undefined && x - previous < 3;
      if (!merge) {
        markup.push(nodeEventMarkup(lane, k, y, scale));
        lastX.set(event.kind, x);
      }
    }
    svgEl('g', {}, laneGroup).innerHTML = markup.join('');
  });
  drawPhaseLines(page, g, height, scale, false);
  drawFailurePoint(page, g, height, scale);
  drawCursorLine(svg, height);
}

/** A veil over the lane where the node was outside the cluster: not yet started, or removed. */
function drawOutside(group: SVGGElement, lane: NodeLane, from: number, to: number, what: 'not started' | 'removed', y: number, scale: TimeScale): void {
  if (to <= from || !scale.visible(from, to)) return;
  const x1 = scale.clampX(scale.x(from));
  const x2 = scale.clampX(scale.x(to));
  const g = svgEl('g', { 'data-tip': `outside:${lane.node}:${from}:${to}:${what === 'removed' ? 'removed' : 'joined'}`, 'data-outside': what }, group);
  svgEl('rect', { x: x1, y: y + BAND_TOP - 1, width: Math.max(0.8, x2 - x1), height: COMMIT_TOP + COMMIT_HEIGHT - BAND_TOP + 2, fill: '#f8fafc', 'fill-opacity': 0.92 }, g);
  if (x2 - x1 > 70) textEl(what, { x: Math.max(x1, GUTTER) + 5, y: y + BAND_TOP + 13, class: 'sub-label' }, g);
}

/** Squeezes a clock label that would run into the plot to the gutter's width. */
function fitClockLabel(text: SVGTextElement): void {
  const room = GUTTER - 4 - Number(text.getAttribute('x'));
  if (text.getComputedTextLength() > room) {
    text.setAttribute('textLength', String(room));
    text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
  }
}

interface Range {
  lo: number;
  hi: number;
}

/**
 * Commit index as a step line. The y scale is the range of commit indexes in
 * view, shared by all lanes, so progress (and a lagging or reset node) shows
 * at any zoom; the values at both edges of the view are written out.
 */
function commitRangeInView(lanes: readonly NodeLane[], scale: TimeScale): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const lane of lanes) {
    const points = lane.commits;
    const first = Math.max(0, lowerBound(points, scale.view.t0, (p) => p[0]) - 1);
    const last = Math.min(points.length, lowerBound(points, scale.view.t1, (p) => p[0]));
    for (let i = first; i < last; i++) {
      const value = (points[i] as [number, number])[1];
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
  }
  if (lo === Infinity) return { lo: 0, hi: 1 };
  if (hi === lo) return { lo: Math.max(0, lo - 1), hi: hi + 1 };
  return { lo, hi };
}

function drawCommitLine(page: PageContext, group: SVGGElement, lane: NodeLane, y: number, range: Range, scale: TimeScale): void {
  const base = y + COMMIT_TOP + COMMIT_HEIGHT - 1;
  svgEl('rect', { x: GUTTER, y: y + COMMIT_TOP, width: scale.plotWidth(), height: COMMIT_HEIGHT, fill: '#f5f7fb', 'data-tip': `commit:${lane.node}` }, group);
  const points = lane.commits;
  const first = Math.max(0, lowerBound(points, scale.view.t0, (p) => p[0]) - 1);
  const last = Math.min(points.length, lowerBound(points, scale.view.t1, (p) => p[0]) + 1);
  const yOf = (value: number): number => base - ((value - range.lo) / (range.hi - range.lo)) * (COMMIT_HEIGHT - 2);
  const startValue = first > 0 ? (points[first - 1] as [number, number])[1] : 0;
  let d = `M${scale.clampX(scale.x(page.data.run.start))} ${yOf(startValue)}`;
  for (let i = first; i < last; i++) {
    const [time, value] = points[i] as [number, number];
    d += ` H${scale.clampX(scale.x(time))} V${yOf(value)}`;
  }
  d += ` H${scale.clampX(scale.x(page.data.run.end))}`;
  svgEl('path', { d, fill: 'none', stroke: cssColor('--commit'), 'stroke-width': 1.4, 'pointer-events': 'none' }, group);
  const atStart = nodeStateAt(lane, scale.view.t0).commit;
  const atEnd = nodeStateAt(lane, scale.view.t1).commit;
  textEl(String(atStart), { x: GUTTER + 3, y: y + COMMIT_TOP + 10, class: 'sub-label', 'pointer-events': 'none' }, group);
  textEl(String(atEnd), { x: scale.width - RIGHT - 3, y: y + COMMIT_TOP + 10, class: 'sub-label', 'text-anchor': 'end', 'pointer-events': 'none' }, group);
}

/** The one element tests look for: the failure time, node and (for linearizability) the stuck op. */
function drawFailurePoint(page: PageContext, group: SVGGElement, height: number, scale: TimeScale): void {
  const verdict = page.data.verdict;
  if (verdict.status !== 'fail' || verdict.time === null) return;
  const x = scale.x(verdict.time);
  const g = svgEl('g', {
    'data-failure-point': '', 'data-time': verdict.time, 'data-kind': verdict.kind,
    'data-node': verdict.node, 'data-stuck-op': verdict.stuckOp, 'data-tip': 'failure',
  }, group);
  drawFailureLine(page, g, height, scale);
  svgEl('rect', { x: x - 4, y: 0, width: 8, height, fill: 'transparent' }, g);
  const index = page.data.lanes.findIndex((lane) => lane.node === verdict.node);
  if (index >= 0) {
    const cy = 4 + index * LANE_HEIGHT + BAND_TOP + BAND_HEIGHT / 2;
    svgEl('circle', { cx: x, cy, r: 9, fill: 'none', stroke: cssColor('--fail'), 'stroke-width': 2.5 }, g);
    svgEl('circle', { cx: x, cy, r: 3, fill: cssColor('--fail') }, g);
  }
}
