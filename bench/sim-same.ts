/**
 * Do two builds of the simulator do the same thing? A speed change must not
 * change behaviour: this runs default seeds on both builds and compares, per
 * seed, the trace hash, the stats (coverage marks included), the history and
 * the verdict and failure. It prints the first seeds that differ and exits 1
 * if any does.
 *
 * Run: `node dist/bench/sim-same.js <dist A> <dist B> [from] [to]`, e.g. a
 * copy of the build before a change (`cp -r dist out/base-dist`) against `dist`.
 */

import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface SeedOutcome {
  traceHash: string;
  stats: unknown;
  history: unknown;
  verdict: unknown;
  failure: unknown;
}

type RunSeed = (seed: number, overrides: object, system: unknown) => SeedOutcome;

async function load(dist: string): Promise<(seed: number) => SeedOutcome> {
  const module = (await import(pathToFileURL(resolve(dist, 'src/sim/index.js')).href)) as { runSeed: RunSeed; defaultSystem: unknown };
  return (seed) => module.runSeed(seed, {}, module.defaultSystem);
}

/** The parts of two outcomes that differ (the history's meta holds the code fingerprint, which differs by design). */
function differences(a: SeedOutcome, b: SeedOutcome): string[] {
  const withoutMeta = (history: unknown): unknown => ({ ...(history as object), meta: undefined });
  const parts: [string, unknown, unknown][] = [
    ['traceHash', a.traceHash, b.traceHash],
    ['stats', a.stats, b.stats],
    ['history', withoutMeta(a.history), withoutMeta(b.history)],
    ['verdict', a.verdict, b.verdict],
    ['failure', a.failure, b.failure],
  ];
  return parts.filter(([, x, y]) => !isDeepStrictEqual(x, y)).map(([name]) => name);
}

async function main(): Promise<void> {
  const [distA, distB, fromText = '1', toText = '300'] = process.argv.slice(2);
  const from = Number(fromText);
  const to = Number(toText);
  if (distA === undefined || distB === undefined || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from) {
    process.stderr.write('usage: node dist/bench/sim-same.js <dist A> <dist B> [from >= 1] [to >= from]\n');
    process.exit(2);
  }
  const runA = await load(distA);
  const runB = await load(distB);
  let differing = 0;
  for (let seed = from; seed <= to; seed++) {
    const parts = differences(runA(seed), runB(seed));
    if (parts.length === 0) continue;
    differing++;
    if (differing <= 10) process.stdout.write(`seed ${seed} differs in ${parts.join(', ')}\n`);
  }
  process.stdout.write(`seeds ${from}..${to}: ${differing === 0 ? 'all the same' : `${differing} differ`}\n`);
  process.exit(differing === 0 ? 0 : 1);
}

await main();
