/**
 * What every panel draws at the same times, so the panels read as one:
 * gridlines at the axis ticks, the failure line, the stuck op's band, phase
 * changes and the cursor line at the mouse's time.
 */

import { cssColor } from './colors.js';
import type { PageContext } from './context.js';
import { timeTicks, type TimeScale } from './scale.js';
import { svgEl, textEl } from './svg.js';

export function drawGrid(group: SVGGElement, height: number, scale: TimeScale): void {
  for (const t of timeTicks(scale.view, scale.plotWidth()).times) {
    const x = scale.x(t);
    svgEl('line', { x1: x, x2: x, y1: 0, y2: height, class: 'grid' }, group);
  }
}

/** The red line at the failure's time. */
export function drawFailureLine(page: PageContext, group: SVGGElement, height: number, scale: TimeScale): void {
  const time = page.data.verdict.time;
  if (time === null) return;
  const x = scale.x(time);
  svgEl('line', { x1: x, x2: x, y1: 0, y2: height, class: 'failure-line' }, group);
}

/**
 * For a linearizability failure: a light red band over the stuck op's
 * lifetime in every panel, so what the cluster was doing meanwhile lines up.
 */
export function drawStuckBand(page: PageContext, group: SVGGElement, height: number, scale: TimeScale, labelled: boolean): void {
  const id = page.data.verdict.stuckOp;
  const op = id === null ? undefined : page.data.history.ops[id];
  if (op === undefined) return;
  const end = op.return ?? page.data.run.end;
  if (!scale.visible(op.call, end)) return;
  const x1 = scale.clampX(scale.x(op.call));
  const x2 = scale.clampX(scale.x(end));
  svgEl('rect', { x: x1, y: 0, width: Math.max(2, x2 - x1), height, fill: 'rgba(214,58,58,0.10)', 'pointer-events': 'none', 'data-stuck-band': '' }, group);
  if (labelled) {
    const label = textEl(`stuck op #${op.id}`, { x: x2 + 3, y: 10, class: 'sub-label', 'pointer-events': 'none' }, group);
    label.style.fill = cssColor('--fail');
    label.style.fontWeight = '600';
  }
}

/** Phase changes (e.g. the liveness phase: faults healed) as dashed lines across every panel. */
export function drawPhaseLines(page: PageContext, group: SVGGElement, height: number, scale: TimeScale, labelled: boolean): void {
  page.data.run.phases.forEach((phase, i) => {
    if (!scale.visible(phase.time, phase.time)) return;
    const x = scale.x(phase.time);
    const g = svgEl('g', { 'data-tip': `phase:${i}`, 'data-phase': phase.name }, group);
    svgEl('line', { x1: x, x2: x, y1: 0, y2: height, stroke: '#0f766e', 'stroke-width': 1.5, 'stroke-dasharray': '6 3' }, g);
    svgEl('rect', { x: x - 4, y: 0, width: 8, height, fill: 'transparent' }, g);
    if (labelled) textEl(`${phase.name} phase →`, { x: x + 4, y: 10, class: 'sub-label' }, g).style.fill = '#0f766e';
  });
}

export function drawCursorLine(svg: SVGSVGElement, height: number): void {
  svgEl('line', { x1: -10, x2: -10, y1: 0, y2: height, class: 'cursor-line', 'data-cursor': '' }, svg);
}
