/**
 * Sweep throughput: the same seed range on 1 worker and on all cores, so the
 * parallel speed-up (and any regression of it) is measured, not assumed.
 */

import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { runSweep } from '../src/sweep/sweep.js';

export interface SweepBenchFigures {
  readonly seeds: number;
  readonly runs: ReadonlyArray<{ workers: number; wallMs: number; seedsPerSecond: number; failed: number }>;
}

export async function measureSweepBench(seeds: number): Promise<SweepBenchFigures> {
  const workerCounts = [...new Set([1, availableParallelism()])];
  const runs = [];
  for (const workers of workerCounts) {
    const started = performance.now();
    const report = await runSweep({ range: { first: 1, last: seeds }, overrides: {}, workers, failFast: false, codeVersion: 'bench' });
    const wallMs = performance.now() - started;
    runs.push({ workers, wallMs, seedsPerSecond: (seeds * 1000) / wallMs, failed: report.failures.length });
  }
  return { seeds, runs };
}

export async function runSweepBench(seeds = 1000): Promise<void> {
  const figures = await measureSweepBench(seeds);
  const lines = [`sweep bench: seeds 1..${figures.seeds} (default draws), worker threads`];
  const base = figures.runs[0];
  for (const run of figures.runs) {
    const speedup = base === undefined ? 1 : base.wallMs / run.wallMs;
    lines.push(
      `  ${run.workers} worker${run.workers === 1 ? ' ' : 's'}: ${(run.wallMs / 1000).toFixed(1)} s, ${run.seedsPerSecond.toFixed(1)} seeds/s (x${speedup.toFixed(2)}), failing seeds: ${run.failed}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSweepBench(process.argv[2] === undefined ? undefined : Number(process.argv[2]));
}
