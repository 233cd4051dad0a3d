/**
 * Merging the sweep@1 files of a sweep's shards (one per CI job) into one
 * result. Merging refuses what would make a verdict a lie:
 * - files of different sweeps (range, overrides, bugs, system or code):
 *   MixedSweepsError, a usage error;
 * - shards that do not cover the range exactly once (one missing, one given
 *   twice): ShardCoverageError, its own exit code, so that a CI job whose
 *   shard never uploaded cannot pass as green.
 */

import { formatRange, shardOf, type SeedRange } from './seed-range.js';
import { canonicalJson, IDENTITY_FIELDS, SWEEP_FORMAT, type SweepFailureJson, type SweepJson } from './sweep-json.js';

export class MixedSweepsError extends Error {
  override readonly name = 'MixedSweepsError';
}

export class ShardCoverageError extends Error {
  override readonly name = 'ShardCoverageError';
}

export interface NamedSweep {
  readonly name: string;
  readonly sweep: SweepJson;
}

function describeShards(sweep: SweepJson): string {
  return sweep.shard === null ? 'a whole sweep (no --shard)' : `shard ${sweep.shard.index}/${sweep.shard.count}`;
}

function checkSameSweep(files: readonly NamedSweep[]): void {
  const first = files[0]!;
  for (const other of files.slice(1)) {
    for (const key of IDENTITY_FIELDS) {
      const a = canonicalJson(first.sweep[key]);
      const b = canonicalJson(other.sweep[key]);
      if (a !== b) throw new MixedSweepsError(`mixed sweeps: ${other.name} has ${key} ${b.slice(0, 80)}, ${first.name} has ${a.slice(0, 80)}`);
    }
    if ((first.sweep.shard?.count ?? null) !== (other.sweep.shard?.count ?? null)) {
      throw new MixedSweepsError(`mixed sweeps: ${other.name} is ${describeShards(other.sweep)}, ${first.name} is ${describeShards(first.sweep)}`);
    }
  }
}

function checkCoverage(files: readonly NamedSweep[]): void {
  const first = files[0]!.sweep;
  const count = first.shard?.count ?? 1;
  const byIndex = new Map<number, string>();
  for (const { name, sweep } of files) {
    const index = sweep.shard?.index ?? 1;
    const earlier = byIndex.get(index);
    if (earlier !== undefined) throw new ShardCoverageError(`incomplete sweep: ${describeShards(sweep)} is given twice (${earlier} and ${name})`);
    byIndex.set(index, name);
  }
  const missing: string[] = [];
  for (let index = 1; index <= count; index++) {
    if (byIndex.has(index)) continue;
    const slice = shardOf(first.range, { index, count });
    // An empty slice (more shards than seeds) has no seeds to miss.
    if (slice !== null) missing.push(`${index}/${count} (seeds ${formatRange(slice)})`);
  }
  if (missing.length > 0) {
    const shown = missing.length > 5 ? [...missing.slice(0, 5), `and ${missing.length - 5} more`] : missing;
    throw new ShardCoverageError(`incomplete sweep: missing shard${missing.length === 1 ? '' : 's'} ${shown.join(', ')} of ${formatRange(first.range)}`);
  }
}

/** The merged result: itself a sweep@1 of the whole range (shard null). */
export function mergeSweeps(files: readonly NamedSweep[]): SweepJson {
  if (files.length === 0) throw new MixedSweepsError('merge needs at least one sweep file');
  checkSameSweep(files);
  checkCoverage(files);
  const sweeps = files.map((file) => file.sweep).sort((a, b) => a.slice.first - b.slice.first);
  const first = sweeps[0]!;
  // Sums go through Maps: a key named "__proto__" in a file is a counter like any other.
  const sums = { failuresByKind: new Map<string, number>(), totals: new Map<string, number>(), marks: new Map<string, number>() };
  const add = (into: Map<string, number>, from: Record<string, number>): void => {
    for (const [name, count] of Object.entries(from)) into.set(name, (into.get(name) ?? 0) + count);
  };
  const range: SeedRange = first.range;
  const merged: SweepJson = {
    format: SWEEP_FORMAT,
    range,
    shard: null,
    slice: range,
    overrides: first.overrides,
    bugs: first.bugs,
    system: first.system,
    fingerprint: first.fingerprint,
    seedsRun: 0,
    passed: 0,
    failed: 0,
    stoppedBy: null,
    workers: 0,
    wallMs: 0,
    failuresByKind: {},
    failures: [] as SweepFailureJson[],
    totals: {},
    marks: {},
  };
  for (const sweep of sweeps) {
    merged.seedsRun += sweep.seedsRun;
    merged.passed += sweep.passed;
    merged.failed += sweep.failed;
    merged.stoppedBy ??= sweep.stoppedBy;
    merged.workers += sweep.workers;
    merged.wallMs = Math.max(merged.wallMs, sweep.wallMs);
    for (const failure of sweep.failures) merged.failures.push(failure);
    for (const name of ['failuresByKind', 'totals', 'marks'] as const) add(sums[name], sweep[name]);
  }
  merged.failures.sort((a, b) => a.seed - b.seed);
  return { ...merged, failuresByKind: Object.fromEntries(sums.failuresByKind), totals: Object.fromEntries(sums.totals), marks: Object.fromEntries(sums.marks) };
}

/** Shards that stopped before the end of their slice (--fail-fast, --time-limit), for the merge summary. */
export function shardsStoppedEarly(files: readonly NamedSweep[]): string[] {
  return files
    .filter(({ sweep }) => sweep.stoppedBy !== null)
    .map(({ name, sweep }) => `${name} stopped by ${sweep.stoppedBy} after ${sweep.seedsRun} of ${sweep.slice.last - sweep.slice.first + 1} seeds`);
}
