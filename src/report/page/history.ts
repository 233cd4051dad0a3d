/**
 * The client history: one row per client (a retired client's successors
 * share its row), one bar per operation from call to return, coloured by
 * outcome, a tick at each retry. For a linearizability failure the failing
 * key's longest linearizable prefix is outlined and numbered in
 * linearization order, and the op the checker got stuck on is red.
 * Operations on other keys fade so the failing key stands out.
 */

import { escapeHtml } from '@raft-check/checker';
import type { OpOutcome, ReportOp } from '../report-data.js';
import { cssColor } from './colors.js';
import { scaleOf, type PageContext } from './context.js';
import { mergeSpan, opsInRange } from './history-layout.js';
import { drawCursorLine, drawFailureLine, drawGrid, drawPhaseLines, drawStuckBand } from './overlays.js';
import { GUTTER, type TimeScale } from './scale.js';
import { attr, clear, panelSvg, plotGroup, svgEl, textEl } from './svg.js';

const HIST_ROW = 20;
const HIST_TOP = 6;
const BAR = 14;
/** Ops narrower than this (px) merge into one path per row and style. */
const DENSE_PX = 3;

interface OpStyle {
  inPrefix: boolean;
  fill: string;
  stroke: string;
  faded: boolean;
}

interface DenseGroup {
  row: number;
  client: number;
  style: OpStyle;
  spans: Array<[number, number]>;
  count: number;
}

export function opLabel(op: ReportOp): string {
  return `${op.input}${op.output === null ? ' → ?' : ` → ${op.output}`}`;
}

function rowOf(page: PageContext, op: ReportOp): number {
  return page.history.clientRow.get(op.client) ?? 0;
}

export function opRowTop(page: PageContext, op: ReportOp): number {
  return HIST_TOP + rowOf(page, op) * HIST_ROW;
}

const OUTCOME_INDEX: Record<OpOutcome, number> = { ok: 0, failed: 1, unknown: 2 };
/** The twelve styles an op can have, by styleIndex, each built once: a long run styles tens of thousands of ops per redraw. */
const styles: Array<OpStyle | undefined> = [];

function styleIndex(page: PageContext, op: ReportOp): number {
  const failingKey = page.history.failingKey;
  const inPrefix = failingKey !== null && page.history.prefixRank[op.id] !== 0;
  const faded = page.focusKey && op.key !== failingKey;
  return OUTCOME_INDEX[op.outcome] * 4 + (inPrefix ? 2 : 0) + (faded ? 1 : 0);
}

function opStyle(page: PageContext, op: ReportOp): OpStyle {
  const index = styleIndex(page, op);
  let style = styles[index];
  if (style === undefined) {
    const inPrefix = (index & 2) !== 0;
    const fill = op.outcome === 'ok' ? cssColor('--ok') : op.outcome === 'unknown' ? 'url(#unknown-fade)' : cssColor('--failed-op');
    const stroke = op.outcome === 'ok' ? cssColor('--ok-edge') : op.outcome === 'unknown' ? cssColor('--unknown-edge') : '#9aa3af';
    style = { inPrefix, fill, stroke: inPrefix ? cssColor('--prefix-edge') : stroke, faded: (index & 1) !== 0 };
    styles[index] = style;
  }
  return style;
}

