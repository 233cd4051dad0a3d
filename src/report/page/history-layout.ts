/**
 * Where the client history's operations go: the row of each client, the end
 * of each bar (an op never answered has no return), ops sorted by call for
 * finding those in view, and the merging of ops too narrow to draw one by
 * one. Pure: no DOM, so the tests check it directly.
 */

import type { HistoryData, ReportOp } from '../report-data.js';
import { lowerBound } from './scale.js';

export interface HistoryLayout {
  /** Row index of each client id. */
  clientRow: Map<number, number>;
  /** By op id: its position (1-based) in the failing key's longest linearizable prefix, 0 when not in it. An array: it is read per op per redraw. */
  prefixRank: Int32Array;
  /** The key the checker failed on, or null. */
  failingKey: string | null;
  opsByCall: ReportOp[];
  /** Where each op's bar ends, by op id (see visualEnds). */
  visualEnd: number[];
  /** The longest bar, so that a search by call time finds every op reaching into a range. */
  maxOpLength: number;
}

export function historyLayout(history: HistoryData, runEnd: number): HistoryLayout {
  const clientRow = new Map<number, number>();
  history.rows.forEach((clients, row) => clients.forEach((client) => clientRow.set(client, row)));
  const prefixRank = new Int32Array(history.ops.length);
  history.checker?.longestPrefix.forEach((id, i) => {
    prefixRank[id] = i + 1;
  });
  const failingKey = history.checker?.result === 'not-linearizable' ? history.checker.partition : null;
  const opsByCall = history.ops.slice().sort((a, b) => a.call - b.call);
  const visualEnd = visualEnds(opsByCall, clientRow, history.ops.length, runEnd);
  let maxOpLength = 0;
  for (const op of history.ops) maxOpLength = Math.max(maxOpLength, (visualEnd[op.id] as number) - op.call);
  return { clientRow, prefixRank, failingKey, opsByCall, visualEnd, maxOpLength };
}

/**
 * Where a bar ends: its return, or for an op never answered, the next op in
 * its row (the retired client's successor), else the end of the run. The op
 * may take effect at any time after its call; the tooltip says so.
 */
export function visualEnds(opsByCall: readonly ReportOp[], clientRow: ReadonlyMap<number, number>, count: number, runEnd: number): number[] {
  const ends = new Array<number>(count).fill(runEnd);
  const nextCall = new Map<number, number>();
  for (let i = opsByCall.length - 1; i >= 0; i--) {
    const op = opsByCall[i] as ReportOp;
    const row = clientRow.get(op.client) ?? 0;
    const next = nextCall.get(row);
    ends[op.id] = op.return !== null ? op.return : next !== undefined ? Math.max(op.call, next) : runEnd;
    nextCall.set(row, op.call);
  }
  return ends;
}

/** The ops whose bars can reach into [t0, t1]: calls in [t0 - longest bar, t1], as a slice of opsByCall. */
export function opsInRange(layout: HistoryLayout, t0: number, t1: number): [number, number] {
  const first = lowerBound(layout.opsByCall, t0 - layout.maxOpLength, (op) => op.call);
  const last = lowerBound(layout.opsByCall, t1 + 1e-9, (op) => op.call);
  return [first, last];
}

/** The ops of one client within `tolerance` ms of time t, and the nearest of them. */
export function opsNear(layout: HistoryLayout, client: number, t: number, tolerance: number): { nearest: ReportOp | null; count: number } {
  const [first, last] = opsInRange(layout, t - tolerance, t + tolerance);
  let nearest: ReportOp | null = null;
  let best = Infinity;
  let count = 0;
  for (let i = first; i < last; i++) {
    const op = layout.opsByCall[i] as ReportOp;
    if (op.client !== client) continue;
    const end = layout.visualEnd[op.id] as number;
    const distance = t < op.call ? op.call - t : t > end ? t - end : 0;
    if (distance > tolerance) continue;
    count++;
    if (distance < best) {
      best = distance;
      nearest = op;
    }
  }
  return { nearest, count };
}

/**
 * Adds the span [x1, x2] (px, in increasing x1 order) to a row's merged spans:
 * one that touches or overlaps the last span (within half a pixel) extends it.
 */
export function mergeSpan(spans: Array<[number, number]>, x1: number, x2: number): void {
  const last = spans[spans.length - 1];
  if (last !== undefined && x1 <= last[1] + 0.5) last[1] = Math.max(last[1], x2);
  else spans.push([x1, x2]);
}
