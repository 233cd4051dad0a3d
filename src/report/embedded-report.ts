/**
 * What the page embeds: ReportData with operations and node events packed
 * into columns (pack-ops.ts, pack-events.ts), and the exact inverse, which
 * the page itself runs on load (page/main.ts) and the tests check.
 */

import { packEvents, unpackEvents, type PackedEvents } from './pack-events.js';
import { packOps, unpackOps, type PackedOps } from './pack-ops.js';
import type { HistoryData, NodeLane, ReportData } from './report-data.js';

export type EmbeddedReport = Omit<ReportData, 'history' | 'lanes'> & {
  lanes: Array<Omit<NodeLane, 'events'> & { packedEvents: PackedEvents }>;
  history: Omit<HistoryData, 'ops'> & { packedOps: PackedOps };
};

export function embeddedReport(data: ReportData): EmbeddedReport {
  const { ops, ...history } = data.history;
  const lanes = data.lanes.map(({ events, ...lane }) => ({ ...lane, packedEvents: packEvents(events) }));
  return { ...data, lanes, history: { ...history, packedOps: packOps(ops) } };
}

export function unpackReport(embedded: EmbeddedReport): ReportData {
  const { packedOps, ...history } = embedded.history;
  const lanes = embedded.lanes.map(({ packedEvents, ...lane }) => ({ ...lane, events: unpackEvents(packedEvents) }));
  return { ...embedded, lanes, history: { ...history, ops: unpackOps(packedOps) } };
}
