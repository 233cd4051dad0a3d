/**
 * Depositions: a leader cut off for long enough that the others elect a new
 * leader and commit through it, while clients that still reach the old one
 * keep asking it (raft-bugs.md #16: "partition isolates the leader with a
 * minority; majority elects a new leader and commits writes; client reads
 * from the old leader"). Every read path that must confirm leadership (a
 * ReadIndex round, a lease bounded by the election timeout and the clocks'
 * drift) is judged by what the old leader answers then.
 *
 * The leader faults of leader-faults.ts are mostly shorter than an election,
 * and a planned partition or heal replaces an isolation in force; so a
 * deposition is an `isolate-leader` event placed in a quiet stretch of the
 * plan's partition schedule, lasting at least the seed's longest election
 * timeout on the slowest clock and a few round trips (time for a vote and a
 * commit), and less than the stretch. Drawn from a stream of its own after the rest of
 * the plan, only in seeds whose faults include symmetric partitions; plain
 * plan data, so shrinking and replay work as for every other fault.
 *
 * The leader cut off is an established one, whose term has committed an
 * entry: only such a leader serves reads without the log, so a deposition
 * that found an election under way, or cut off a winner before its first
 * commit, would test no read path (the isolation waits for that commit).
 *
 * Clocks. A leader that stops answering is often one whose VM is stalled or
 * throttled, and its clock then lags the healthy majority's. With drifting
 * clocks, half the depositions (a stream of their own) run the cut-off node's
 * clock as slow as the drift bound allows and every other clock as fast, for
 * as long as the isolation lasts: the worst case a lease must survive (the
 * old leader counts its lease slowly while the followers' timers run out
 * early), reached only by chance when drift bursts are independent.
 */

import type { RunConfig } from './config.js';
import type { IsolateLeaderFault } from './leader-faults.js';
import type { FaultEvent } from './plan.js';
import type { RandomStream } from './random.js';

/** Time for the votes and a first commit on the majority side, past the longest election timeout. */
const ELECTION_ROUNDS_MS = 100;

/** Share of the eligible seeds that get depositions. */
const DEPOSITION_SEEDS = 0.8;

/** Share of the depositions, with drifting clocks, that skew them. */
const SKEWED_DEPOSITIONS = 0.5;

/** Depositions for `config`, in the quiet stretches of `faults` (the plan so far); `clocks` draws which skew the clocks. */
export function drawDepositions(config: RunConfig, faults: readonly FaultEvent[], random: RandomStream, clocks: RandomStream): IsolateLeaderFault[] {
  const on = random.chance(DEPOSITION_SEEDS) && config.faults.partitionGapMs > 0 && config.faults.partitionKinds.symmetric > 0;
  const wanted = random.range(1, 4);
  const tailMs = random.range(100, 600);
  const electionMs = (config.tuning.electionTimeoutMaxTicks * config.tickMs) / (1 - config.clocks.maxDrift);
  const roomMs = Math.ceil(electionMs) + ELECTION_ROUNDS_MS;
  const depositions: IsolateLeaderFault[] = [];
  if (!on) return depositions;
  for (const stretch of quietStretches(faults, config.safetyMs)) {
    if (depositions.length >= wanted) break;
    const spareMs = stretch.end - stretch.start - roomMs;
    if (spareMs <= 0) continue;
    const durationMs = roomMs + Math.min(spareMs, Math.round(random.exponential(tailMs)));
    const at = stretch.start + random.int(stretch.end - stretch.start - durationMs + 1);
    const skewed = clocks.chance(SKEWED_DEPOSITIONS) && config.clocks.maxDrift > 0;
    depositions.push(skewed ? { at, kind: 'isolate-leader', durationMs, established: true, clockSkew: config.clocks.maxDrift } : { at, kind: 'isolate-leader', durationMs, established: true });
  }
  return depositions;
}

/** The stretches of the safety phase with no planned partition in force or starting. */
function quietStretches(faults: readonly FaultEvent[], safetyMs: number): { start: number; end: number }[] {
  const stretches: { start: number; end: number }[] = [];
  let start: number | null = 1;
  for (const fault of faults) {
    if (fault.kind === 'heal') {
      start ??= fault.at + 1;
      continue;
    }
    if (fault.kind !== 'partition') continue;
    if (start !== null && fault.at > start) stretches.push({ start, end: fault.at });
    start = null;
  }
  if (start !== null && safetyMs > start) stretches.push({ start, end: safetyMs });
  return stretches;
}
