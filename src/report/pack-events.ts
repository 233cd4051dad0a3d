/**
 * Node events as columns in the embedded page data, for the same reason as
 * pack-ops.ts: a long run takes thousands of snapshots per node, and field
 * names repeated per event would be a third of the lanes' share of the file.
 * The page unpacks them on load (embedded-report.ts) with exactly unpackEvents.
 */

import type { NodeEvent, NodeEventKind } from './report-data.js';

export interface PackedEvents {
  time: number[];
  /** One letter per event: c(rash), r(estart), s(napshot taken), i(nstalled snapshot), t(orn write), (confi)g(uration). */
  kind: string;
  detail: string[];
}

const KIND_LETTER: Record<NodeEventKind, string> = {
  crash: 'c',
  restart: 'r',
  'snapshot-taken': 's',
  'snapshot-installed': 'i',
  'torn-write': 't',
  configuration: 'g',
};
const LETTER_KIND: Record<string, NodeEventKind> = Object.fromEntries(
  Object.entries(KIND_LETTER).map(([kind, letter]) => [letter, kind as NodeEventKind]),
);

export function packEvents(events: readonly NodeEvent[]): PackedEvents {
  return {
    time: events.map((event) => event.time),
    kind: events.map((event) => KIND_LETTER[event.kind]).join(''),
    detail: events.map((event) => event.detail),
  };
}

export function unpackEvents(packed: PackedEvents): NodeEvent[] {
  return packed.time.map((time, index) => ({
    time,
    kind: LETTER_KIND[packed.kind[index] as string] as NodeEventKind,
    detail: packed.detail[index] as string,
  }));
}
