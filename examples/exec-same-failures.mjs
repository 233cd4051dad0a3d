#!/usr/bin/env node
// Proof 1 of the exec protocol for failures: each catalogued bug at the seed
// that first caught it (test/bugs/power-witnesses.ts), run in-process and
// through the exec adapter (default: our Raft in examples/exec-raft-node.mjs),
// must fail with the same invariant and give the same trace hash. Every
// oracle in-process must reach a node in a subprocess too: the promises of
// its messages, ghost recoveries, features, a leader's progress.
//
//   node examples/exec-same-failures.mjs [exec:CMD]
//
// Run `npm run build` first.
import { readFileSync } from 'node:fs';
import { loadSystem } from '../dist/src/harness/system-module.js';
import { defaultSystem } from '../dist/src/sim/default-system.js';
import { runSeed } from '../dist/src/sim/run.js';

const spec = process.argv[2] ?? `exec:node ${new URL('exec-raft-node.mjs', import.meta.url).pathname}`;
const exec = await loadSystem(spec);
const witnessFile = readFileSync(new URL('../test/bugs/power-witnesses.ts', import.meta.url), 'utf8');
const witnesses = [...witnessFile.matchAll(/'([a-z0-9-]+)': (\d+),/g)].map((match) => [match[1], Number(match[2])]);
const verdict = (result) => (result.failure === null ? 'pass' : `${result.failure.kind}:${result.failure.invariant}`);

let same = 0;
for (const [bug, seed] of witnesses) {
  const inProcess = runSeed(seed, { bugs: [bug] }, defaultSystem);
  const throughExec = runSeed(seed, { bugs: [bug] }, exec);
  const agree = inProcess.traceHash === throughExec.traceHash && verdict(inProcess) === verdict(throughExec);
  if (agree) same++;
  console.log(`${agree ? 'same' : 'DIFF'} ${bug} seed ${seed}: ${verdict(inProcess)}${agree ? '' : `, through exec ${verdict(throughExec)}`}`);
}
console.log(`${same}/${witnesses.length} catalogued bugs fail the same way through exec`);
process.exit(same === witnesses.length ? 0 : 1);
