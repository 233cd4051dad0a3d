/**
 * Times the checker on Knossos's own cas-register test histories
 * (test/data/knossos: 113 linearizable, 7 not, under `(cas-register 0)`),
 * read from their EDN. Parsing (edn-data, then pairing) and checking are
 * timed apart, per file, median over rounds, and summed per verdict, so it
 * shows how long a linearizable and a non-linearizable verdict take.
 *
 * Every run asserts the verdicts of expected.json, so a fast wrong checker
 * cannot post a good number.
 *
 * Run: `npx tsc -b && node dist/bench/knossos-bench.js [rounds]`.
 */

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkHistory, parseHistory } from '@raft-check/checker';

const DEFAULT_ROUNDS = 5;

interface Sample {
  parseMs: number;
  checkMs: number;
}

interface BenchFile {
  name: string;
  text: string;
  linearizable: boolean;
  samples: Sample[];
}

function knossosDataDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json')) || !existsSync(path.join(directory, 'checker'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('knossos-bench: cannot find the repository root');
    directory = parent;
  }
  return path.join(directory, 'test/data/knossos');
}

function loadFiles(): BenchFile[] {
  const directory = knossosDataDirectory();
  const expected = JSON.parse(readFileSync(path.join(directory, 'expected.json'), 'utf8')) as Record<string, string>;
  return Object.entries(expected).map(([name, verdict]) => ({
    name,
    text: readFileSync(path.join(directory, name), 'utf8'),
    linearizable: verdict === 'ok',
    samples: [],
  }));
}

function timeOnce(file: BenchFile): Sample {
  const start = performance.now();
  const history = parseHistory(file.text, { fileName: file.name, format: 'jepsen-edn', jepsenEdn: { initial: '0' } });
  const parsed = performance.now();
  const result = checkHistory(history);
  const checked = performance.now();
  const expected = file.linearizable ? 'linearizable' : 'not linearizable';
  if (result.verdict !== expected) throw new Error(`knossos-bench: ${file.name} gave ${result.verdict}, expected ${expected}`);
  return { parseMs: parsed - start, checkMs: checked - parsed };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

export function runKnossosBench(rounds = DEFAULT_ROUNDS): void {
  const files = loadFiles();
  for (let round = 0; round < rounds; round++) {
    for (const file of files) file.samples.push(timeOnce(file));
  }
  const medianOf = (file: BenchFile, field: keyof Sample): number => median(file.samples.map((sample) => sample[field]));
  const row = (what: string, group: readonly BenchFile[]): string => {
    const parse = group.map((file) => medianOf(file, 'parseMs'));
    const check = group.map((file) => medianOf(file, 'checkMs'));
    const slowest = group.reduce((worst, file) => (medianOf(file, 'checkMs') > medianOf(worst, 'checkMs') ? file : worst));
    return [
      what.padEnd(28),
      sum(parse).toFixed(1).padStart(9),
      sum(check).toFixed(1).padStart(9),
      median(check).toFixed(2).padStart(9),
      `  ${path.basename(slowest.name)} ${medianOf(slowest, 'checkMs').toFixed(1)}`,
    ].join(' ');
  };
  const linearizable = files.filter((file) => file.linearizable);
  const violations = files.filter((file) => !file.linearizable);
  const megabytes = sum(files.map((file) => Buffer.byteLength(file.text))) / 1e6;
  console.log(
    `Knossos bench: ${files.length} cas-register histories (EDN, ${megabytes.toFixed(1)} MB), ${rounds} rounds, verdicts all as expected`,
  );
  console.log(`${'what'.padEnd(28)} ${'parse ms'.padStart(9)} ${'check ms'.padStart(9)} ${'median'.padStart(9)}  slowest check (ms)`);
  console.log(row(`linearizable, ${linearizable.length} files`, linearizable));
  console.log(row(`not linearizable, ${violations.length} files`, violations));
  console.log(row(`all ${files.length} files`, files));
  console.log('(sums and the median file of per-file medians; parse is edn-data plus pairing the operations)');
  console.log(`load average: ${loadavg().map((load) => load.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runKnossosBench(process.argv[2] === undefined ? DEFAULT_ROUNDS : Number(process.argv[2]));
}
