/** The power table in words (for `raft-check power`, the README and notes). */

import { bugEntry } from './catalog.js';
import { medianSeeds, type BugPower } from './power.js';

export function formatPowerTable(rows: readonly BugPower[], cap: number): string[] {
  const header = ['bug', 'category', 'seeds to first failure', 'failure kind', 'size', 'shrunk'];
  const body = rows.map((row) => [
    row.bug,
    bugEntry(row.bug).category,
    row.seedsToFailure === null ? `not caught in ${row.cap}` : String(row.seedsToFailure),
    row.failureKind ?? '-',
    row.size === null ? '-' : String(row.size),
    row.shrunkSize === null ? '-' : String(row.shrunkSize),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const lines = [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)];
  lines.push('');
  lines.push(powerSummary(rows, cap));
  lines.push('size = operations + fault events of the failing seed\'s plan; shrunk = the same after shrinking (same failure signature).');
  return lines;
}

export function powerSummary(rows: readonly BugPower[], cap: number): string {
  const caught = rows.filter((row) => row.seedsToFailure !== null);
  const max = caught.length === 0 ? 0 : Math.max(...caught.map((row) => row.seedsToFailure!));
  const median = medianSeeds(rows);
  return (
    `${caught.length}/${rows.length} bugs caught within ${cap} seeds; seeds to first failure: median ${Number.isFinite(median) ? median : 'n/a'}, max ${max}` +
    (caught.length < rows.length ? `; NOT caught: ${rows.filter((row) => row.seedsToFailure === null).map((row) => row.bug).join(', ')}` : '')
  );
}
