/**
 * The message diagram: space-time arrows between node lanes, for the messages
 * the report kept (one window of the run); outside that window the panel is
 * hatched, and the whole run's traffic is in the overview.
 */

import { escapeHtml } from '@raft-check/checker';
import type { ReportMessage } from '../report-data.js';
import { cssColor, roleColor } from './colors.js';
import { scaleOf, type DrawnMessage, type PageContext } from './context.js';
import { fmtCount } from './format.js';
import { kindColors, nearestSegment, stubLength } from './message-geometry.js';
import { drawCursorLine, drawFailureLine, drawGrid, drawPhaseLines, drawStuckBand } from './overlays.js';
import type { TimeScale } from './scale.js';
import { clear, panelSvg, plotGroup, svgEl, textEl } from './svg.js';

const MSG_LANE = 46;
const MSG_TOP = 16;

/** What the diagram needs from the data, computed once. */
export interface MessageStyle {
  color: Map<string, string>;
  count: Map<string, number>;
  stub: number;
  laneIndex: Map<number, number>;
}

export function messageStyle(page: PageContext): MessageStyle {
  const window = page.data.messages;
  const count = new Map<string, number>();
  for (const m of window.messages) count.set(m.kind, (count.get(m.kind) ?? 0) + 1);
  return {
    color: kindColors(count.keys()),
    count,
    stub: stubLength(window.messages, window.start, window.end),
    laneIndex: new Map(page.data.lanes.map((lane, i) => [lane.node, i])),
  };
}

function laneY(style: MessageStyle, node: number): number {
  return MSG_TOP + (style.laneIndex.get(node) ?? 0) * MSG_LANE;
}

/** Endpoints of a message's arrow; undelivered ones stop part way. */
function geometry(m: ReportMessage, index: number, style: MessageStyle, scale: TimeScale): DrawnMessage & { end: number } {
  const y1 = laneY(style, m.from);
  const y2 = laneY(style, m.to);
  if (m.received !== null) return { index, x1: scale.x(m.sent), y1, x2: scale.x(m.received), y2, end: m.received };
  const end = m.sent + style.stub;
  return { index, x1: scale.x(m.sent), y1, x2: scale.x(end), y2: y1 + (y2 - y1) * 0.45, end };
}

export function renderMessages(page: PageContext, style: MessageStyle): void {
  const scale = scaleOf(page);
  const run = page.data.run;
  const window = page.data.messages;
  const height = MSG_TOP + (page.data.lanes.length - 1) * MSG_LANE + 18;
  const svg = panelSvg('messages', height);
  const g = plotGroup(svg, 'clip-messages', height, scale);
  drawGrid(g, height, scale);
  drawStuckBand(page, g, height, scale, false);
  for (const [from, to] of [[run.start, window.start], [window.end, run.end]] as const) {
    if (to <= from || !scale.visible(from, to)) continue;
    const x1 = scale.clampX(scale.x(from));
    const x2 = scale.clampX(scale.x(to));
    svgEl('rect', { x: x1, y: 0, width: Math.max(0, x2 - x1), height, class: 'outside-window' }, g);
    if (x2 - x1 > 190) textEl('messages not kept here (outside the window)', { x: (x1 + x2) / 2, y: height / 2 + 4, 'text-anchor': 'middle', class: 'sub-label' }, g);
  }
  for (const lane of page.data.lanes) {
    const y = laneY(style, lane.node);
    textEl(`n${lane.node}`, { x: 12, y: y + 4, class: 'lane-label' }, svg);
    for (const segment of lane.segments) {
      if (!scale.visible(segment.start, segment.end)) continue;
      const x1 = scale.clampX(scale.x(segment.start));
      const x2 = scale.clampX(scale.x(segment.end));
      svgEl('rect', { x: x1, y: y - 2.5, width: Math.max(0.5, x2 - x1), height: 5, fill: segment.role === 'down' ? 'url(#hatch-down)' : roleColor(segment.role) }, g);
    }
  }
  const drawn: DrawnMessage[] = [];
  window.messages.forEach((m, i) => {
    if (page.hiddenKinds.has(m.kind)) return;
    const geo = geometry(m, i, style, scale);
    if (scale.visible(m.sent, geo.end)) drawn.push(geo);
  });
  page.drawnMessages = drawn;
  // Dense traffic (heartbeats) fades into a texture so that drops, duplicates
  // and the rare message kinds stand out; zooming in brings it back.
  const ordinaryOpacity = Math.max(0.3, Math.min(1, 350 / Math.max(1, drawn.length)));
  const inView = new Map<string, number>();
  for (const d of drawn) {
    const kind = (window.messages[d.index] as ReportMessage).kind;
    inView.set(kind, (inView.get(kind) ?? 0) + 1);
  }
  const faded = (m: ReportMessage): boolean => !m.dropped && !m.duplicate && (inView.get(m.kind) ?? 0) > drawn.length * 0.1;
  const arrows = svgEl('g', {}, g);
  for (const geo of drawn) {
    const m = window.messages[geo.index] as ReportMessage;
    let stroke = style.color.get(m.kind) ?? '#7f8c8d';
    let dash: string | null = null;
    if (m.duplicate) {
      stroke = '#7c3aed';
      dash = '5 3';
    }
    if (m.dropped) {
      stroke = cssColor('--fail');
      dash = '2 2';
    } else if (m.received === null) {
      stroke = '#9aa4b2';
      dash = '2 3';
    }
    const opacity = ordinaryOpacity < 1 && faded(m) ? ordinaryOpacity.toFixed(2) : null;
    svgEl('line', {
      x1: geo.x1, y1: geo.y1, x2: geo.x2, y2: geo.y2, stroke, 'stroke-width': 1.3, 'stroke-dasharray': dash, 'stroke-opacity': opacity,
      'data-message': geo.index, 'data-duplicate': m.duplicate ? '' : null, 'data-dropped': m.dropped ? '' : null,
    }, arrows);
    if (m.dropped) {
      const { x2: x, y2: y } = geo;
      svgEl('path', { d: `M${x - 4} ${y - 4} L${x + 4} ${y + 4} M${x + 4} ${y - 4} L${x - 4} ${y + 4}`, stroke: cssColor('--fail'), 'stroke-width': 2 }, arrows);
    } else if (m.received === null) {
      svgEl('circle', { cx: geo.x2, cy: geo.y2, r: 3, fill: '#fff', stroke: '#9aa4b2' }, arrows);
    } else {
      arrowHead(arrows, geo, stroke, opacity);
      if (m.duplicate) svgEl('circle', { cx: geo.x1, cy: geo.y1, r: 2.5, fill: '#7c3aed' }, arrows);
    }
  }
  svgEl('line', { x1: 0, x2: 0, y1: 0, y2: 0, stroke: '#111827', 'stroke-width': 3, 'data-highlight': '', 'pointer-events': 'none', opacity: 0 }, g);
  drawPhaseLines(page, g, height, scale, false);
  drawFailureLine(page, g, height, scale);
  drawCursorLine(svg, height);
}

