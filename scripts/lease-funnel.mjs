// Where depositions (src/sim/leader-depositions.ts) lose their power to catch a lease that outlasts the
// followers' election timers (bug lease-of-own-election-timeout, or any bug that answers reads at a deposed
// leader): for each deposition a lease seed's plan holds, whether it struck, whether the cut-off leader's lease
// outlasted the timer of the follower that completes a majority (read from the nodes at the strike: lease
// ticks left against timer ticks left, clocks ignored), whether that majority sent a newer term within the
// deposition, and whether the run failed there. Every seed is read by lease (the plan's read mode is replaced),
// so a world is judged on three times the seeds. Worlds: quiet (quiet-worlds.ts) or the drawn profile.
// Usage: node scripts/lease-funnel.mjs [FIRST LAST] [DIST] [BUG] (after npm run build).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const first = Number(process.argv[2] ?? 1);
const last = Number(process.argv[3] ?? 300);
const dist = resolve(process.argv[4] ?? 'dist');
const bug = process.argv[5] ?? 'lease-of-own-election-timeout';
const { drawPlan, runPlan, defaultSystem } = await import(pathToFileURL(`${dist}/src/sim/index.js`).href);

// Each node's timers and lease after every step it takes, to read them at a strike.
let steps = new Map();
const system = {
  ...defaultSystem,
  factory: {
    ...defaultSystem.factory,
    start(options, files, now) {
      const node = defaultSystem.factory.start(options, files, now);
      const step = node.step.bind(node);
      node.step = (input, at) => {
        const effects = step(input, at);
        if (!steps.has(options.id)) steps.set(options.id, []);
        steps.get(options.id).push({ at, role: node.role, timeout: node.electionTimeout, elapsed: node.electionElapsed, ticks: node.ticks, leaseStart: node.reads.leaseStart, cluster: node.cluster });
        return effects;
      };
      return node;
    },
  },
};
const stateAt = (id, time) => (steps.get(id) ?? []).findLast((entry) => entry.at <= time) ?? null;

const stages = ['seeds', 'seeds caught', 'planned', 'struck', 'lease outlasts a majority timer', 'majority moved on in the deposition', 'caught there'];
const totals = new Map();
const count = (world, stage) => {
  const row = totals.get(world) ?? Object.fromEntries(stages.map((name) => [name, 0]));
  row[stage] += 1;
  totals.set(world, row);
};

for (let seed = first; seed <= last; seed++) {
  const plan = drawPlan(seed, { bugs: [bug] });
  plan.config.features.readMode = 'lease';
  const depositions = plan.faults.filter((fault) => fault.kind === 'isolate-leader' && fault.established === true);
  if (depositions.length === 0) continue;
  steps = new Map();
  const result = runPlan(plan, system, { keepTrace: true });
  const trace = result.trace;
  const world = plan.config.faults.quiet === true ? 'quiet' : plan.config.faults.profile;
  count(world, 'seeds');
  if (result.failure !== null) count(world, 'seeds caught');
  for (const deposition of depositions) {
    count(world, 'planned');
    const struck = trace.find((e) => e.kind === 'partition' && e.tag === 'isolate-leader' && e.time >= deposition.at && e.detail.includes(`for ${deposition.durationMs}ms`));
    if (struck === undefined) continue;
    count(world, 'struck');
    const [, leaderText, termText] = /leader n(\d+) \(term (\d+)\)/.exec(struck.detail);
    const leader = stateAt(Number(leaderText), struck.time);
    const end = struck.time + deposition.durationMs;
    const voters = leader?.cluster ?? [];
    const followers = voters.filter((id) => id !== Number(leaderText)).map((id) => stateAt(id, struck.time)).filter((state) => state !== null && state.role !== 'leader');
    const timersLeft = followers.map((state) => state.timeout - state.elapsed).sort((a, b) => a - b);
    // The leader's vote and the followers' first (voters.length - 1) / 2 timers make a majority.
    const majorityTimer = timersLeft[Math.floor(voters.length / 2) - 1];
    const leaseLeft = leader?.leaseStart === null || leader === null ? null : leader.leaseStart + leader.timeout - leader.ticks;
    if (leaseLeft !== null && majorityTimer !== undefined && leaseLeft > majorityTimer) count(world, 'lease outlasts a majority timer');
    // The oracle's moment: a majority of the voters sent a term above the cut-off leader's.
    const moved = new Set();
    for (const e of trace) {
      if (e.time < struck.time || e.time > end || e.kind !== 'send' || e.node === Number(leaderText)) continue;
      const term = /^n\d+->n\d+ \w+ t(\d+)/.exec(e.detail);
      if (term !== null && Number(term[1]) > Number(termText)) moved.add(e.node);
    }
    if (moved.size >= Math.floor(voters.length / 2) + 1) count(world, 'majority moved on in the deposition');
    if (trace.some((e) => e.kind === 'violation' && e.time >= struck.time && e.time <= end)) count(world, 'caught there');
  }
}

for (const [world, row] of [...totals].sort()) console.log(`${world.padEnd(10)} ${stages.map((stage) => `${stage} ${row[stage]}`).join(', ')}`);
