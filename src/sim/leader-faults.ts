/**
 * Faults aimed at the leader. The simulator knows who leads from the views,
 * so a plan may cut off, crash or pause whoever leads at a moment, or whoever wins
 * the next election, the moment it wins. Random partitions rarely land so precisely,
 * yet the histories that break commit rules are built from exactly these
 * moves (Figure 8 of the Raft paper): a leader cut off right after it accepted
 * proposals keeps a suffix no one else has (clients still reach it and keep
 * proposing); its successor, cut off as it wins, keeps a newer last term and
 * nothing else; the first leader, back with the rest, wins again and
 * replicates its old-term suffix one batch at a time, while a node with a
 * newer last term that lacks it is still about.
 *
 * An isolation is a symmetric partition {leader} | {everyone else} that
 * replaces the partition in force; when it ends it heals only itself (a
 * plan's later partition has already replaced it). Client traffic is never
 * partitioned. A leader crash restarts the node after a while (a bounce, or a
 * longer outage), and is skipped when the fault mix's maxDown nodes are down
 * already. The events are plain plan data, drawn from their own stream, so
 * replay and shrinking work as for every other fault.
 */

import type { NodeId } from '../harness/api.js';
import { assert } from '../util/assert.js';
import type { RunConfig } from './config.js';
import type { OneLinkDirection } from './deposition-shapes.js';
import type { Partition } from './network.js';
import type { RandomStream } from './random.js';

export interface IsolateLeaderFault {
  at: number;
  kind: 'isolate-leader';
  /** How long the leader stays cut off from every peer. */
  durationMs: number;
  /**
   * Instead of the node leading at `at`: the next node to win an election
   * within NEXT_WINNER_WAIT_MS, cut off in the step it wins, so that none of
   * its first AppendEntries arrive.
   */
  nextWinner?: boolean;
  /**
   * For as long as the isolation lasts, the cut-off node's clock runs at
   * 1 - clockSkew and every other node's at 1 + clockSkew (within the drift
   * bound): a stalled or throttled VM beside healthy ones (leader-depositions.ts).
   */
  clockSkew?: number;
  /**
   * The leader to cut off is one that has committed an entry of its term (it
   * serves reads, leases and ReadIndex alike): a leader that has not, or an
   * election under way, makes the isolation wait for that commit, within
   * NEXT_WINNER_WAIT_MS (leader-depositions.ts).
   */
  established?: boolean;
  /**
   * The leader's own links fail (a dead switch port, a failed NIC) rather than
   * the network splitting: it stays cut off from every peer for the whole
   * durationMs, whatever partitions the plan makes or heals meanwhile.
   */
  outage?: boolean;
  /**
   * A deposition that cuts only the leader's link to one follower (the
   * `peer`-th of the others, by id; both ways, or only the leader's messages
   * to it), the others still hearing it (deposition-shapes.ts).
   */
  oneLink?: { peer: number; direction: OneLinkDirection };
  /** A deposition that also freezes the leader it cuts off, for this long from the cut (deposition-shapes.ts). */
  pauseMs?: number;
  /**
   * A deposition whose first lateMs cut only the leader's own messages: it
   * still takes in answers its peers sent before, late ones too, while the
   * rounds it sends are lost; then every link (deposition-shapes.ts).
   */
  lateMs?: number;
}

export interface CrashLeaderFault {
  at: number;
  kind: 'crash-leader';
  /** Restart the node this long after the crash landed (if still within the safety phase). */
  restartAfterMs: number;
  /**
   * Instead of the node leading at `at`: the next node to win an election
   * within NEXT_WINNER_WAIT_MS, crashed in the step it wins, once `cut`
   * effects of it are done (all of them when absent), like an aimed crash.
   */
  nextWinner?: boolean;
  cut?: number;
}

export interface PauseLeaderFault {
  at: number;
  kind: 'pause-leader';
  /** How long the leader stays frozen (a GC pause): what arrives waits, and it resumes where it was. */
  durationMs: number;
  /** Instead of the node leading at `at`: the next node to win an election within NEXT_WINNER_WAIT_MS, frozen in its winning step. */
  nextWinner?: boolean;
}

/**
 * The next node to answer a vote request within NEXT_WINNER_WAIT_MS is frozen
 * in that step: an answer sent after the step's fsync leaves only when it
 * resumes, when the candidate may have moved on to a newer round, and the
 * requests of newer rounds queue behind it.
 */
export interface PauseVoterFault {
  at: number;
  kind: 'pause-voter';
  durationMs: number;
}

/** The faults that may wait for the next election winner. */
export type WinnerFault = IsolateLeaderFault | CrashLeaderFault | PauseLeaderFault;

export type LeaderFault = WinnerFault | PauseVoterFault;

/** How long an isolation of the next winner waits for an election before it lapses. */
export const NEXT_WINNER_WAIT_MS = 1000;

