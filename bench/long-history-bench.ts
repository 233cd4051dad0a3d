/**
 * Long histories from other tools: time and peak memory of `checkHistory` on
 * generated kv histories that are long but mostly sequential, where the
 * search should cost about one step per operation (checker/search/cut-search.ts).
 *
 * Each case runs in a fresh child process, so its peak resident memory is its
 * own. Cases:
 * - `seq-50k`: one key, one client, alternating put and get, 50,000 operations;
 * - `reads-300k`: one key, 300,000 gets of the initial value, one after another;
 * - `jepsen-like`: 5 clients on 4 keys, puts, gets and cas with overlapping
 *   calls, 10% of operations never answered (a crashed client), 40,000 operations;
 * - `concurrent-40k`: `jepsen-like` with every operation answered;
 * - `seq-50k-bad`: `seq-50k` with the last get answered wrongly;
 * - `seq-50k-given-up`: `seq-50k` and a put given up at the start, which a
 *   get a quarter of the way in shows (it stays pending until then).
 *
 * Run: `npx tsc -b && node dist/bench/long-history-bench.js [--whole] [case...]`;
 * `--whole` checks with `cutHistory: false` (Porcupine's whole search, as
 * before the cuts).
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkHistory, type HistoryFile } from '@raft-check/checker';

type Op = HistoryFile['operations'][number];

/** A deterministic generator (mulberry32), so every run checks the same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sequential(count: number, wrongLast: boolean): HistoryFile {
  const operations: Op[] = [];
  let value = '';
  for (let index = 0; index < count; index++) {
    const call = 2 * index;
    if (index % 2 === 0) {
      value = `v${index}`;
      operations.push({ client: 0, call, return: call + 1, input: { op: 'put', key: 'x', value }, output: {} });
    } else {
      const seen = wrongLast && index >= count - 2 ? 'wrong' : value;
      operations.push({ client: 0, call, return: call + 1, input: { op: 'get', key: 'x' }, output: { value: seen } });
    }
  }
  return { format: 'raft-check/history@1', model: 'kv', operations };
}

/** `sequential`, plus a put given up at the start whose value one get in the middle shows. */
function sequentialGivenUp(count: number): HistoryFile {
  const history = sequential(count, false);
  const seenAt = 2 * Math.floor(count / 4) + 1; // a get (puts are at even positions)
  history.operations[seenAt] = { ...history.operations[seenAt]!, output: { value: 'given-up' } };
  history.operations.unshift({ client: 1, call: -1, return: null, input: { op: 'put', key: 'x', value: 'given-up' }, output: null });
  return history;
}

function reads(count: number): HistoryFile {
  const operations: Op[] = [];
  for (let index = 0; index < count; index++) {
    operations.push({ client: 0, call: 2 * index, return: 2 * index + 1, input: { op: 'get', key: 'x' }, output: { value: '' } });
  }
  return { format: 'raft-check/history@1', model: 'kv', operations };
}

/**
 * A linearizable history as a Jepsen run records one: each client in turn
 * issues an operation that takes effect at one instant inside its interval,
 * intervals of different clients overlap, and one operation in ten is never
 * answered (its effect happens or not, by a coin).
 */
function jepsenLike(count: number, seed: number, crashRate: number): HistoryFile {
  const next = random(seed);
  const clients = 5;
  const keys = ['a', 'b', 'c', 'd'];
  const values = new Map<string, string>(keys.map((key) => [key, '']));
  const operations: Op[] = [];
  let time = 0;
  let nextClientId = clients;
  const clientIds = Array.from({ length: clients }, (_, index) => index);
  for (let index = 0; index < count; index++) {
    const slot = index % clients;
    const key = keys[Math.floor(next() * keys.length)]!;
    const call = time;
    const effect = call + 1 + Math.floor(next() * 3);
    time += 2;
    const current = values.get(key)!;
    const kind = next();
    let input: Record<string, unknown>;
    let output: Record<string, unknown>;
    let changes: string | null = null;
    if (kind < 0.4) {
      input = { op: 'get', key };
      output = { value: current };
    } else if (kind < 0.8) {
      changes = `${index}`;
      input = { op: 'put', key, value: changes };
      output = {};
    } else {
      // A cas expecting the current value, or one written earlier (it then fails, unless that is current too).
      const expect = next() < 0.5 ? current : String(Math.floor(next() * index));
      changes = expect === current ? `${index}` : null;
      input = { op: 'cas', key, expect, value: `${index}` };
      output = { ok: changes !== null };
    }
    const crashed = next() < crashRate;
    // Effects happen in call order (each lands before the next call's effect), so the history is linearizable.
    if (changes !== null && (!crashed || next() < 0.5)) values.set(key, changes);
    if (crashed) {
      operations.push({ client: clientIds[slot]!, call, return: null, input, output: null });
      clientIds[slot] = nextClientId++;
    } else {
      operations.push({ client: clientIds[slot]!, call, return: effect + 1 + Math.floor(next() * 3), input, output });
    }
  }
  return { format: 'raft-check/history@1', model: 'kv', operations };
}

const CASES: Record<string, () => HistoryFile> = {
  'seq-50k': () => sequential(50_000, false),
  'seq-50k-bad': () => sequential(50_000, true),
  'seq-50k-given-up': () => sequentialGivenUp(50_000),
  'reads-300k': () => reads(300_000),
  'jepsen-like': () => jepsenLike(40_000, 7, 0.1),
  'concurrent-40k': () => jepsenLike(40_000, 7, 0),
};

function runCase(name: string, whole: boolean): void {
  const history = CASES[name]!();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = checkHistory(history, { cutHistory: !whole });
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${name.padEnd(14)} ${result.verdict.padEnd(17)} ${String(result.steps).padStart(10)} steps ${wallMs.toFixed(0).padStart(7)} ms wall ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(7)} ms cpu ${peakMb.toFixed(0).padStart(6)} MB peak`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const whole = args.includes('--whole');
  const [first, ...rest] = args.filter((arg) => arg !== '--whole');
  if (first === '--one') {
    runCase(rest[0]!, whole);
  } else {
    const names = first === undefined ? Object.keys(CASES) : [first, ...rest];
    for (const name of names) {
      if (CASES[name] === undefined) throw new Error(`long-history-bench: no case ${name}`);
      const childArgs = [fileURLToPath(import.meta.url), '--one', name, ...(whole ? ['--whole'] : [])];
      process.stdout.write(execFileSync(process.execPath, childArgs, { encoding: 'utf8' }));
    }
  }
}
