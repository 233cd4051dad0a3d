/**
 * Where a default seed's time goes, by kind of event: how many events of each
 * kind the simulation dispatches and what handling them costs (wall time of
 * the dispatch, everything it leads to included: the node's step, the judges,
 * the effects). A speed change cannot change the events (they are part of the
 * stats), only what each costs; this says which kinds are worth a look.
 *
 * Run: `node dist/bench/sim-event-costs.js [seeds]` (seeds 1..n run twice: the
 * first pass warms the JIT, the second is timed).
 */

import { defaultSystem, runSeed } from '../src/sim/index.js';
import { Simulation } from '../src/sim/simulation.js';
import type { SimEvent } from '../src/sim/sim-events.js';

interface KindCost {
  events: number;
  nanos: number;
}

type Dispatch = (this: Simulation, event: SimEvent) => void;

function kindOf(event: SimEvent): string {
  return event.kind === 'message' ? `message ${event.tag}` : event.kind;
}

function main(): void {
  const seeds = Number(process.argv[2] ?? '150');
  if (!Number.isSafeInteger(seeds) || seeds < 1) {
    process.stderr.write('usage: node dist/bench/sim-event-costs.js [seeds >= 1]\n');
    process.exit(2);
  }
  // The dispatch is private to the simulation: timed from outside by wrapping it on the prototype.
  const prototype = Simulation.prototype as unknown as { handle: Dispatch };
  const dispatch = prototype.handle;
  const costs = new Map<string, KindCost>();
  let timing = false;
  prototype.handle = function (this: Simulation, event: SimEvent): void {
    if (!timing) return dispatch.call(this, event);
    const started = process.hrtime.bigint();
    try {
      dispatch.call(this, event);
    } finally {
      const kind = kindOf(event);
      const cost = costs.get(kind) ?? { events: 0, nanos: 0 };
      cost.events++;
      cost.nanos += Number(process.hrtime.bigint() - started);
      costs.set(kind, cost);
    }
  };
  for (let seed = 1; seed <= seeds; seed++) runSeed(seed, {}, defaultSystem);
  timing = true;
  const started = process.hrtime.bigint();
  for (let seed = 1; seed <= seeds; seed++) runSeed(seed, {}, defaultSystem);
  const totalNanos = Number(process.hrtime.bigint() - started);
  const events = [...costs.values()].reduce((sum, cost) => sum + cost.events, 0);
  process.stdout.write(`seeds 1..${seeds}: ${events} events, ${(totalNanos / 1e6).toFixed(0)} ms (wall, timing included)\n`);
  process.stdout.write('  events   share  time   us/event  kind\n');
  for (const [kind, cost] of [...costs].sort((a, b) => b[1].nanos - a[1].nanos)) {
    const share = ((100 * cost.events) / events).toFixed(1).padStart(5);
    const time = ((100 * cost.nanos) / totalNanos).toFixed(1).padStart(5);
    process.stdout.write(`${String(cost.events).padStart(8)}  ${share}%  ${time}%  ${(cost.nanos / cost.events / 1000).toFixed(1).padStart(8)}  ${kind}\n`);
  }
}

main();
