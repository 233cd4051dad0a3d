// Simulated latency of get (and write) operations per read mode, over calm seeds:
// the read-mode table of docs/reads-and-clocks.md. Usage: node scripts/read-latency.mjs [FIRST LAST] (after npm run build).
import { drawPlan } from '../dist/src/sim/plan.js';
import { runPlan } from '../dist/src/sim/run.js';
import { defaultSystem } from '../dist/src/sim/default-system.js';

const [first, last] = process.argv.length >= 4 ? [Number(process.argv[2]), Number(process.argv[3])] : [1, 300];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
for (const readMode of ['log', 'read-index', 'lease']) {
  const latency = { get: [], write: [] };
  let messages = 0;
  for (let seed = first; seed <= last; seed++) {
    const plan = drawPlan(seed, { profile: 'calm' });
    plan.config.features = { ...plan.config.features, readMode };
    const result = runPlan(plan, defaultSystem);
    if (result.failure !== null) throw new Error(`seed ${seed} (${readMode}) failed: ${result.failure.message}`);
    messages += result.stats.messages.sent;
    for (const op of result.history.operations) {
      if (op.return === null) continue;
      latency[op.input.op === 'get' ? 'get' : 'write'].push(op.return - op.call);
    }
  }
  const line = [readMode];
  for (const kind of ['get', 'write']) {
    const sorted = latency[kind].sort((a, b) => a - b);
    line.push(`${kind} median ${percentile(sorted, 0.5)}ms p99 ${percentile(sorted, 0.99)}ms (${sorted.length} ops)`);
  }
  line.push(`${messages} peer messages`);
  console.log(line.join(' | '));
}
