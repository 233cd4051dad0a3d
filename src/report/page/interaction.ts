/**
 * What the reader does: view changes (zoom, pan, the overview brush, buttons,
 * keys), hover tooltips with the details of whatever is under the mouse, the
 * cursor line at the mouse's time in every panel, and the links between
 * panels (a latency dot outlines its operation in the history).
 */

import { highlightDot, nearestDot } from './availability.js';
import { scaleOf, type PageContext } from './context.js';
import { fmtTime } from './format.js';
import { highlightOp } from './history.js';
import { highlightMessage, nearestMessage } from './messages.js';
import { overviewT } from './overview.js';
import { clampView, GUTTER, MIN_SPAN, RIGHT, zoomRange } from './scale.js';
import { messageTip, opTip, tipHtml } from './tooltips.js';

/** The panels on the shared axis: drag to pan, ctrl+wheel or double-click to zoom. */
const PANELS = ['axis', 'availability', 'lanes', 'faults', 'messages', 'history'];

export interface ViewControl {
  setView(t0: number, t1: number): void;
  /** Centres the view on t, keeping its span. */
  bringIntoView(t: number): void;
  focusRange(): [number, number];
}

export function viewControl(page: PageContext): ViewControl {
  const { run } = page.data;
  const setView = (t0: number, t1: number): void => {
    page.view = clampView(t0, t1, run.start, run.end);
    page.requestRender();
  };
  return {
    setView,
    bringIntoView: (t) => {
      const half = (page.view.t1 - page.view.t0) / 2;
      setView(t - half, t + half);
    },
    focusRange: () => focusRange(page),
  };
}

/**
 * The failure's neighbourhood: the message window plus the failure point and
 * the stuck op. A linearizability verdict's time is when the checker ran (the
 * end of the run); the story is around the stuck op instead.
 */
export function focusRange(page: PageContext): [number, number] {
  const { messages: window, verdict, history } = page.data;
  let lo = window.start;
  let hi = window.end;
  const stuckId = history.checker?.stuckOp ?? null;
  const aboutStuckOp = stuckId !== null && verdict.stuckOp !== null;
  if (verdict.time !== null && !aboutStuckOp) {
    lo = Math.min(lo, verdict.time);
    hi = Math.max(hi, verdict.time);
  }
  const stuck = stuckId === null ? undefined : history.ops[stuckId];
  if (stuck !== undefined) {
    lo = Math.min(lo, stuck.call);
    hi = Math.max(hi, page.history.visualEnd[stuck.id] as number);
  }
  const pad = (hi - lo) * 0.04 + MIN_SPAN;
  return [lo - pad, hi + pad];
}

function localX(svg: Element, event: MouseEvent): number {
  return event.clientX - svg.getBoundingClientRect().left;
}
function localY(svg: Element, event: MouseEvent): number {
  return event.clientY - svg.getBoundingClientRect().top;
}

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the report page has no #${id}`);
  return element;
}

export function installInteraction(page: PageContext, control: ViewControl): void {
  const { run } = page.data;
  const zoomAround = (t: number, factor: number): void => control.setView(...zoomRange(page.view, t, factor));
  const panBy = (dt: number): void => control.setView(page.view.t0 + dt, page.view.t1 + dt);
  let pan: { svg: Element; x: number; t0: number; t1: number } | null = null;
  let brush: { x0: number } | null = null;

  for (const id of PANELS) {
    const svg = byId(id);
    svg.addEventListener('mousedown', (event) => {
      if (event.button !== 0) return;
      pan = { svg, x: event.clientX, t0: page.view.t0, t1: page.view.t1 };
      page.dragging = true;
      svg.classList.add('dragging');
      event.preventDefault();
    });
    svg.addEventListener('wheel', (event) => {
      const scale = scaleOf(page);
      const t = scale.t(localX(svg, event));
      if (event.ctrlKey || event.metaKey || event.altKey) {
        event.preventDefault();
        zoomAround(t, Math.exp(event.deltaY * 0.002));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        panBy(((event.deltaX || event.deltaY) / scale.plotWidth()) * (page.view.t1 - page.view.t0));
      }
    }, { passive: false });
    svg.addEventListener('dblclick', (event) => zoomAround(scaleOf(page).t(localX(svg, event)), event.shiftKey ? 2 : 0.5));
  }

  const overview = byId('overview');
  overview.addEventListener('mousedown', (event) => {
    brush = { x0: localX(overview, event) };
    page.dragging = true;
    event.preventDefault();
  });

  window.addEventListener('mousemove', (event) => {
    if (pan !== null) {
      const dt = ((event.clientX - pan.x) / scaleOf(page).plotWidth()) * (pan.t1 - pan.t0);
      control.setView(pan.t0 - dt, pan.t1 - dt);
    }
    if (brush !== null) {
      const x = localX(overview, event);
      const selection = overview.querySelector('[data-selection]');
      selection?.setAttribute('x', String(Math.min(x, brush.x0)));
      selection?.setAttribute('width', String(Math.abs(x - brush.x0)));
    }
  });
  window.addEventListener('mouseup', (event) => {
    pan?.svg.classList.remove('dragging');
    pan = null;
    if (brush !== null) {
      const x = localX(overview, event);
      const x0 = brush.x0;
      brush = null;
      if (Math.abs(x - x0) > 3) control.setView(overviewT(page, Math.min(x, x0)), overviewT(page, Math.max(x, x0)));
      else control.bringIntoView(overviewT(page, x));
    }
    page.dragging = false;
  });

  byId('zoom-whole').addEventListener('click', () => control.setView(run.start, run.end));
  byId('zoom-failure').addEventListener('click', () => control.setView(...control.focusRange()));
  byId('zoom-in').addEventListener('click', () => zoomAround((page.view.t0 + page.view.t1) / 2, 0.5));
  byId('zoom-out').addEventListener('click', () => zoomAround((page.view.t0 + page.view.t1) / 2, 2));
  window.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement) return;
    const mid = (page.view.t0 + page.view.t1) / 2;
    const span = page.view.t1 - page.view.t0;
    if (event.key === '+' || event.key === '=') zoomAround(mid, 0.5);
    else if (event.key === '-' || event.key === '_') zoomAround(mid, 2);
    else if (event.key === 'ArrowLeft') panBy(-span * 0.2);
    else if (event.key === 'ArrowRight') panBy(span * 0.2);
    else if (event.key === '0') control.setView(run.start, run.end);
    else if (event.key === 'f') control.setView(...control.focusRange());
  });
  window.addEventListener('resize', page.requestRender);
  installCopyReplay();
  installHover(page, control);
}

