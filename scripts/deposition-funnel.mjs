// Where depositions (src/sim/leader-depositions.ts) lose their power to catch stale reads: for each
// deposition a seed's plan holds, whether it struck, ran its full length, saw the majority elect a
// new leader, saw a client's operation complete on the majority side after that, and saw a read
// sent to the old leader after it (the schedule every stale-read bug needs). Run it with a bug that
// answers such reads (stale-local-read), or readers that wait on the old leader leave it at their
// request timeout. Usage: node scripts/deposition-funnel.mjs [FIRST LAST] [DIST] [BUG] (after npm run build).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const first = Number(process.argv[2] ?? 1);
const last = Number(process.argv[3] ?? 300);
const dist = resolve(process.argv[4] ?? 'dist');
const bugs = process.argv[5] === undefined ? [] : [process.argv[5]];
const { drawPlan, runPlan, defaultSystem } = await import(pathToFileURL(`${dist}/src/sim/index.js`).href);

const stages = ['planned', 'struck', 'full length', 'new leader', 'op on the new side', 'read at the old leader after it'];
const totals = new Map();
const count = (profile, stage) => {
  const row = totals.get(profile) ?? Object.fromEntries(stages.map((name) => [name, 0]));
  row[stage] += 1;
  totals.set(profile, row);
};

for (let seed = first; seed <= last; seed++) {
  const plan = drawPlan(seed, { bugs });
  const depositions = plan.faults.filter((fault) => fault.kind === 'isolate-leader' && fault.established === true);
  if (depositions.length === 0) continue;
  const trace = runPlan(plan, defaultSystem, { keepTrace: true }).trace;
  const profile = plan.config.faults.profile;
  for (const deposition of depositions) {
    count(profile, 'planned');
    // The isolation's trace line names its length; an established one may strike after its planned time.
    const struck = trace.find((e) => e.kind === 'partition' && e.tag === 'isolate-leader' && e.time >= deposition.at && e.detail.includes(`for ${deposition.durationMs}ms`));
    if (struck === undefined) continue;
    count(profile, 'struck');
    const old = Number(/leader n(\d+)/.exec(struck.detail)[1]);
    const next = trace.find((e) => e.time > struck.time && (e.kind === 'partition' || e.kind === 'heal'));
    const end = Math.min(next?.time ?? Infinity, struck.time + deposition.durationMs);
    if (end === struck.time + deposition.durationMs) count(profile, 'full length');
    let won = null;
    let newSideOp = null;
    let readAfter = false;
    for (const e of trace) {
      if (e.time < struck.time || e.time > end) continue;
      if (won === null && e.kind === 'role' && e.node !== old && e.detail.includes('-> leader')) won = e.time;
      if (newSideOp !== null && e.tag === 'call' && e.peer === old && e.detail.includes('"get"')) readAfter = true;
      if (e.tag === 'return' && e.peer !== old && won !== null && newSideOp === null) newSideOp = e.time;
    }
    if (won !== null) count(profile, 'new leader');
    if (newSideOp !== null) count(profile, 'op on the new side');
    if (readAfter) count(profile, 'read at the old leader after it');
  }
}

for (const [profile, row] of [...totals].sort()) console.log(`${profile.padEnd(10)} ${stages.map((stage) => `${stage} ${row[stage]}`).join(', ')}`);
