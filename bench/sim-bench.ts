/**
 * Simulator speed on default seeds (drawn configs, our Raft, the checker
 * included): seeds per wall second, simulated events per wall second, and
 * simulated-to-wall time ratio, with the checker's share of the time.
 *
 * Run: `npx tsc -b && node dist/bench/sim-bench.js [seeds]` (one core).
 */

import { pathToFileURL } from 'node:url';
import { checkHistory } from '@raft-check/checker';
import { defaultSystem, runSeed, type System } from '../src/sim/index.js';

const DEFAULT_SEEDS = 200;
const WARMUP_SEEDS = 20;

export interface SimBenchFigures {
  seeds: number;
  wallMs: number;
  checkerMs: number;
  msPerSeedMedian: number;
  msPerSeedP95: number;
  seedsPerSecond: number;
  eventsPerSecond: number;
  simulatedToWall: number;
  failures: number;
}

export function measureSimBench(seeds = DEFAULT_SEEDS): SimBenchFigures {
  let checkerMs = 0;
  const timedSystem: System = {
    factory: defaultSystem.factory,
    checkHistory: (history, options) => {
      const started = performance.now();
      const result = checkHistory(history, options);
      checkerMs += performance.now() - started;
      return result;
    },
  };
  // Warm the JIT on seeds outside the measured range.
  for (let seed = 1_000_000; seed < 1_000_000 + WARMUP_SEEDS; seed++) runSeed(seed, {}, defaultSystem);

  const perSeedMs: number[] = [];
  let events = 0;
  let simulatedMs = 0;
  let failures = 0;
  checkerMs = 0;
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const seedStarted = performance.now();
    const result = runSeed(seed, {}, timedSystem);
    perSeedMs.push(performance.now() - seedStarted);
    events += result.stats.events;
    simulatedMs += result.stats.simulatedMs;
    if (result.failure !== null) failures++;
  }
  const wallMs = performance.now() - started;
  perSeedMs.sort((a, b) => a - b);
  return {
    seeds,
    wallMs,
    checkerMs,
    msPerSeedMedian: perSeedMs[Math.floor(seeds / 2)] ?? 0,
    msPerSeedP95: perSeedMs[Math.floor(seeds * 0.95)] ?? 0,
    seedsPerSecond: (seeds / wallMs) * 1000,
    eventsPerSecond: (events / wallMs) * 1000,
    simulatedToWall: simulatedMs / wallMs,
    failures,
  };
}

export function runSimBench(seeds = DEFAULT_SEEDS): void {
  const figures = measureSimBench(seeds);
  const lines = [
    `sim bench: seeds 1..${figures.seeds} (default draws, raft + checker), one core`,
    `  wall ${figures.wallMs.toFixed(0)} ms, ${figures.seedsPerSecond.toFixed(1)} seeds/s; per seed median ${figures.msPerSeedMedian.toFixed(1)} ms, p95 ${figures.msPerSeedP95.toFixed(1)} ms`,
    `  ${Math.round(figures.eventsPerSecond).toLocaleString('en-US')} simulated events per wall second; simulated/wall time ${figures.simulatedToWall.toFixed(0)}x`,
    `  checker share ${((figures.checkerMs / figures.wallMs) * 100).toFixed(1)}% (${figures.checkerMs.toFixed(0)} ms); failing seeds: ${figures.failures}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seeds = process.argv[2] === undefined ? DEFAULT_SEEDS : Number(process.argv[2]);
  if (!Number.isSafeInteger(seeds) || seeds < 1) {
    process.stderr.write('usage: node dist/bench/sim-bench.js [seeds >= 1]\n');
    process.exit(2);
  }
  runSimBench(seeds);
}