function installCopyReplay(): void {
  const copy = byId('copy-replay');
  const command = byId('replay-command');
  const select = (): void => {
    const range = document.createRange();
    range.selectNodeContents(command);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };
  copy.addEventListener('click', () => {
    const done = (): void => {
      copy.textContent = 'copied';
      setTimeout(() => (copy.textContent = 'copy'), 1200);
    };
    try {
      navigator.clipboard.writeText(command.textContent ?? '').then(done, select);
    } catch {
      select();
    }
  });
}

/** The dotted line at the mouse's time, drawn in every panel at once. */
export function updateCursor(page: PageContext): void {
  const scale = scaleOf(page);
  const x = page.cursorTime === null ? -10 : scale.x(page.cursorTime);
  const inside = page.cursorTime !== null && x >= GUTTER && x <= page.width - RIGHT;
  document.querySelectorAll('[data-cursor]').forEach((line) => {
    line.setAttribute('x1', String(inside ? x : -10));
    line.setAttribute('x2', String(inside ? x : -10));
  });
  const label = document.querySelector('[data-cursor-label]');
  if (label !== null) {
    label.setAttribute('x', String(inside ? Math.max(GUTTER + 30, Math.min(page.width - RIGHT - 30, x)) : -100));
    label.textContent = inside && page.cursorTime !== null ? fmtTime(page.cursorTime) : '';
  }
}

function installHover(page: PageContext, control: ViewControl): void {
  const tooltip = byId('tooltip');
  const show = (html: string, event: MouseEvent): void => {
    tooltip.innerHTML = html;
    tooltip.style.display = 'block';
    const box = tooltip.getBoundingClientRect();
    let left = event.clientX + 14;
    let top = event.clientY + 14;
    if (left + box.width > window.innerWidth - 8) left = event.clientX - box.width - 14;
    if (top + box.height > window.innerHeight - 8) top = event.clientY - box.height - 14;
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${Math.max(4, top)}px`;
  };
  const hide = (): void => {
    tooltip.style.display = 'none';
  };
  document.addEventListener('mousemove', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const svg = target?.closest('svg') ?? null;
    const x = svg === null ? -1 : localX(svg, event);
    page.cursorTime = svg !== null && svg.id !== 'overview' && x >= GUTTER && x <= page.width - RIGHT ? scaleOf(page).t(x) : null;
    updateCursor(page);
    const dot = svg?.id === 'availability' ? nearestDot(page, x, localY(svg, event)) : null;
    highlightDot(dot);
    highlightOp(page, dot === null ? null : (page.data.history.ops[dot.id] ?? null));
    if (page.dragging) {
      hide();
      return;
    }
    if (dot !== null) {
      const op = page.data.history.ops[dot.id];
      if (op !== undefined) return show(`${opTip(page, op)}<br><span class="dim">click to bring it into view; outlined in the client history</span>`, event);
    }
    if (svg?.id === 'messages') {
      const near = nearestMessage(page, x, localY(svg, event));
      highlightMessage(near);
      const message = near === null ? undefined : page.data.messages.messages[near.index];
      if (message !== undefined) return show(messageTip(message), event);
    }
    const tipped = target?.closest('[data-tip]') ?? null;
    const html = tipped === null ? null : tipHtml(page, tipped.getAttribute('data-tip') ?? '');
    if (html !== null) show(html, event);
    else hide();
  });
  document.addEventListener('mouseleave', hide);
  // A click on a latency dot (not a drag) centres the view on its operation.
  const availability = byId('availability');
  let downAt = 0;
  availability.addEventListener('mousedown', (event) => {
    downAt = event.clientX;
  });
  availability.addEventListener('click', (event) => {
    if (Math.abs(event.clientX - downAt) > 3) return;
    const dot = nearestDot(page, localX(availability, event), localY(availability, event));
    const op = dot === null ? undefined : page.data.history.ops[dot.id];
    if (op !== undefined) control.bringIntoView(op.call);
  });
}