/** A filled arrowhead at the receiving end, drawn by hand so it takes the arrow's colour everywhere. */
function arrowHead(group: SVGGElement, geo: DrawnMessage, color: string, opacity: string | null): void {
  const dx = geo.x2 - geo.x1;
  const dy = geo.y2 - geo.y1;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const size = Math.min(7, length * 0.6);
  const bx = geo.x2 - ux * size;
  const by = geo.y2 - uy * size;
  const d = `M${geo.x2} ${geo.y2} L${bx - uy * size * 0.45} ${by + ux * size * 0.45} L${bx + uy * size * 0.45} ${by - ux * size * 0.45} Z`;
  svgEl('path', { d, fill: color, 'fill-opacity': opacity }, group);
}

/** The drawn message nearest to (x, y), within 6 px, or null. */
export function nearestMessage(page: PageContext, x: number, y: number): DrawnMessage | null {
  return page.drawnMessages[nearestSegment(page.drawnMessages, x, y)] ?? null;
}

export function highlightMessage(drawn: DrawnMessage | null): void {
  const line = document.querySelector('#messages [data-highlight]');
  if (line === null) return;
  if (drawn === null) {
    line.setAttribute('opacity', '0');
    return;
  }
  line.setAttribute('x1', String(drawn.x1));
  line.setAttribute('y1', String(drawn.y1));
  line.setAttribute('x2', String(drawn.x2));
  line.setAttribute('y2', String(drawn.y2));
  line.setAttribute('opacity', '0.35');
}

export function renderMessageLegend(page: PageContext, style: MessageStyle): void {
  const box = document.getElementById('message-legend');
  if (box === null) return;
  clear(box);
  for (const kind of [...style.color.keys()].sort()) {
    const key = document.createElement('span');
    key.className = `key toggle${page.hiddenKinds.has(kind) ? ' off' : ''}`;
    key.title = `click to show or hide ${kind}`;
    key.innerHTML = `<span class="swatch" style="background:${style.color.get(kind) ?? ''}"></span>${escapeHtml(kind)} (${fmtCount(style.count.get(kind) ?? 0)})`;
    key.addEventListener('click', () => {
      if (page.hiddenKinds.has(kind)) page.hiddenKinds.delete(kind);
      else page.hiddenKinds.add(kind);
      renderMessageLegend(page, style);
      page.requestRender();
    });
    box.appendChild(key);
  }
  const extra = document.createElement('span');
  extra.className = 'key';
  extra.innerHTML =
    `<span class="swatch" style="background:repeating-linear-gradient(90deg,${cssColor('--fail')} 0 3px,transparent 3px 5px)"></span>dropped ✕` +
    ' &nbsp; <span class="swatch" style="background:repeating-linear-gradient(90deg,#7c3aed 0 6px,transparent 6px 9px)"></span>duplicate ●' +
    ' &nbsp; <span class="swatch" style="background:repeating-linear-gradient(90deg,#9aa4b2 0 3px,transparent 3px 6px)"></span>never delivered ○';
  box.appendChild(extra);
}
