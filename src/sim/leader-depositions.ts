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
 * the plan, in seeds of every faulty profile (depositionsFit) and in quiet
 * worlds (quiet-worlds.ts: drawn calm seeds, as many as fit); plain plan
 * data, so shrinking and replay work as for every other fault. Until round 8
 * only seeds with symmetric partitions had them: the partitions, mixed and
 * brutal profiles, whose chaos (leader faults, transition faults, crashes of
 * every winner) leaves few established leaders to depose and fewer calm
 * elections after; the lossy and crashes worlds elect at once.
 *
 * The leader cut off is an established one, whose term has committed an
 * entry: only such a leader serves reads without the log, so a deposition
 * that found an election under way, or cut off a winner before its first
 * commit, would test no read path (the isolation waits for that commit, for
 * as long as the safety phase lasts: in chaotic worlds such a leader may come
 * seconds later; giving up after a second, as until round 8, 35 of the 64
 * depositions of lease seeds 1..300 never struck, and waiting on, 6 of them do).
 *
 * When. A leader's lease (src/raft/lease.ts) runs from the send of its newest
 * round a majority answered, while the followers restart their election
 * timers at every heartbeat they receive; a leader cut off at a random moment
 * has usually sent a round more than the one its lease runs from, so the
 * followers start counting a heartbeat interval after it, and a lease that
 * is too long hides inside that interval. Cut off right after it hears back
 * from a follower (its lease just renewed), the leader and the followers
 * count from the same round: the race every lease must win. So an
 * established leader is cut off at its first step that takes in a peer's
 * message, waiting at most RENEWAL_WAIT_MS for it (a leader that hears from
 * nobody for that long is not leading anyone).
 *
 * Shapes. A seed that reads by lease gets one more deposition after its
 * plain ones, shaped to reach what a plain isolation cannot: a cut of one
 * link only, the leader frozen while cut off, late answers before the cut
 * (deposition-shapes.ts).
 *
 * Clocks. A leader that stops answering is often one whose VM is stalled or
 * throttled, and its clock then lags the healthy majority's. With drifting
 * clocks, half the depositions (a stream of their own) run the cut-off node's
 * clock as slow as the drift bound allows and every other clock as fast, for
 * as long as the isolation lasts: the worst case a lease must survive (the
 * old leader counts its lease slowly while the followers' timers run out
 * early), reached only by chance when drift bursts are independent.
 */

import type { FaultMix, RunConfig } from './config.js';
import { drawShape, PLAIN_SHAPE } from './deposition-shapes.js';
import type { IsolateLeaderFault } from './leader-faults.js';
import type { FaultEvent } from './plan.js';
import type { RandomStream } from './random.js';

/** Time for the votes and a first commit on the majority side, past the longest election timeout. */
const ELECTION_ROUNDS_MS = 100;

/** How long a deposition waits for the established leader to hear back from a follower (several heartbeat intervals). */
export const RENEWAL_WAIT_MS = 200;

/** How long a deposition waits for an established leader: as long as the safety phase lasts. */
export const ESTABLISHED_WAIT_MS = Number.POSITIVE_INFINITY;

/** Share of the eligible seeds that get depositions. */
const DEPOSITION_SEEDS = 0.8;

/** Share of the depositions, with drifting clocks, that skew them. */
const SKEWED_DEPOSITIONS = 0.5;

/**
 * Depositions for `config`, in the quiet stretches of `faults` (the plan so far), and one shaped
 * deposition after them, with the storm that leads into it if its shape has one (deposition-shapes.ts);
 * `clocks` draws which skew the clocks, `shapes` the shaped one.
 */
export function drawDepositions(config: RunConfig, faults: readonly FaultEvent[], random: RandomStream, clocks: RandomStream, shapes: RandomStream): FaultEvent[] {
  // A quiet world has them always: they are its faults (quiet-worlds.ts).
  const on = (random.chance(DEPOSITION_SEEDS) || config.faults.quiet === true) && depositionsFit(config.faults);
  const wanted = random.range(1, 4);
  const tailMs = random.range(100, 600);
  const roomMs = depositionRoomMs(config);
  const depositions: IsolateLeaderFault[] = [];
  let used = -1;
  if (!on) return depositions;
  // A quiet world is one stretch free of partitions, its depositions its faults: as many as fit, one per
  // slice as long as a deposition with its mean tail (each waits for an established leader after the last;
  // slices of twice the least length caught 24 of calm seeds 301..2000, these 29).
  const quiet = config.faults.quiet === true;
  const stretches = quiet ? slices(config.safetyMs, roomMs + tailMs) : quietStretches(faults, config.safetyMs);
  const most = quiet ? stretches.length : wanted;
  for (const [index, stretch] of stretches.entries()) {
    if (depositions.length >= most) break;
    const spareMs = stretch.end - stretch.start - roomMs;
    if (spareMs <= 0) continue;
    const durationMs = roomMs + Math.min(spareMs, Math.round(random.exponential(tailMs)));
    const at = stretch.start + random.int(stretch.end - stretch.start - durationMs + 1);
    const skewed = clocks.chance(SKEWED_DEPOSITIONS) && config.clocks.maxDrift > 0;
    depositions.push(skewed ? { at, kind: 'isolate-leader', durationMs, established: true, clockSkew: config.clocks.maxDrift } : { at, kind: 'isolate-leader', durationMs, established: true });
    used = index;
  }
  return [...depositions, ...shapedAfter(config, depositions, stretches[used], stretches.slice(used + 1), { roomMs, tailMs }, shapes)];
}

