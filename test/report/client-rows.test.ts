import { describe, expect, it } from 'vitest';
import { packClientRows, rowsBySlot } from '../../src/report/client-rows.js';
import type { ReportOp } from '../../src/report/report-data.js';

function op(client: number, call: number, ret: number | null): ReportOp {
  return { id: 0, client, call, return: ret, key: 'x', input: 'get x', output: ret === null ? null : '1', outcome: ret === null ? 'unknown' : 'ok', attempts: [], answeredBy: null };
}

describe('rowsBySlot', () => {
  it('puts a retired process and its successors (id + k * slots) in one row', () => {
    expect(rowsBySlot([0, 1, 2, 5, 3, 8], 3)).toEqual([[0, 3], [1], [2, 5, 8]]);
  });
});

describe('packClientRows', () => {
  it('gives concurrent clients their own rows', () => {
    expect(packClientRows([op(0, 0, 10), op(1, 5, 15), op(2, 8, 9)])).toEqual([[0], [1], [2]]);
  });

  it('reuses a row once its client is done, but never after an unanswered op', () => {
    const ops = [op(0, 0, 10), op(1, 1, 12), op(1, 20, null), op(2, 30, 40), op(3, 41, 50)];
    expect(packClientRows(ops)).toEqual([[0, 2, 3], [1]]);
  });

  it('never shares a row between clients whose ops touch in time', () => {
    expect(packClientRows([op(0, 0, 10), op(1, 10, 20)])).toEqual([[0], [1]]);
    expect(packClientRows([op(0, 0, 10), op(1, 11, 20)])).toEqual([[0, 1]]);
  });
});