/** The trace tag of an isolation's `partition` event (a planned partition's tag is its kind). */
export const LEADER_ISOLATION_TAG = 'isolate-leader';

type Shape = 'leader' | 'leader-then-winner' | 'winner';

/**
 * Leader isolations come with symmetric partitions: seeds whose fault mix has
 * none (or `--faults` leaves them out) get none. Episodes follow each other at exponential gaps: the current leader
 * cut off (briefly, a blip shorter than an election timeout, or long enough
 * for the others to elect), the next winner cut off, or both in a row (the
 * Figure 8 pair).
 */
export function drawLeaderFaults(config: RunConfig, random: RandomStream): LeaderFault[] {
  const faults: LeaderFault[] = [];
  const on = config.faults.partitionGapMs > 0 && config.faults.partitionKinds.symmetric > 0;
  const gapMs = random.range(300, 1500);
  for (let at = 1 + random.exponential(gapMs); on && at < config.safetyMs; ) {
    const shape = random.weighted<Shape>({ leader: 2, 'leader-then-winner': 2, winner: 1 });
    const leaderMs = random.chance(0.3) ? random.range(10, 100) : 50 + random.exponential(500);
    const winnerMs = 100 + random.exponential(600);
    if (shape !== 'winner') faults.push({ at, kind: 'isolate-leader', durationMs: leaderMs });
    if (shape !== 'leader') faults.push({ at, kind: 'isolate-leader', durationMs: winnerMs, nextWinner: true });
    at += (shape === 'winner' ? winnerMs : leaderMs) + 1 + random.exponential(gapMs);
  }
  faults.push(...drawLeaderCrashes(config, random));
  faults.push(...drawLeaderPauses(config, random));
  faults.push(...drawVoterPauses(config, random));
  return faults;
}

/** Voter pauses come with pauses too: a voter frozen as it answers, past the candidate's election timeout. */
function drawVoterPauses(config: RunConfig, random: RandomStream): PauseVoterFault[] {
  const faults: PauseVoterFault[] = [];
  const gapMs = random.range(400, 2000);
  for (let at = 1 + random.exponential(gapMs); config.faults.pauseGapMs > 0 && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const fault: PauseVoterFault = { at, kind: 'pause-voter', durationMs: 20 + random.exponential(300) };
    faults.push(fault);
    at += fault.durationMs;
  }
  return faults;
}

/**
 * Leader pauses come with pauses: a leader frozen past an election timeout
 * wakes up to a newer term and a backlog of requests of older rounds, and
 * acts on them in one go.
 */
function drawLeaderPauses(config: RunConfig, random: RandomStream): PauseLeaderFault[] {
  const faults: PauseLeaderFault[] = [];
  const gapMs = random.range(400, 2000);
  for (let at = 1 + random.exponential(gapMs); config.faults.pauseGapMs > 0 && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const fault: PauseLeaderFault = { at, kind: 'pause-leader', durationMs: 20 + random.exponential(400) };
    if (random.chance(0.4)) fault.nextWinner = true;
    faults.push(fault);
    at += fault.durationMs;
  }
  return faults;
}

/**
 * Leader crashes come with crashes: the leader with entries it has not
 * committed yet, or a winner before (or just after) its first AppendEntries
 * leave; half of them bounce back within an election timeout.
 */
function drawLeaderCrashes(config: RunConfig, random: RandomStream): CrashLeaderFault[] {
  const faults: CrashLeaderFault[] = [];
  const on = config.faults.crashGapMs > 0;
  const gapMs = random.range(400, 2000);
  for (let at = 1 + random.exponential(gapMs); on && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    const nextWinner = random.chance(0.4);
    const cut = random.chance(0.5) ? random.int(4) : undefined;
    const restartAfterMs = random.chance(0.5) ? random.range(1, 60) : random.range(60, 1200);
    const fault: CrashLeaderFault = { at, kind: 'crash-leader', restartAfterMs };
    if (nextWinner) {
      fault.nextWinner = true;
      if (cut !== undefined) fault.cut = cut;
    }
    faults.push(fault);
    at += restartAfterMs;
  }
  return faults;
}

