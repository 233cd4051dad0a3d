/**
 * Where the swarm catches a bug: runs seeds first..last of a build with the
 * bug switched on and prints the share of seeds that fail, overall and split
 * by each dimension of the world the seed drew (profile, features, knobs, the
 * fault kinds its plan holds). The power table's "seeds to first failure" is
 * one draw of a geometric variable, so a change to the swarm's draws shows in
 * it mostly as a reshuffle; the per-seed rate, and the worlds it comes from,
 * are what such a change must raise (issue 9).
 *
 * Run: `node dist/bench/bug-worlds.js <dist> <bug[,bug...]> [first] [last]`,
 * e.g. `node dist/bench/bug-worlds.js dist two-config-changes-in-flight 1 300`;
 * two builds (a copy of dist before a change, and dist) compare their rates.
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plan, RunResult } from '../src/sim/index.js';

interface Sim {
  drawPlan(seed: number, overrides: object): Plan;
  runPlan(plan: Plan, system: unknown): RunResult;
  failureKindLabel(failure: NonNullable<RunResult['failure']>): string;
  defaultSystem: unknown;
}

type Dimension = (plan: Plan) => string;

const has = (plan: Plan, ...kinds: string[]): string => String(plan.faults.some((fault) => kinds.includes(fault.kind)));

const DIMENSIONS: Record<string, Dimension> = {
  profile: (plan) => plan.config.faults.profile,
  nodes: (plan) => String(plan.config.nodes),
  preVote: (plan) => String(plan.config.features.preVote),
  checkQuorum: (plan) => String(plan.config.features.checkQuorum),
  readMode: (plan) => plan.config.features.readMode,
  batchCap: (plan) => (plan.config.tuning.maxEntriesPerAppend <= 4 ? '<=4' : plan.config.tuning.maxEntriesPerAppend <= 16 ? '5-16' : '>16'),
  snapshots: (plan) => (plan.config.snapshotEvery >= 1_000_000 ? 'never' : plan.config.snapshotEvery > 16 ? 'rare' : 'frequent'),
  pipelined: (plan) => String(plan.config.pipelinedClients > 0),
  membership: (plan) => has(plan, 'add-node', 'remove-node'),
  transfers: (plan) => has(plan, 'transfer-leadership'),
  partitions: (plan) => has(plan, 'partition'),
  leaderIsolations: (plan) => has(plan, 'isolate-leader'),
  leaderCrashes: (plan) => has(plan, 'crash-leader'),
  pauses: (plan) => has(plan, 'pause', 'pause-leader', 'pause-voter'),
  transitions: (plan) => has(plan, 'transition-fault'),
  storage: (plan) => has(plan, 'storage'),
};

function percent(part: number, whole: number): string {
  return `${part}/${whole} (${((100 * part) / whole).toFixed(1)}%)`;
}

function report(bug: string, rows: readonly { plan: Plan; label: string | null }[]): void {
  const failed = rows.filter((row) => row.label !== null);
  const labels = new Map<string, number>();
  for (const row of failed) labels.set(row.label as string, (labels.get(row.label as string) ?? 0) + 1);
  const labelText = [...labels].map(([label, count]) => `${label} ${count}`).join(', ');
  process.stdout.write(`${bug}: ${percent(failed.length, rows.length)} of seeds fail, first seed ${failed[0]?.plan.config.seed ?? 'none'}${labelText === '' ? '' : `; ${labelText}`}\n`);
  for (const [name, dimension] of Object.entries(DIMENSIONS)) {
    const groups = new Map<string, [number, number]>();
    for (const row of rows) {
      const group = groups.get(dimension(row.plan)) ?? [0, 0];
      group[0]++;
      if (row.label !== null) group[1]++;
      groups.set(dimension(row.plan), group);
    }
    const cells = [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([value, [seeds, fails]]) => `${value} ${percent(fails, seeds)}`);
    process.stdout.write(`  ${name.padEnd(17)}${cells.join('   ')}\n`);
  }
}

async function main(): Promise<void> {
  const [dist, bugsText, firstText = '1', lastText = '200'] = process.argv.slice(2);
  const first = Number(firstText);
  const last = Number(lastText);
  if (dist === undefined || bugsText === undefined || !Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 0 || last < first) {
    process.stderr.write('usage: node dist/bench/bug-worlds.js <dist> <bug[,bug...]> [first seed] [last seed]\n');
    process.exit(2);
  }
  const sim = (await import(pathToFileURL(resolve(dist, 'src/sim/index.js')).href)) as Sim;
  for (const bug of bugsText.split(',')) {
    const rows: { plan: Plan; label: string | null }[] = [];
    for (let seed = first; seed <= last; seed++) {
      const plan = sim.drawPlan(seed, { bugs: [bug] });
      const failure = sim.runPlan(plan, sim.defaultSystem).failure;
      rows.push({ plan, label: failure === null ? null : sim.failureKindLabel(failure) });
    }
    report(bug, rows);
  }
}

await main();
