/**
 * Times the checker on all of Porcupine's reference histories and prints the
 * figures beside Porcupine's own (Go 1.19, same 2-core machine; from
 * shared/research/porcupine.md, section 3.4: median of 3 runs of
 * CheckEvents, parsing excluded). We time `checkHistory` the same way:
 * parsing excluded, every file checked once per round, median over rounds,
 * in wall time and in CPU time (the machine is shared, and CPU time is less
 * inflated by other processes' load).
 *
 * Every run also asserts the verdicts of expected.json, so a fast wrong
 * checker cannot post a good number.
 *
 * Run: `npx tsc -b && node dist/bench/checker-bench.js [rounds]`.
 */

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkHistory, parseHistory, type HistoryFile } from '@raft-check/checker';

/** Porcupine v1.3.0's timings in milliseconds (porcupine.md, section 3.4). */
const PORCUPINE_MS = {
  etcdTotal: 607.6,
  etcdMedianFile: 0.16,
  'jepsen/etcd_002.log': 216.4,
  'jepsen/etcd_007.log': 156.1,
  'jepsen/etcd_099.log': 76.7,
  kvTotal: 245.9,
  'kv/c50-ok.txt': 192.0,
  'kv/c50-bad.txt': 52.4,
  total: 853.5,
} as const;

const DEFAULT_ROUNDS = 7;

interface BenchFile {
  name: string;
  history: HistoryFile;
  linearizable: boolean;
}

/** The Porcupine reference histories, kept in the repository (test/data/porcupine, MIT, with its notice). */
function porcupineDataDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json')) || !existsSync(path.join(directory, 'checker'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('checker-bench: cannot find the repository root');
    directory = parent;
  }
  return path.join(directory, 'test/data/porcupine');
}

function loadFiles(): BenchFile[] {
  const directory = porcupineDataDirectory();
  const expected = JSON.parse(readFileSync(path.join(directory, 'expected.json'), 'utf8')) as Record<string, string | null>;
  return Object.entries(expected)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, verdict]) => ({
      name,
      history: parseHistory(readFileSync(path.join(directory, name), 'utf8'), { fileName: name }),
      linearizable: verdict === 'ok',
    }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Timing {
  wallMs: number;
  /** User + system CPU time of this process: less sensitive than wall time to other load on the machine. */
  cpuMs: number;
}

function timeOnce(file: BenchFile): Timing {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = checkHistory(file.history);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const expected = file.linearizable ? 'linearizable' : 'not linearizable';
  if (result.verdict !== expected) {
    throw new Error(`checker-bench: ${file.name} gave ${result.verdict}, expected ${expected}`);
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function runCheckerBench(rounds = DEFAULT_ROUNDS): void {
  const files = loadFiles();
  const samples = new Map<string, Timing[]>(files.map((file) => [file.name, []]));
  const roundTotals: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let roundTotal = 0;
    for (const file of files) {
      const timing = timeOnce(file);
      samples.get(file.name)!.push(timing);
      roundTotal += timing.wallMs;
    }
    roundTotals.push(roundTotal);
  }

  const medianOf = (name: string, field: keyof Timing): number => median(samples.get(name)!.map((timing) => timing[field]));
  const family = (prefix: string, field: keyof Timing): number[] =>
    files.filter((file) => file.name.startsWith(prefix)).map((file) => medianOf(file.name, field));
  const row = (what: string, measure: (field: keyof Timing) => number, go: number): [string, number, number, number] => [
    what,
    measure('wallMs'),
    measure('cpuMs'),
    go,
  ];
  const etcdCount = family('jepsen/', 'wallMs').length;
  const kvCount = family('kv/', 'wallMs').length;
  const rows = [
    row(`etcd, ${etcdCount} files, sum of medians`, (field) => sum(family('jepsen/', field)), PORCUPINE_MS.etcdTotal),
    row('etcd, median file', (field) => median(family('jepsen/', field)), PORCUPINE_MS.etcdMedianFile),
    ...(['jepsen/etcd_002.log', 'jepsen/etcd_007.log', 'jepsen/etcd_099.log'] as const).map((name) =>
      row(name, (field) => medianOf(name, field), PORCUPINE_MS[name]),
    ),
    row(`kv, ${kvCount} files, sum of medians`, (field) => sum(family('kv/', field)), PORCUPINE_MS.kvTotal),
    ...(['kv/c50-ok.txt', 'kv/c50-bad.txt'] as const).map((name) =>
      row(name, (field) => medianOf(name, field), PORCUPINE_MS[name]),
    ),
    row(
      `all ${files.length} files, sum of medians`,
      (field) => sum(family('jepsen/', field)) + sum(family('kv/', field)),
      PORCUPINE_MS.total,
    ),
  ];

  console.log(`checker bench: ${files.length} Porcupine reference histories, ${rounds} rounds, verdicts all as expected`);
  console.log(`${'what'.padEnd(36)} ${'wall ms'.padStart(9)} ${'cpu ms'.padStart(9)} ${'Go ms'.padStart(9)}  wall/Go`);
  for (const [what, wall, cpu, go] of rows) {
    console.log(
      `${what.padEnd(36)} ${wall.toFixed(2).padStart(9)} ${cpu.toFixed(2).padStart(9)} ${go.toFixed(2).padStart(9)}  ${(wall / go).toFixed(2)}`,
    );
  }
  // On a shared machine the median takes other processes' load; the fastest of the rounds after warm-up hardly does.
  const minimumOf = (name: string): number => Math.min(...samples.get(name)!.slice(Math.min(2, rounds - 1)).map((timing) => timing.wallMs));
  const minimums = files.map((file) => minimumOf(file.name));
  console.log(`${'all files, sum of per-file minimums'.padEnd(36)} ${sum(minimums).toFixed(2).padStart(9)} (rounds after the first two)`);
  const totals = roundTotals.map((total) => total.toFixed(0)).join(', ');
  console.log(`whole rounds, wall ms: ${totals} (median ${median(roundTotals).toFixed(1)}; the first includes JIT warm-up)`);
  console.log(`load average: ${loadavg().map((load) => load.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rounds = process.argv[2] === undefined ? DEFAULT_ROUNDS : Number(process.argv[2]);
  runCheckerBench(rounds);
}
