/**
 * The message diagram's arithmetic, without the DOM: colours per message kind
 * (a request and its response share a hue), the stub length of messages that
 * never arrived, and picking the arrow nearest to the mouse (thin arrows are
 * hard to hover, so hit-testing is not enough).
 */

import type { ReportMessage } from '../report-data.js';

const KIND_PALETTE = ['#2f6fdf', '#e0771b', '#8e44ad', '#16a085', '#c0392b', '#7f8c8d', '#d4a017', '#2c3e50'];
const KNOWN_KINDS: Record<string, number> = { AppendEntries: 0, RequestVote: 1, InstallSnapshot: 2 };

function requestKind(kind: string): string {
  return kind.replace(/(Response|Reply|Resp|Ack)$/, '');
}

/** A colour a little towards white: the response's shade of its request's hue. */
export function lighten(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number): number => Math.round(c + (255 - c) * 0.45);
  return `rgb(${mix((n >> 16) & 255)},${mix((n >> 8) & 255)},${mix(n & 255)})`;
}

/** A colour per kind: the usual Raft kinds keep theirs, others take the next in the palette (in name order). */
export function kindColors(kinds: Iterable<string>): Map<string, string> {
  const all = [...new Set(kinds)];
  const bases = [...new Set(all.map(requestKind))].sort();
  const baseColor = new Map<string, string>();
  let next = 3;
  for (const base of bases) {
    const index = KNOWN_KINDS[base] ?? next++ % KIND_PALETTE.length;
    baseColor.set(base, KIND_PALETTE[index] as string);
  }
  return new Map(all.map((kind) => {
    const base = baseColor.get(requestKind(kind)) as string;
    return [kind, requestKind(kind) === kind ? base : lighten(base)];
  }));
}

/** How far an undelivered message is drawn: 60% of the median delivery latency in the window. */
export function stubLength(messages: readonly ReportMessage[], windowStart: number, windowEnd: number): number {
  const latencies = messages.filter((m) => m.received !== null).map((m) => (m.received as number) - m.sent).sort((a, b) => a - b);
  const median = latencies.length > 0 ? (latencies[latencies.length >> 1] as number) : (windowEnd - windowStart) / 50;
  return Math.max(median * 0.6, 0.001);
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The index of the segment nearest to (x, y), within `within` px, or -1. */
export function nearestSegment(segments: readonly Segment[], x: number, y: number, within = 6): number {
  let best = -1;
  let bestDistance = within;
  segments.forEach((s, i) => {
    const dx = s.x2 - s.x1;
    const dy = s.y2 - s.y1;
    const length2 = dx * dx + dy * dy;
    const u = length2 > 0 ? Math.max(0, Math.min(1, ((x - s.x1) * dx + (y - s.y1) * dy) / length2)) : 0;
    const distance = Math.hypot(s.x1 + u * dx - x, s.y1 + u * dy - y);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  });
  return best;
}