export function renderHistory(page: PageContext): void {
  const scale = scaleOf(page);
  const history = page.data.history;
  const height = HIST_TOP + Math.max(1, history.rows.length) * HIST_ROW + 6;
  const svg = panelSvg('history', height);
  const g = plotGroup(svg, 'clip-history', height, scale);
  drawGrid(g, height, scale);
  drawStuckBand(page, g, height, scale, false);
  history.rows.forEach((clients, i) => {
    const y = HIST_TOP + i * HIST_ROW;
    if (i % 2 === 1) svgEl('rect', { x: GUTTER, y: y - 3, width: scale.plotWidth(), height: HIST_ROW, fill: '#fafbfc' }, g);
    const label = `c${clients[0] ?? ''}${clients.length > 1 ? ` +${clients.length - 1}` : ''}`;
    textEl(label, { x: 12, y: y + 11, class: 'lane-label', 'data-tip': `row:${i}`, 'data-row': i }, svg);
  });
  // Bars are built as one markup string: a zoomed-out long run has tens of
  // thousands. Ops narrower than DENSE_PX merge into one path per row and
  // style, so a whole long run still draws every op.
  const markup: string[] = [];
  const dense = new Map<number, DenseGroup>();
  const stuckId = history.checker?.stuckOp ?? null;
  const [first, last] = opsInRange(page.history, page.view.t0, page.view.t1);
  for (let i = first; i < last; i++) {
    const op = page.history.opsByCall[i] as ReportOp;
    const end = page.history.visualEnd[op.id] as number;
    if (op.id === stuckId || end < page.view.t0) continue;
    if (scale.x(end) - scale.x(op.call) < DENSE_PX) addDense(page, dense, op, scale);
    else opMarkup(page, markup, op, scale);
  }
  for (const group of dense.values()) markup.push(denseMarkup(group));
  // The stuck op is always drawn (last, on top) so the failure point can be found at any zoom.
  const stuck = stuckId === null ? undefined : history.ops[stuckId];
  if (stuck !== undefined) opMarkup(page, markup, stuck, scale);
  svgEl('g', {}, g).innerHTML = markup.join('');
  svgEl('rect', { x: -10, y: 0, width: 0, height: BAR + 4, fill: 'none', stroke: '#111827', 'stroke-width': 2, rx: 3, 'pointer-events': 'none', 'data-op-highlight': '' }, g);
  drawPhaseLines(page, g, height, scale, false);
  drawFailureLine(page, g, height, scale);
  drawCursorLine(svg, height);
}

function addDense(page: PageContext, dense: Map<number, DenseGroup>, op: ReportOp, scale: TimeScale): void {
  const row = rowOf(page, op);
  const key = row * 12 + styleIndex(page, op);
  let group = dense.get(key);
  if (group === undefined) {
    group = { row, client: op.client, style: opStyle(page, op), spans: [], count: 0 };
    dense.set(key, group);
  }
  const x1 = scale.x(op.call);
  mergeSpan(group.spans, x1, Math.max(x1 + 1, scale.x(page.history.visualEnd[op.id] as number)));
  group.count++;
}

function denseMarkup(group: DenseGroup): string {
  const y = HIST_TOP + group.row * HIST_ROW;
  const d = group.spans.map(([x1, x2]) => `M${x1.toFixed(1)} ${y}h${(x2 - x1).toFixed(1)}v${BAR}h${(x1 - x2).toFixed(1)}Z`).join('');
  const fill = group.style.inPrefix ? cssColor('--prefix-edge') : group.style.stroke;
  return `<path${attr('d', d)}${attr('fill', fill)}${group.style.faded ? attr('opacity', 0.28) : ''}${attr('data-dense', group.count)}${attr('data-tip', `dense:${group.client}`)}/>`;
}

