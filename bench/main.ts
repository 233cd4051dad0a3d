/**
 * `npm run bench`: every speed figure the project promises, measured here and
 * now (wall-clock numbers depend on the machine; the header says which).
 *   1. the simulator: events/s, seeds/s for default seeds, simulated/wall time;
 *   2. sweeps: seeds/s on 1 worker and on all cores;
 *   3. the checker: Porcupine's own test data, beside Porcupine's Go timings;
 *   4. the checker on Knossos's cas-register histories (EDN): time per verdict.
 */

import { availableParallelism, cpus, loadavg } from 'node:os';
import { runCheckerBench } from './checker-bench.js';
import { runKnossosBench } from './knossos-bench.js';
import { runSimBench } from './sim-bench.js';
import { runSweepBench } from './sweep-bench.js';

const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  `raft-check bench on ${cpu}, ${availableParallelism()} cores, Node ${process.version}, load ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}\n\n`,
);
runSimBench();
process.stdout.write('\n');
await runSweepBench(Number(process.env['BENCH_SWEEP_SEEDS'] ?? 1000));
process.stdout.write('\n');
runCheckerBench();
process.stdout.write('\n');
runKnossosBench();
