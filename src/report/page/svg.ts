/**
 * Building SVG. Panels redraw on every view change, so large sets of marks
 * (ops, node events, latency dots) are built as one markup string and set
 * with innerHTML, far faster than a DOM call per attribute; everything else
 * goes through svgEl.
 */

import { escapeHtml } from '@raft-check/checker';
import { GUTTER, RIGHT, type TimeScale } from './scale.js';

const NS = 'http://www.w3.org/2000/svg';

export type Attrs = Record<string, string | number | null | undefined>;

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs, parent?: Element): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  parent?.appendChild(node);
  return node;
}

export function textEl(text: string, attrs: Attrs, parent?: Element): SVGTextElement {
  const node = svgEl('text', attrs, parent);
  node.textContent = text;
  return node;
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** ` name="value"` for markup strings; strings are escaped (numbers need not be, and the hot loops pass numbers). */
export function attr(name: string, value: string | number): string {
  return ` ${name}="${typeof value === 'number' ? value : escapeHtml(value)}"`;
}

/** A clipped plot group for one panel: nothing drawn outside the time axis shows. */
export function plotGroup(svg: SVGSVGElement, id: string, height: number, scale: TimeScale): SVGGElement {
  const defs = svgEl('defs', {}, svg);
  const clip = svgEl('clipPath', { id }, defs);
  // A little room past the last instant, so a marker at the very end of the run shows whole.
  svgEl('rect', { x: GUTTER - 2, y: 0, width: scale.plotWidth() + RIGHT, height }, clip);
  return svgEl('g', { 'clip-path': `url(#${id})` }, svg);
}

export function panelSvg(id: string, height: number): SVGSVGElement {
  const svg = document.getElementById(id) as unknown as SVGSVGElement;
  clear(svg);
  svg.setAttribute('height', String(height));
  return svg;
}
