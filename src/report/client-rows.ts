/**
 * Which row of the history each client is drawn in. The simulator (like
 * Jepsen) retires a client process whose operation is never answered and
 * gives its successor a fresh id, so a long run has many client ids but only
 * a few clients at any one time. One row per id would be mostly empty; rows
 * are reused instead, the way a Jepsen thread outlives its processes.
 *
 * A client occupies its row from its first call until the end of its last
 * answered op; its final unanswered op (the reason it retired) does not
 * block the row, and the page draws it only up to the row's next op.
 */

import type { ReportOp } from './report-data.js';

export function packClientRows(ops: readonly ReportOp[]): number[][] {
  const lifetimes = new Map<number, { first: number; busyUntil: number }>();
  for (const op of ops) {
    const life = lifetimes.get(op.client) ?? { first: op.call, busyUntil: op.call };
    life.first = Math.min(life.first, op.call);
    life.busyUntil = Math.max(life.busyUntil, op.return ?? op.call);
    lifetimes.set(op.client, life);
  }
  const clients = [...lifetimes.entries()].sort((a, b) => a[1].first - b[1].first || a[0] - b[0]);
  const rows: Array<{ clients: number[]; busyUntil: number }> = [];
  for (const [client, life] of clients) {
    // Strictly after: ops that touch in time are concurrent and must not share a row.
    const row = rows.find((candidate) => candidate.busyUntil < life.first);
    if (row === undefined) {
      rows.push({ clients: [client], busyUntil: life.busyUntil });
    } else {
      row.clients.push(client);
      row.busyUntil = life.busyUntil;
    }
  }
  // Rows read in the order of their first client's id (c0, c1, ...), not of who called first.
  return rows.map((row) => row.clients).sort((a, b) => (a[0] as number) - (b[0] as number));
}
