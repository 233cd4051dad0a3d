/**
 * The series behind the availability panel, the plots a Jepsen user expects:
 * each operation's latency (one dot, at its call), completions per 100 ms,
 * and the gaps between leader spans. Pure: no DOM, so the tests check them
 * directly.
 */

import type { OpOutcome, ReportData, ReportOp, TimeSpan } from '../report-data.js';

export const THROUGHPUT_BUCKET_MS = 100;

export interface LatencyPoint {
  id: number;
  call: number;
  /** Call to return; for an op never answered, call to when its client gave up (its bar's end). */
  latency: number;
  outcome: OpOutcome;
}

/** One dot per op with a known end, sorted by call time. */
export function latencyPoints(ops: readonly ReportOp[], visualEnd: readonly number[]): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  for (const op of ops) {
    const end = op.return ?? (visualEnd[op.id] as number);
    if (end < op.call) continue;
    points.push({ id: op.id, call: op.call, latency: end - op.call, outcome: op.outcome });
  }
  return points.sort((a, b) => a.call - b.call || a.id - b.id);
}

/** The latency axis: whole decades around the data, never below 1 ms (simulated times are whole ms). */
export function latencyDomain(points: readonly LatencyPoint[]): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const point of points) {
    lo = Math.min(lo, Math.max(1, point.latency));
    hi = Math.max(hi, point.latency);
  }
  if (lo === Infinity) return [1, 1000];
  const low = Math.pow(10, Math.floor(Math.log10(lo)));
  return [low, Math.max(low * 10, Math.pow(10, Math.ceil(Math.log10(Math.max(hi, 1)))))];
}

export interface Throughput {
  bucket: number;
  start: number;
  /** Operations completed per bucket, by outcome; an op never answered counts when its client gave up. */
  ok: number[];
  failed: number[];
  unknown: number[];
}

export function throughput(
  ops: readonly ReportOp[],
  visualEnd: readonly number[],
  start: number,
  end: number,
  bucket: number = THROUGHPUT_BUCKET_MS,
): Throughput {
  const count = Math.max(1, Math.ceil((end - start) / bucket));
  const series: Throughput = { bucket, start, ok: new Array<number>(count).fill(0), failed: new Array<number>(count).fill(0), unknown: new Array<number>(count).fill(0) };
  for (const op of ops) {
    const done = op.return ?? (visualEnd[op.id] as number);
    if (op.return === null && done >= end) continue; // still waiting when the run ended
    const index = Math.min(count - 1, Math.max(0, Math.floor((done - start) / bucket)));
    const column = series[op.outcome];
    column[index] = (column[index] as number) + 1;
  }
  return series;
}

/** The parts of [start, end) not covered by the sorted, disjoint spans. */
export function gaps(spans: readonly TimeSpan[], start: number, end: number): TimeSpan[] {
  const result: TimeSpan[] = [];
  let at = start;
  for (const span of spans) {
    if (span.start > at) result.push({ start: at, end: Math.min(span.start, end) });
    at = Math.max(at, span.end);
  }
  if (at < end) result.push({ start: at, end });
  return result.filter((gap) => gap.end > gap.start);
}

/** The availability panel's series, which do not change with the view: computed once on load. */
export interface AvailabilitySeries {
  /** Spans without a leader followed by a majority. */
  noLeader: TimeSpan[];
  throughput: Throughput;
  /** The most completions in one bucket (at least 1): the throughput plot's top. */
  peak: number;
  /** The latency axis. */
  domain: [number, number];
}

export function availabilitySeries(data: ReportData, visualEnd: readonly number[], latency: readonly LatencyPoint[]): AvailabilitySeries {
  const { run } = data;
  const series = throughput(data.history.ops, visualEnd, run.start, run.end);
  let peak = 1;
  series.ok.forEach((ok, i) => {
    peak = Math.max(peak, ok + (series.failed[i] as number) + (series.unknown[i] as number));
  });
  return { noLeader: gaps(data.availability.leaderSpans, run.start, run.end), throughput: series, peak, domain: latencyDomain(latency) };
}
