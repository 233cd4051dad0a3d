/**
 * The page's state, in one object every panel receives: the report's data
 * with the indexes built once on load, and what the reader changes (the
 * view, the cursor, toggles). Panels read it and draw; only interaction.ts
 * changes the view.
 */

import type { NodeLane, ReportData } from '../report-data.js';
import { historyLayout, type HistoryLayout } from './history-layout.js';
import { availabilitySeries, latencyPoints, type AvailabilitySeries, type LatencyPoint } from './availability-series.js';
import { MIN_SPAN, timeScale, type TimeScale, type TimeView } from './scale.js';

/** A message arrow as drawn: its index in the window and its endpoints in px. */
export interface DrawnMessage {
  index: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A latency dot as drawn, for picking the nearest under the mouse. */
export interface DrawnDot {
  id: number;
  x: number;
  y: number;
}

export interface PageContext {
  readonly data: ReportData;
  /** The verdict banner's headline, as the page shows it. */
  readonly headline: string;
  readonly laneByNode: ReadonlyMap<number, NodeLane>;
  readonly history: HistoryLayout;
  readonly latency: LatencyPoint[];
  readonly availability: AvailabilitySeries;
  view: TimeView;
  /** Width of the panels in px. */
  width: number;
  /** The time under the mouse, when it is over a panel. */
  cursorTime: number | null;
  /** Fade operations on keys other than the failing one. */
  focusKey: boolean;
  hiddenKinds: Set<string>;
  drawnMessages: DrawnMessage[];
  drawnDots: DrawnDot[];
  /** True while the reader drags (pan or brush): no tooltips then. */
  dragging: boolean;
  /** Redraw every panel on the next frame. */
  requestRender: () => void;
}

export function createContext(data: ReportData, headline: string): PageContext {
  const history = historyLayout(data.history, data.run.end);
  const latency = latencyPoints(data.history.ops, history.visualEnd);
  return {
    data,
    headline,
    laneByNode: new Map(data.lanes.map((lane) => [lane.node, lane])),
    history,
    latency,
    availability: availabilitySeries(data, history.visualEnd, latency),
    view: { t0: data.run.start, t1: Math.max(data.run.end, data.run.start + MIN_SPAN) },
    width: 1000,
    cursorTime: null,
    focusKey: history.failingKey !== null,
    hiddenKinds: new Set(),
    drawnMessages: [],
    drawnDots: [],
    dragging: false,
    requestRender: () => undefined,
  };
}

export function scaleOf(page: PageContext): TimeScale {
  return timeScale(page.view, page.width);
}
