#!/usr/bin/env node
// Proof 1 of the exec protocol over a range of seeds, and its speed:
//
//   node examples/exec-same-hashes.mjs 1 100 [exec:CMD]
//
// runs each seed in-process and through the exec adapter (default: our Raft
// in examples/exec-raft-node.mjs), compares the trace hashes, failures and
// histories, and prints the exec runs' seeds per second of wall time and per
// CPU second (the harness's CPU plus its node processes', read from /proc on
// Linux), so that a loaded machine can be told from a slow protocol.
// Run `npm run build` first.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadSystem } from '../dist/src/harness/system-module.js';
import { defaultSystem } from '../dist/src/sim/default-system.js';
import { runSeed } from '../dist/src/sim/run.js';

const first = Number(process.argv[2] ?? 1);
const last = Number(process.argv[3] ?? 100);
const spec = process.argv[4] ?? `exec:node ${new URL('exec-raft-node.mjs', import.meta.url).pathname}`;
const system = await loadSystem(spec);

/** CPU ms of the live child processes of this process, and of those already reaped (Linux /proc; 0 elsewhere). */
function childrenCpuMs() {
  const fields = (stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tickMs = 10; // USER_HZ is 100 on Linux
  try {
    const self = fields(readFileSync('/proc/self/stat', 'utf8'));
    let ticks = Number(self[13]) + Number(self[14]); // cutime + cstime
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fields(readFileSync(`/proc/${entry}/stat`, 'utf8'));
        if (Number(stat[1]) === process.pid) ticks += Number(stat[11]) + Number(stat[12]); // utime + stime
      } catch {
        // gone meanwhile
      }
    }
    return ticks * tickMs;
  } catch {
    return 0;
  }
}

let execMs = 0;
let execCpuMs = 0;
let nodesCpuMs = 0;
const mismatches = [];
for (let seed = first; seed <= last; seed++) {
  const inProcess = runSeed(seed, {}, defaultSystem);
  const cpuBefore = process.cpuUsage();
  const childrenBefore = childrenCpuMs();
  const started = performance.now();
  const exec = runSeed(seed, {}, system);
  execMs += performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  execCpuMs += (cpu.user + cpu.system) / 1000;
  nodesCpuMs += childrenCpuMs() - childrenBefore;
  const same =
    exec.traceHash === inProcess.traceHash &&
    (exec.failure === null) === (inProcess.failure === null) &&
    (exec.failure === null || exec.failure.invariant === inProcess.failure.invariant) &&
    JSON.stringify(exec.history.operations) === JSON.stringify(inProcess.history.operations);
  if (!same) mismatches.push(seed);
  process.stdout.write(`seed ${seed}: ${exec.traceHash} ${same ? 'same' : `DIFFERENT (in-process ${inProcess.traceHash})`}\n`);
}
const seeds = last - first + 1;
console.log(`${seeds - mismatches.length}/${seeds} seeds give the same trace hash${mismatches.length > 0 ? `; different: ${mismatches.join(', ')}` : ''}`);
const cpuMs = execCpuMs + nodesCpuMs;
console.log(`exec runs: ${(seeds / (execMs / 1000)).toFixed(1)} seeds/s wall (${(execMs / seeds).toFixed(0)} ms per seed, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')})`);
console.log(`CPU per seed: ${(execCpuMs / seeds).toFixed(0)} ms harness + ${(nodesCpuMs / seeds).toFixed(0)} ms node processes: ${(seeds / (cpuMs / 1000)).toFixed(1)} seeds per CPU second`);
process.exitCode = mismatches.length === 0 ? 0 : 1;
