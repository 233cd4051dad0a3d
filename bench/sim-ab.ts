/**
 * A/B speed of two builds of the simulator on a busy machine. Each build runs
 * in its own child process (its own JIT: two builds loaded into one process
 * share inline caches and feedback for the same code shapes, which misled by
 * about 10% in round 10), warmed on seeds outside the measured range. The
 * parent then has them run the same default seeds in alternating chunks (the
 * order flips every chunk, never both at once), timed in each child's CPU time,
 * so load from other processes slows both sides alike, where separate
 * back-to-back runs measured in wall time differ by more than the change
 * being measured. Each round prints both totals and the speedup (A's time
 * over B's).
 *
 * Run: `node dist/bench/sim-ab.js <dist A> <dist B> [seeds] [rounds]`, e.g.
 * a copy of the build before a change (`cp -r dist out/base-dist`) against `dist`.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type RunSeed = (seed: number, overrides: object, system: unknown) => unknown;

interface ChunkRequest {
  from: number;
  to: number;
}

interface ChunkAnswer {
  cpuMicros: number;
}

const CHUNK_SEEDS = 5;
const WARMUP_SEEDS = 20;
const CHILD_FLAG = '--sim-ab-child';

/** A child: load one build, warm it, then time each chunk it is asked for. */
async function child(dist: string): Promise<void> {
  const module = (await import(pathToFileURL(resolve(dist, 'src/sim/index.js')).href)) as { runSeed: RunSeed; defaultSystem: unknown };
  const runChunk = (from: number, to: number): number => {
    const started = process.cpuUsage();
    for (let seed = from; seed <= to; seed++) module.runSeed(seed, {}, module.defaultSystem);
    const used = process.cpuUsage(started);
    return used.user + used.system;
  };
  runChunk(1_000_000, 1_000_000 + WARMUP_SEEDS - 1);
  process.on('message', (request: ChunkRequest) => {
    const answer: ChunkAnswer = { cpuMicros: runChunk(request.from, request.to) };
    process.send?.(answer);
  });
  process.send?.({ cpuMicros: 0 });
}

class Side {
  readonly process: ChildProcess;
  private waiting: ((answer: ChunkAnswer) => void) | null = null;
  cpuMicros = 0;

  constructor(dist: string) {
    this.process = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, dist], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (answer: ChunkAnswer) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.(answer);
    });
    this.process.on('exit', (code) => {
      if (this.waiting !== null) {
        process.stderr.write(`sim-ab: a child exited with code ${String(code)}\n`);
        process.exit(1);
      }
    });
  }

  /** Resolves once the child has loaded and warmed its build. */
  ready(): Promise<ChunkAnswer> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async run(from: number, to: number): Promise<void> {
    const answer = new Promise<ChunkAnswer>((resolve) => (this.waiting = resolve));
    this.process.send({ from, to } satisfies ChunkRequest);
    this.cpuMicros += (await answer).cpuMicros;
  }
}

async function main(): Promise<void> {
  const [distA, distB, seedsText = '150', roundsText = '3'] = process.argv.slice(2);
  const seeds = Number(seedsText);
  const rounds = Number(roundsText);
  if (distA === undefined || distB === undefined || !Number.isSafeInteger(seeds) || seeds < 1 || !Number.isSafeInteger(rounds) || rounds < 1) {
    process.stderr.write('usage: node dist/bench/sim-ab.js <dist A> <dist B> [seeds >= 1] [rounds >= 1]\n');
    process.exit(2);
  }
  // Start and warm one child at a time, so neither warms under the other's load.
  const a = new Side(distA);
  await a.ready();
  const b = new Side(distB);
  await b.ready();
  for (let round = 1; round <= rounds; round++) {
    a.cpuMicros = 0;
    b.cpuMicros = 0;
    for (let from = 1, chunk = 0; from <= seeds; from += CHUNK_SEEDS, chunk++) {
      const to = Math.min(seeds, from + CHUNK_SEEDS - 1);
      const order = (chunk + round) % 2 === 0 ? [a, b] : [b, a];
      for (const side of order) await side.run(from, to);
    }
    const msA = a.cpuMicros / 1000;
    const msB = b.cpuMicros / 1000;
    process.stdout.write(`round ${round}: A ${msA.toFixed(0)} ms, B ${msB.toFixed(0)} ms CPU for seeds 1..${seeds}; B is ${(msA / msB).toFixed(3)}x as fast\n`);
  }
  a.process.kill();
  b.process.kill();
}

if (process.argv[2] === CHILD_FLAG) await child(process.argv[3] ?? '');
else await main();
