/** A valid sweep@1 document for a slice of a range, to mutate in merge and fuzz tests. */

import { shardOf, type SeedRange } from '../../src/sweep/seed-range.js';
import { SWEEP_FORMAT, type SweepJson } from '../../src/sweep/sweep-json.js';

export function sweepFile(range: SeedRange, shard: { index: number; count: number } | null, failed: number[] = []): SweepJson {
  const slice = shard === null ? range : shardOf(range, shard)!;
  const seedsRun = slice.last - slice.first + 1;
  return {
    format: SWEEP_FORMAT,
    range,
    shard,
    slice,
    overrides: { nodes: 5 },
    bugs: ['stale-local-read'],
    system: null,
    fingerprint: '0.1.0+abcdef12',
    seedsRun,
    passed: seedsRun - failed.length,
    failed: failed.length,
    stoppedBy: null,
    workers: 2,
    wallMs: 1000,
    failuresByKind: failed.length === 0 ? {} : { liveness: failed.length },
    failures: failed.map((seed) => ({
      seed,
      kind: 'liveness',
      invariant: 'Liveness',
      message: 'stuck',
      time: 9,
      node: null,
      replay: `raft-check --seed ${seed}`,
      file: null,
      report: null,
    })),
    totals: { crashes: slice.first, restarts: 1 },
    marks: { 'a-mark': 1, 'never-mark': 0 },
  };
}
