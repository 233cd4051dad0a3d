/**
 * Where default seeds allocate: a sampling heap profile that keeps the
 * objects the collector already freed (a plain heap profile shows only what
 * is still alive, which for a simulator is almost nothing), summed by
 * allocating function. Prints the bytes allocated per seed and the top sites.
 *
 * Run: `node dist/bench/sim-alloc.js <dist> [seeds] [top]`, e.g. `node
 * dist/bench/sim-alloc.js dist 100`.
 */

import { Session } from 'node:inspector/promises';
import type { HeapProfiler } from 'node:inspector';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type RunSeed = (seed: number, overrides: object, system: unknown) => unknown;

const WARMUP_SEEDS = 20;
/** Bytes between samples: small enough for sites of a fraction of a percent. */
const SAMPLING_INTERVAL = 4096;

function siteOf(node: HeapProfiler.SamplingHeapProfileNode): string {
  const frame = node.callFrame;
  const file = frame.url.replace(/^.*\/dist\//, '');
  return `${frame.functionName === '' ? '(anonymous)' : frame.functionName} ${file}:${frame.lineNumber + 1}`;
}

function addSites(node: HeapProfiler.SamplingHeapProfileNode, bytesBySite: Map<string, number>): void {
  if (node.selfSize > 0) bytesBySite.set(siteOf(node), (bytesBySite.get(siteOf(node)) ?? 0) + node.selfSize);
  for (const child of node.children) addSites(child, bytesBySite);
}

async function main(): Promise<void> {
  const [dist, seedsText = '100', topText = '30'] = process.argv.slice(2);
  const seeds = Number(seedsText);
  const top = Number(topText);
  if (dist === undefined || !Number.isSafeInteger(seeds) || seeds < 1 || !Number.isSafeInteger(top) || top < 1) {
    process.stderr.write('usage: node dist/bench/sim-alloc.js <dist> [seeds >= 1] [top >= 1]\n');
    process.exit(2);
  }
  const module = (await import(pathToFileURL(resolve(dist, 'src/sim/index.js')).href)) as { runSeed: RunSeed; defaultSystem: unknown };
  for (let seed = 1_000_000; seed < 1_000_000 + WARMUP_SEEDS; seed++) module.runSeed(seed, {}, module.defaultSystem);
  const session = new Session();
  session.connect();
  // The two include flags are in the protocol but not in @types/node's parameter type.
  const options = { samplingInterval: SAMPLING_INTERVAL, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
  await session.post('HeapProfiler.startSampling', options as HeapProfiler.StartSamplingParameterType);
  for (let seed = 1; seed <= seeds; seed++) module.runSeed(seed, {}, module.defaultSystem);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const bytesBySite = new Map<string, number>();
  addSites(profile.head, bytesBySite);
  const total = [...bytesBySite.values()].reduce((sum, bytes) => sum + bytes, 0);
  process.stdout.write(`seeds 1..${seeds}: ${(total / 1e6).toFixed(1)} MB allocated (sampled), ${(total / seeds / 1e6).toFixed(2)} MB per seed\n`);
  for (const [site, bytes] of [...bytesBySite].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${site}\n`);
  }
}

await main();