export function validateLeaderFault(fault: LeaderFault): void {
  if (fault.kind === 'pause-voter') {
    assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, () => `pause-voter at ${fault.at}: durationMs must be a positive integer`);
    return;
  }
  assert(fault.nextWinner === undefined || typeof fault.nextWinner === 'boolean', () => `${fault.kind} at ${fault.at}: nextWinner must be true or false`);
  if (fault.kind === 'isolate-leader' || fault.kind === 'pause-leader') {
    assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, () => `${fault.kind} at ${fault.at}: durationMs must be a positive integer`);
    if (fault.kind === 'isolate-leader') assert(fault.clockSkew === undefined || (fault.clockSkew > 0 && fault.clockSkew < 0.5), () => `isolate-leader at ${fault.at}: clockSkew must be in (0, 0.5)`);
    if (fault.kind === 'isolate-leader') assert(fault.established === undefined || typeof fault.established === 'boolean', () => `isolate-leader at ${fault.at}: established must be true or false`);
    if (fault.kind === 'isolate-leader') assert(fault.outage === undefined || typeof fault.outage === 'boolean', () => `isolate-leader at ${fault.at}: outage must be true or false`);
    if (fault.kind === 'isolate-leader') validateDepositionShape(fault);
    return;
  }
  assert(Number.isSafeInteger(fault.restartAfterMs) && fault.restartAfterMs > 0, () => `crash-leader at ${fault.at}: restartAfterMs must be a positive integer`);
  assert(fault.cut === undefined || (Number.isSafeInteger(fault.cut) && fault.cut >= 0), () => `crash-leader at ${fault.at}: cut must be an integer >= 0`);
}

export function describeLeaderFault(fault: LeaderFault): string {
  if (fault.kind === 'pause-voter') return `t=${fault.at} pause the next node to answer a vote request, in that step, for ${fault.durationMs}ms`;
  if (fault.kind === 'pause-leader') {
    const whom = fault.nextWinner === true ? 'the next election winner in its winning step' : 'the leader';
    return `t=${fault.at} pause ${whom} for ${fault.durationMs}ms`;
  }
  if (fault.kind === 'isolate-leader') {
    const whom = fault.nextWinner === true ? 'the next election winner as it wins' : fault.established === true ? 'the leader once its term has committed' : 'the leader';
    const clocks = fault.clockSkew === undefined ? '' : `, its clock at ${round4(1 - fault.clockSkew)}x and the others' at ${round4(1 + fault.clockSkew)}x`;
    const outage = fault.outage === true ? ' (its own links fail: partitions meanwhile leave it cut off)' : '';
    const paused = fault.pauseMs === undefined ? '' : `, frozen for the first ${fault.pauseMs}ms`;
    const late = fault.lateMs === undefined ? '' : `, for the first ${fault.lateMs}ms only its own messages lost`;
    if (fault.oneLink !== undefined) {
      const how = fault.oneLink.direction === 'both' ? 'both ways' : 'its messages to it only';
      return `t=${fault.at} cut ${whom} from its ${ordinal(fault.oneLink.peer)} other node (${how}) for ${fault.durationMs}ms${clocks}`;
    }
    return `t=${fault.at} isolate ${whom} for ${fault.durationMs}ms${clocks}${paused}${late}${outage}`;
  }
  const where = fault.cut === undefined ? 'right after its winning step' : `after ${fault.cut} effect(s) of its winning step`;
  const whom = fault.nextWinner === true ? `the next election winner ${where}` : 'the leader';
  return `t=${fault.at} crash ${whom}, restart ${fault.restartAfterMs}ms later`;
}

/** The partition that cuts `leader` (and its `partners`, if any) off from every other node. */
export function isolationOf(leader: NodeId, cluster: readonly NodeId[], partners: readonly NodeId[] = []): Partition {
  const side = [leader, ...partners];
  return { kind: 'symmetric', sides: [side, cluster.filter((id) => !side.includes(id))] };
}

/**
 * The partition that cuts `leader` off from one other node only: the
 * `peer`-th of the others (modulo their number: membership may have changed
 * since the plan was drawn), or null if it is alone.
 */
export function oneLinkCut(leader: NodeId, cluster: readonly NodeId[], link: { peer: number; direction: OneLinkDirection }): Partition | null {
  const others = cluster.filter((id) => id !== leader);
  if (others.length === 0) return null;
  const follower = others[link.peer % others.length] as NodeId;
  return link.direction === 'both' ? { kind: 'symmetric', sides: [[leader], [follower]] } : { kind: 'one-way', from: [leader], to: [follower] };
}

function validateDepositionShape(fault: IsolateLeaderFault): void {
  const link = fault.oneLink;
  if (link !== undefined) {
    assert(typeof link === 'object' && link !== null && Number.isSafeInteger(link.peer) && link.peer >= 0, () => `isolate-leader at ${fault.at}: oneLink.peer must be an integer >= 0`);
    assert(link.direction === 'both' || link.direction === 'from-leader', () => `isolate-leader at ${fault.at}: oneLink.direction must be both or from-leader`);
  }
  assert(fault.lateMs === undefined || (Number.isSafeInteger(fault.lateMs) && fault.lateMs > 0), () => `isolate-leader at ${fault.at}: lateMs must be a positive integer`);
  assert(fault.pauseMs === undefined || (Number.isSafeInteger(fault.pauseMs) && fault.pauseMs > 0), () => `isolate-leader at ${fault.at}: pauseMs must be a positive integer`);
}

/** 0 -> "first", 1 -> "second", ... (the others in id order). */
function ordinal(index: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][index] ?? `${index + 1}th`;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
