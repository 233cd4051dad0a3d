/**
 * The faults panel: one row per kind of fault in the run (partitions, loss
 * bursts, pauses), each interval a bar, and torn writes as markers.
 */

import type { FaultKind, NodeLane } from '../report-data.js';
import { scaleOf, type PageContext } from './context.js';
import { drawCursorLine, drawFailureLine, drawGrid, drawPhaseLines, drawStuckBand } from './overlays.js';
import { GUTTER } from './scale.js';
import { panelSvg, plotGroup, svgEl, textEl } from './svg.js';

export const FAULT_STYLE: Record<FaultKind, { fill: string; stroke: string; label: string }> = {
  partition: { fill: '#f9d4d8', stroke: '#d9534f', label: 'partition' },
  drop: { fill: '#fde3c3', stroke: '#e8890c', label: 'drop' },
  duplicate: { fill: '#e6dcfb', stroke: '#7c3aed', label: 'duplicate' },
  reorder: { fill: '#d6eafb', stroke: '#2b7bd1', label: 'reorder' },
  delay: { fill: '#e3e6ea', stroke: '#7b8594', label: 'delay' },
  pause: { fill: '#dfe7f3', stroke: '#475569', label: 'pause' },
  clock: { fill: '#d9f2e6', stroke: '#1f7a44', label: 'clock drift' },
};
const FAULT_ORDER: FaultKind[] = ['partition', 'drop', 'duplicate', 'reorder', 'delay', 'pause', 'clock'];
const FAULT_ROW = 22;

type FaultRow =
  | { kind: FaultKind; items: number[] }
  | { kind: 'torn-write'; torn: Array<{ lane: NodeLane; index: number }> }
  | { kind: 'configuration' };

function faultRows(page: PageContext): FaultRow[] {
  const rows: FaultRow[] = [];
  // The configuration in force, when membership changed during the run.
  if ((page.data.configurations?.length ?? 0) > 1) rows.push({ kind: 'configuration' });
  for (const kind of FAULT_ORDER) {
    const items: number[] = [];
    page.data.faults.forEach((fault, i) => {
      if (fault.kind === kind) items.push(i);
    });
    if (items.length > 0) rows.push({ kind, items });
  }
  const torn: Array<{ lane: NodeLane; index: number }> = [];
  for (const lane of page.data.lanes) {
    lane.events.forEach((event, index) => {
      if (event.kind === 'torn-write') torn.push({ lane, index });
    });
  }
  if (torn.length > 0) rows.push({ kind: 'torn-write', torn });
  return rows;
}

export function renderFaults(page: PageContext): void {
  const scale = scaleOf(page);
  const rows = faultRows(page);
  const height = Math.max(1, rows.length) * FAULT_ROW + 8;
  const svg = panelSvg('faults', height);
  const g = plotGroup(svg, 'clip-faults', height, scale);
  drawGrid(g, height, scale);
  drawStuckBand(page, g, height, scale, false);
  if (rows.length === 0) {
    textEl('no partitions, loss bursts, pauses or torn writes in this run (crashes are on the node lanes)', { x: GUTTER + 8, y: 19, class: 'sub-label' }, g);
  }
  rows.forEach((row, r) => {
    const y = 4 + r * FAULT_ROW;
    textEl(row.kind === 'torn-write' ? 'torn write' : row.kind === 'configuration' ? 'configuration' : FAULT_STYLE[row.kind].label, { x: 12, y: y + 14, class: 'sub-label' }, svg);
    if (row.kind === 'configuration') {
      drawConfigurations(page, g, y);
      return;
    }
    if (row.kind === 'torn-write') {
      for (const { lane, index } of row.torn) {
        const event = lane.events[index];
        if (event === undefined || !scale.visible(event.time, event.time)) continue;
        const x = scale.x(event.time);
        const tg = svgEl('g', { 'data-tip': `event:${lane.node}:${index}` }, g);
        svgEl('path', { d: `M${x} ${y + 2} L${x + 7} ${y + 16} L${x - 7} ${y + 16} Z`, fill: '#f97316' }, tg);
        textEl(`n${lane.node}`, { x: x + 9, y: y + 14, class: 'sub-label' }, tg);
      }
      return;
    }
    const style = FAULT_STYLE[row.kind];
    for (const i of row.items) {
      const fault = page.data.faults[i];
      if (fault === undefined || !scale.visible(fault.start, fault.end)) continue;
      const x1 = scale.clampX(scale.x(fault.start));
      const x2 = scale.clampX(scale.x(fault.end));
      const fg = svgEl('g', { 'data-tip': `fault:${i}`, 'data-fault': fault.kind }, g);
      svgEl('rect', { x: x1, y: y + 2, width: Math.max(1.5, x2 - x1), height: FAULT_ROW - 5, rx: 3, fill: style.fill, stroke: style.stroke, 'stroke-width': 1 }, fg);
      if (x2 - x1 > fault.description.length * 6 + 10) {
        textEl(fault.description, { x: Math.max(x1, GUTTER) + 5, y: y + 14, class: 'op-label' }, fg);
      }
    }
  });
  drawPhaseLines(page, g, height, scale, true);
  drawFailureLine(page, g, height, scale);
  drawCursorLine(svg, height);
}

/** One band per configuration in force, with its members, and a marker where each change takes effect. */
function drawConfigurations(page: PageContext, g: SVGGElement, y: number): void {
  const scale = scaleOf(page);
  (page.data.configurations ?? []).forEach((span, i) => {
    if (!scale.visible(span.start, span.end)) return;
    const x1 = scale.clampX(scale.x(span.start));
    const x2 = scale.clampX(scale.x(span.end));
    const members = span.members.map((n) => `n${n}`).join(',');
    const cg = svgEl('g', { 'data-tip': `config:${i}`, 'data-configuration': span.members.join(',') }, g);
    svgEl('rect', { x: x1, y: y + 2, width: Math.max(1.5, x2 - x1), height: FAULT_ROW - 5, rx: 3, fill: i % 2 === 0 ? '#e0f2f1' : '#ccebe8', stroke: '#0e7490', 'stroke-width': 1 }, cg);
    if (i > 0 && span.start >= scale.view.t0) {
      const x = scale.x(span.start);
      svgEl('path', { d: `M${x - 5} ${y + 1} L${x + 5} ${y + 1} L${x} ${y + 8} Z`, fill: '#0e7490', 'data-configuration-change': span.members.join(',') }, cg);
    }
    const label = `{${members}}`;
    if (x2 - x1 > label.length * 6 + 10) textEl(label, { x: Math.max(x1, GUTTER) + 5, y: y + 14, class: 'op-label' }, cg);
  });
}