function opMarkup(page: PageContext, out: string[], op: ReportOp, scale: TimeScale): void {
  const y = opRowTop(page, op);
  const x1 = scale.clampX(scale.x(op.call));
  const x2 = scale.clampX(scale.x(page.history.visualEnd[op.id] as number));
  const w = Math.max(2, x2 - x1);
  const isStuck = page.data.history.checker?.stuckOp === op.id;
  const style = opStyle(page, op);
  const rank = page.history.prefixRank[op.id];
  out.push(
    `<rect${attr('x', x1.toFixed(1))}${attr('y', y)}${attr('width', w.toFixed(1))}${attr('height', BAR)}${attr('rx', 2.5)}` +
      `${attr('fill', isStuck ? cssColor('--fail') : style.fill)}${attr('stroke', style.stroke)}${attr('stroke-width', style.inPrefix ? 1.8 : 1)}` +
      (op.outcome === 'unknown' ? attr('stroke-dasharray', '4 2') : '') +
      (style.faded ? attr('opacity', 0.28) : '') +
      `${attr('data-op-id', op.id)}${attr('data-outcome', op.outcome)}${attr('data-tip', `op:${op.id}`)}` +
      (style.inPrefix && rank !== undefined ? attr('data-prefix', rank) : '') +
      (isStuck ? `${attr('class', 'stuck-op')} data-stuck=""` : '') +
      '/>',
  );
  // A tick at each retry: the client gave up waiting on one node and asked another.
  for (const [time] of op.attempts.slice(1)) {
    const rx = scale.x(time);
    if (rx > x1 + 1 && rx < x1 + w - 1) out.push(`<path d="M${rx.toFixed(1)} ${y + BAR - 4}v4" stroke="#4b5563" stroke-opacity="0.6" stroke-width="1" pointer-events="none"/>`);
  }
  const label = `${style.inPrefix ? `${rank}. ` : ''}${opLabel(op)}`;
  const room = Math.floor((w - 8) / 5.6);
  if (room >= 4) {
    const text = label.length > room ? `${label.slice(0, room - 1)}…` : label;
    out.push(
      `<text class="op-label"${attr('x', (Math.max(x1, GUTTER) + 4).toFixed(1))}${attr('y', y + 10.5)}` +
        `${isStuck ? attr('style', 'fill:#fff') : ''}${style.faded ? attr('opacity', 0.4) : ''}>${escapeHtml(text)}</text>`,
    );
  }
}

/** Outlines one op's bar (the one hovered in another panel), or hides the outline. */
export function highlightOp(page: PageContext, op: ReportOp | null): void {
  const box = document.querySelector('#history [data-op-highlight]');
  if (box === null) return;
  if (op === null) {
    box.setAttribute('x', '-10');
    box.setAttribute('width', '0');
    return;
  }
  const scale = scaleOf(page);
  const x1 = scale.clampX(scale.x(op.call));
  const x2 = scale.clampX(scale.x(page.history.visualEnd[op.id] as number));
  box.setAttribute('x', String(x1 - 2));
  box.setAttribute('y', String(opRowTop(page, op) - 2));
  box.setAttribute('width', String(Math.max(4, x2 - x1 + 4)));
}

export function renderHistoryLegend(page: PageContext): void {
  const box = document.getElementById('history-legend');
  if (box === null) return;
  clear(box);
  const failing = page.history.failingKey;
  const keys: Array<[string, string]> = [
    [`background:${cssColor('--ok')};border:1px solid ${cssColor('--ok-edge')}`, 'ok'],
    [`background:linear-gradient(90deg,${cssColor('--unknown')},transparent);border:1px dashed ${cssColor('--unknown-edge')}`, 'no answer (outcome unknown)'],
    [`background:${cssColor('--failed-op')}`, 'failed'],
  ];
  if (failing !== null) {
    keys.push([`background:#fff;border:2px solid ${cssColor('--prefix-edge')}`, 'in the longest linearizable prefix (numbered in order)']);
    keys.push([`background:${cssColor('--fail')}`, 'stuck: cannot be linearized after the prefix']);
  }
  for (const [swatch, label] of keys) {
    const key = document.createElement('span');
    key.className = 'key';
    key.innerHTML = `<span class="swatch" style="${swatch}"></span>${escapeHtml(label)}`;
    box.appendChild(key);
  }
  if (failing !== null) {
    const toggle = document.createElement('span');
    toggle.className = `key toggle${page.focusKey ? '' : ' off'}`;
    toggle.innerHTML = `<input type="checkbox"${page.focusKey ? ' checked' : ''}> fade keys other than ${escapeHtml(JSON.stringify(failing))}`;
    toggle.addEventListener('click', (event) => {
      event.preventDefault();
      page.focusKey = !page.focusKey;
      renderHistoryLegend(page);
      page.requestRender();
    });
    box.appendChild(toggle);
  }
}