/**
 * One shaped deposition (and its lead-in storm) in the first stretch left after the plain ones that
 * has room for it, if any: after them, so that the run up to its strike is the one the plain schedule
 * drew and whatever they find is found as before. A quiet world's slices are all taken: its last
 * deposition takes the shape instead, lengthened and moved earlier in its slice if the shape needs it.
 */
function shapedAfter(config: RunConfig, plain: IsolateLeaderFault[], lastStretch: Stretch | undefined, stretches: readonly Stretch[], lengths: { roomMs: number; tailMs: number }, random: RandomStream): FaultEvent[] {
  const shape = drawShape(config, lengths.roomMs, random);
  if (shape === PLAIN_SHAPE) return [];
  const leastMs = lengths.roomMs + shape.extraMs;
  const last = plain[plain.length - 1];
  if (config.faults.quiet === true) {
    if (last === undefined || lastStretch === undefined || leastMs > lastStretch.end - lastStretch.start) return [];
    if (last.durationMs < leastMs) {
      last.durationMs = leastMs;
      last.at = Math.min(last.at, lastStretch.end - leastMs);
    }
    return shape.give(last);
  }
  // In a stretch free of partitions if one is left, else anywhere after the plain ones (the deposition
  // guard keeps it whole against the partitions and heals of its first part).
  const free = stretches.find((candidate) => candidate.end - candidate.start > leastMs);
  const start = last === undefined ? 1 : last.at + last.durationMs;
  const stretch = free ?? { start, end: config.safetyMs };
  if (stretch.end - stretch.start <= leastMs) return [];
  const durationMs = leastMs + Math.min(stretch.end - stretch.start - leastMs, random.exponential(lengths.tailMs));
  const at = stretch.start + random.int(stretch.end - stretch.start - durationMs + 1);
  const deposition: IsolateLeaderFault = { at, kind: 'isolate-leader', durationMs, established: true };
  return [deposition, ...shape.give(deposition)];
}

/**
 * Whether a world has depositions: every faulty profile (a leader stalled or
 * cut off is no partition-only fault: a throttled VM, a full disk, a lossy
 * link to the majority) and quiet world, and a --faults choice only if it
 * names symmetric partitions (the user asked for the faults it names, and no
 * others).
 */
function depositionsFit(faults: FaultMix): boolean {
  if (faults.selection !== undefined) return faults.partitionGapMs > 0 && faults.partitionKinds.symmetric > 0;
  return faults.profile !== 'calm' || faults.quiet === true;
}

/** The least a deposition lasts: the seed's longest election timeout on the slowest clock, and the votes and a commit after it. */
export function depositionRoomMs(config: RunConfig): number {
  const electionMs = (config.tuning.electionTimeoutMaxTicks * config.tickMs) / (1 - config.clocks.maxDrift);
  return Math.ceil(electionMs) + ELECTION_ROUNDS_MS;
}

/** A stretch of the safety phase: [start, end) in ms. */
interface Stretch {
  start: number;
  end: number;
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

/** The safety phase in equal slices of at least `sliceMs` (one at least). */
function slices(safetyMs: number, sliceMs: number): { start: number; end: number }[] {
  const count = Math.max(1, Math.floor((safetyMs - 1) / sliceMs));
  const length = Math.floor((safetyMs - 1) / count);
  return Array.from({ length: count }, (_, index) => ({ start: 1 + index * length, end: 1 + (index + 1) * length }));
}

/** Whether `fault` is a deposition (an isolation that waits for an established leader). */
export function isDeposition(fault: FaultEvent): boolean {
  return fault.kind === 'isolate-leader' && fault.established === true;
}
