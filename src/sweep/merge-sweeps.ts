/**
 * Merging the `--json` summaries of a sweep's shards (one per CI job) into one
 * result: ranges must not overlap, counts and totals add up, failures join.
 */

import { formatRange, type SeedRange } from './seed-range.js';

export interface SweepJsonFailure {
  seed: number;
  kind: string;
  invariant: string;
  message: string;
  time: number;
  node: number | null;
  replay: string;
}

/** The subset of a sweep's --json output that merging needs. */
export interface SweepJsonSummary {
  range: SeedRange;
  seedsRun: number;
  passed: number;
  failed: number;
  stoppedEarly: boolean;
  failures: SweepJsonFailure[];
  totals: Record<string, number>;
  marks: Record<string, number>;
}

export class MergeError extends Error {
  override readonly name = 'MergeError';
}

export function parseSweepJson(text: string, name: string): SweepJsonSummary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MergeError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const summary = value as Partial<SweepJsonSummary> | null;
  const isCounts = (record: unknown): boolean =>
    typeof record === 'object' && record !== null && Object.values(record).every((count) => typeof count === 'number');
  if (
    typeof summary !== 'object' ||
    summary === null ||
    typeof summary.range?.first !== 'number' ||
    typeof summary.range.last !== 'number' ||
    typeof summary.seedsRun !== 'number' ||
    typeof summary.passed !== 'number' ||
    !Array.isArray(summary.failures) ||
    !isCounts(summary.totals) ||
    !isCounts(summary.marks)
  ) {
    throw new MergeError(`${name}: not the output of raft-check --seeds ... --json`);
  }
  return summary as SweepJsonSummary;
}

export interface MergedSweep {
  ranges: SeedRange[];
  seedsRun: number;
  passed: number;
  failures: SweepJsonFailure[];
  stoppedEarly: boolean;
  totals: Record<string, number>;
  marks: Record<string, number>;
}

export function mergeSweeps(summaries: readonly SweepJsonSummary[]): MergedSweep {
  const sorted = [...summaries].sort((a, b) => a.range.first - b.range.first);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as SweepJsonSummary;
    const current = sorted[i] as SweepJsonSummary;
    if (current.range.first <= previous.range.last) {
      throw new MergeError(`shards overlap: ${formatRange(previous.range)} and ${formatRange(current.range)} (was a shard given twice?)`);
    }
  }
  const add = (into: Record<string, number>, from: Record<string, number>): void => {
    for (const [name, count] of Object.entries(from)) into[name] = (into[name] ?? 0) + count;
  };
  const merged: MergedSweep = { ranges: [], seedsRun: 0, passed: 0, failures: [], stoppedEarly: false, totals: {}, marks: {} };
  for (const summary of sorted) {
    merged.ranges.push(summary.range);
    merged.seedsRun += summary.seedsRun;
    merged.passed += summary.passed;
    merged.failures.push(...summary.failures);
    merged.stoppedEarly ||= summary.stoppedEarly === true;
    add(merged.totals, summary.totals);
    add(merged.marks, summary.marks);
  }
  merged.failures.sort((a, b) => a.seed - b.seed);
  return merged;
}

/** Gaps between the merged ranges: seeds no shard ran. */
export function rangeGaps(ranges: readonly SeedRange[]): SeedRange[] {
  const gaps: SeedRange[] = [];
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1] as SeedRange;
    const current = ranges[i] as SeedRange;
    if (current.first > previous.last + 1) gaps.push({ first: previous.last + 1, last: current.first - 1 });
  }
  return gaps;
}
