/**
 * A/B speed of two builds of the simulator on a busy machine: both builds
 * are loaded into one process and run the same default seeds in alternating
 * chunks (the order flips every chunk), timed in CPU time. Load from other
 * processes then slows both sides alike, where separate back-to-back runs
 * measured in wall time differ by more than the change being measured.
 * Each round prints both totals and the speedup (A's time over B's).
 *
 * Run: `node dist/bench/sim-ab.js <dist A> <dist B> [seeds] [rounds]`, e.g.
 * a copy of the build before a change (`cp -r dist out/base-dist`) against `dist`.
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type RunSeed = (seed: number, overrides: object, system: unknown) => unknown;

interface Side {
  runSeed: RunSeed;
  system: unknown;
  cpuMicros: number;
}

const CHUNK_SEEDS = 5;
const WARMUP_SEEDS = 20;

async function load(dist: string): Promise<Side> {
  const module = (await import(pathToFileURL(resolve(dist, 'src/sim/index.js')).href)) as { runSeed: RunSeed; defaultSystem: unknown };
  return { runSeed: module.runSeed, system: module.defaultSystem, cpuMicros: 0 };
}

function runChunk(side: Side, from: number, to: number): void {
  const started = process.cpuUsage();
  for (let seed = from; seed <= to; seed++) side.runSeed(seed, {}, side.system);
  const used = process.cpuUsage(started);
  side.cpuMicros += used.user + used.system;
}

async function main(): Promise<void> {
  const [distA, distB, seedsText = '150', roundsText = '3'] = process.argv.slice(2);
  const seeds = Number(seedsText);
  const rounds = Number(roundsText);
  if (distA === undefined || distB === undefined || !Number.isSafeInteger(seeds) || seeds < 1 || !Number.isSafeInteger(rounds) || rounds < 1) {
    process.stderr.write('usage: node dist/bench/sim-ab.js <dist A> <dist B> [seeds >= 1] [rounds >= 1]\n');
    process.exit(2);
  }
  const a = await load(distA);
  const b = await load(distB);
  // Warm both JITs on seeds outside the measured range.
  for (const side of [a, b]) runChunk(side, 1_000_000, 1_000_000 + WARMUP_SEEDS - 1);
  for (let round = 1; round <= rounds; round++) {
    a.cpuMicros = 0;
    b.cpuMicros = 0;
    for (let from = 1, chunk = 0; from <= seeds; from += CHUNK_SEEDS, chunk++) {
      const to = Math.min(seeds, from + CHUNK_SEEDS - 1);
      const order = (chunk + round) % 2 === 0 ? [a, b] : [b, a];
      for (const side of order) runChunk(side, from, to);
    }
    const msA = a.cpuMicros / 1000;
    const msB = b.cpuMicros / 1000;
    process.stdout.write(`round ${round}: A ${msA.toFixed(0)} ms, B ${msB.toFixed(0)} ms CPU for seeds 1..${seeds}; B is ${(msA / msB).toFixed(3)}x as fast\n`);
  }
}

await main();
