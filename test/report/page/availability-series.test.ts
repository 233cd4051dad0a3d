import { describe, expect, it } from 'vitest';
import { availabilitySeries, gaps, latencyDomain, latencyPoints, throughput } from '../../../src/report/page/availability-series.js';
import type { ReportOp } from '../../../src/report/report-data.js';
import { syntheticReport } from '../fixtures/synthetic-run.js';
import { historyLayout } from '../../../src/report/page/history-layout.js';

function op(id: number, call: number, ret: number | null, outcome: ReportOp['outcome'] = ret === null ? 'unknown' : 'ok'): ReportOp {
  return { id, client: id, call, return: ret, key: 'k', input: 'get k', output: ret === null ? null : '""', outcome, attempts: [], answeredBy: null };
}

describe('availability series', () => {
  it('gives each op one latency dot at its call: to its return, or to when its client gave up', () => {
    const ops = [op(0, 50, 60), op(1, 10, null), op(2, 20, 900, 'failed')];
    const points = latencyPoints(ops, [60, 400, 900]);
    expect(points).toEqual([
      { id: 1, call: 10, latency: 390, outcome: 'unknown' },
      { id: 2, call: 20, latency: 880, outcome: 'failed' },
      { id: 0, call: 50, latency: 10, outcome: 'ok' },
    ]);
  });

  it('chooses whole decades around the latencies for the log axis', () => {
    const points = latencyPoints([op(0, 0, 3), op(1, 0, 4200)], [3, 4200]);
    expect(latencyDomain(points)).toEqual([1, 10_000]);
    expect(latencyDomain(latencyPoints([op(0, 0, 0)], [0]))).toEqual([1, 10]);
    expect(latencyDomain([])).toEqual([1, 1000]);
  });

  it('counts completions per 100 ms by outcome; an op still waiting at the end counts nowhere', () => {
    const ops = [op(0, 0, 50), op(1, 0, 99), op(2, 0, 100), op(3, 0, 250, 'failed'), op(4, 0, null), op(5, 10, null)];
    const series = throughput(ops, [50, 99, 100, 250, 180, 1000], 0, 1000);
    expect(series.ok).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(series.failed).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(series.unknown).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('finds the gaps between leader spans: the stalls', () => {
    expect(gaps([{ start: 150, end: 1394 }, { start: 2194, end: 3000 }], 0, 3000)).toEqual([
      { start: 0, end: 150 },
      { start: 1394, end: 2194 },
    ]);
    expect(gaps([], 0, 500)).toEqual([{ start: 0, end: 500 }]);
    expect(gaps([{ start: 0, end: 500 }], 0, 500)).toEqual([]);
  });

  it('computes everything the panel needs once, from the report data', () => {
    const data = syntheticReport({ seed: 7, durationMs: 8000, failure: 'pass' });
    const layout = historyLayout(data.history, data.run.end);
    const points = latencyPoints(data.history.ops, layout.visualEnd);
    const series = availabilitySeries(data, layout.visualEnd, points);
    expect(points).toHaveLength(data.history.ops.length);
    const completed = series.throughput.ok.reduce((a, b) => a + b, 0);
    expect(completed).toBe(data.history.ops.filter((o) => o.outcome === 'ok').length);
    expect(series.peak).toBe(Math.max(...series.throughput.ok.map((ok, i) => ok + series.throughput.failed[i]! + series.throughput.unknown[i]!)));
    expect(series.noLeader).toEqual(gaps(data.availability.leaderSpans, 0, data.run.end));
  });
});
