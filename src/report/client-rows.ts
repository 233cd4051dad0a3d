/**
 * Which row of the history each client is drawn in. The simulator (like
 * Jepsen) retires a client process whose operation is never answered and
 * continues with a fresh id, so a long run has many client ids but only a
 * few clients at any one time. One row per id would be mostly empty; rows
 * are reused instead, the way a Jepsen thread outlives its processes.
 *
 * The page draws an unanswered op up to the next op in its row (the
 * successor's first), or to the end of the run.
 */

import type { ReportOp } from './report-data.js';

/**
 * The simulator's rule: client process `id` runs in slot `id % slots` (a
 * retired process `i` continues as `i + slots`), so each slot is a row.
 */
export function rowsBySlot(clients: readonly number[], slots: number): number[][] {
  const rows = new Map<number, number[]>();
  for (const client of [...clients].sort((a, b) => a - b)) {
    const slot = client % slots;
    const row = rows.get(slot);
    if (row === undefined) rows.set(slot, [client]);
    else row.push(client);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

/**
 * For histories without that rule: a client may follow another in a row
 * only when every op of the earlier one has returned before the later one's
 * first call (an unanswered op may still be running, so it holds its row to
 * the end). Greedy, in order of first call.
 */
export function packClientRows(ops: readonly ReportOp[]): number[][] {
  const lifetimes = new Map<number, { first: number; busyUntil: number }>();
  for (const op of ops) {
    const life = lifetimes.get(op.client) ?? { first: op.call, busyUntil: op.call };
    life.first = Math.min(life.first, op.call);
    life.busyUntil = Math.max(life.busyUntil, op.return ?? Number.POSITIVE_INFINITY);
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
