import { describe, expect, it } from 'vitest';
import { historyLayout, mergeSpan, opsInRange, opsNear, visualEnds } from '../../../src/report/page/history-layout.js';
import type { HistoryData, ReportOp } from '../../../src/report/report-data.js';

function op(id: number, client: number, call: number, ret: number | null): ReportOp {
  return { id, client, call, return: ret, key: id % 2 === 0 ? 'x' : 'y', input: 'get x', output: null, outcome: ret === null ? 'unknown' : 'ok', attempts: [], answeredBy: null };
}

describe('history layout', () => {
  it('ends an unanswered op at the next call in its row, or at the end of the run', () => {
    // Clients 0 and 2 share row 0 (client 0 retired); client 1 has row 1.
    const ops = [op(0, 0, 10, null), op(1, 1, 15, null), op(2, 2, 40, 55)];
    const clientRow = new Map([[0, 0], [2, 0], [1, 1]]);
    expect(visualEnds([...ops].sort((a, b) => a.call - b.call), clientRow, 3, 1000)).toEqual([40, 1000, 55]);
  });

  it('indexes a history: rows, the failing key, its prefix ranks, and the longest bar', () => {
    const history: HistoryData = {
      ops: [op(0, 0, 10, 30), op(1, 1, 5, 200), op(2, 0, 40, 50)],
      clients: [0, 1],
      rows: [[0], [1]],
      checker: { result: 'not-linearizable', partition: 'x', longestPrefix: [2, 0], stuckOp: 1, message: '' },
    };
    const layout = historyLayout(history, 500);
    expect(layout.opsByCall.map((o) => o.id)).toEqual([1, 0, 2]);
    expect(layout.failingKey).toBe('x');
    expect([...layout.prefixRank]).toEqual([2, 0, 1]);
    expect(layout.maxOpLength).toBe(195);
    // Op 1 (5..200) reaches into [100, 120] though it was called long before.
    const [first, last] = opsInRange(layout, 100, 120);
    expect(layout.opsByCall.slice(first, last).map((o) => o.id)).toContain(1);
    expect(opsNear(layout, 0, 35, 6)).toEqual({ nearest: history.ops[0], count: 2 });
    expect(opsNear(layout, 0, 100, 6)).toEqual({ nearest: null, count: 0 });
  });

  it('merges narrow ops into spans when they touch or overlap (within half a pixel)', () => {
    const spans: Array<[number, number]> = [];
    mergeSpan(spans, 10, 11);
    mergeSpan(spans, 11.4, 12);
    mergeSpan(spans, 11.5, 11.8);
    mergeSpan(spans, 20, 21);
    expect(spans).toEqual([[10, 12], [20, 21]]);
  });
});
