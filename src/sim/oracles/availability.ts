/**
 * The availability oracle: while a majority is calm (calm-majority.ts), the
 * cluster must behave like a working Raft, in the safety phase as much as in
 * the liveness phase. A calm window starts whenever the calm majority
 * changes (a node crashes, restarts, pauses, resumes, a partition starts or
 * heals, a burst starts or ends) and lasts while it stays the same. In a
 * window, with W the window length of `availabilityBounds`:
 *
 * - Leader: there is never a stretch longer than W without a leader followed
 *   by a majority (a leader, and a majority of running nodes in its term that
 *   are not candidates). W grows when message loss makes an election round
 *   unlikely to gather its votes (vote-chance.ts): a calm bare majority on a
 *   lossy network needs every grant to arrive.
 * - Answer: the oldest client operation that reached that leader and is
 *   still unanswered gets its answer (an ok reply leaves the leader) within
 *   `answerMs` of becoming the oldest or of the cluster's last progress (a
 *   commit index or a follower's log growing on a calm member), unless the
 *   leader loses the majority or the window ends first. This tells a stall
 *   from a backlog: a leader that works through hundreds of queued proposals
 *   (a pipelined client) or repairs a follower 80 entries behind with a batch
 *   cap of 1 keeps making progress, while one that drops or forgets an
 *   operation, or stops replicating, leaves it waiting. Judged at the node, not at the client, so client-side drops and
 *   retries never count against the cluster.
 * - Rare elections: after the window's first W (in which the majority may
 *   still be settling: a rejoining node's higher term deposes the leader once),
 *   no W-long span holds more than `maxElectionsPerSpan` elections.
 *
 * The oracle only observes: it draws no randomness and schedules nothing, so
 * runs that pass it are event for event the runs they were without it.
 */

import type { Operation } from '@raft-check/checker';
import type { NodeId, NodeTuning, Role } from '../../harness/api.js';
import type { AvailabilityStats, TimeSpan } from '../result.js';
import { calmMajority, majorityOf, type NetworkProbe } from './calm-majority.js';
import { behind, type LastLog, leaderlessBoundMs, logRoundChance, SPLIT_CHANCE, splitChance, voteRoundChance } from './vote-chance.js';

/** What the oracle reads of the world: the network, and each up node's last observed role and term. */
export interface ClusterProbe extends NetworkProbe {
  /**
   * Running and unpaused, whether or not it may vote: a node whose damaged
   * storage is being repaired is not `isUp` (it cannot help elect), yet it
   * still answers the leader's messages.
   */
  isRunning(node: NodeId): boolean;
  role(node: NodeId): Role;
  term(node: NodeId): number;
  /** The share of peer messages the network loses outside bursts (a burst leaves no majority calm). */
  dropRate(): number;
  /**
   * The node's last log entry (null when down). Optional: without it every calm
   * member is taken to be electable.
   */
  lastLog?(node: NodeId): LastLog | null;
  /** Ticks due that `node` has not stepped on yet, stuck behind its inbox (node-host.ts). Optional: without it no node is taken to starve. */
  ticksWaiting?(node: NodeId): number;
}

export interface AvailabilityBounds {
  /** W: how long a calm majority may go without a followed leader. */
  windowMs: number;
  /** How long an operation that reached the followed leader may wait for its answer. */
  answerMs: number;
  /** Most elections in any W-long span of a calm window, after its first W. */
  maxElectionsPerSpan: number;
  /**
   * Ticks a node may miss behind a backlog before its silence can outlast a follower's
   * election timeout: a leader sends a heartbeat at most every heartbeatTicks, so a wait
   * of electionTimeoutMin - heartbeat ticks (one less for the tick grid) may already do.
   */
  starvedTicks: number;
  /**
   * A vote request's flight (the candidate's fsync and a network delay) and the spread of election timeouts:
   * how often a round splits (vote-chance.ts, `splitChance`). Without them a round splits as often as W was measured with.
   */
  flightMs?: number;
  spreadMs?: number;
}

/**
 * W is WINDOW_TIMEOUTS maximum election timeouts. See docs/availability-and-promises.md ("The
 * availability oracle") for the measurements behind the three numbers.
 */
export const WINDOW_TIMEOUTS = 5;
export const MAX_CALM_ELECTIONS_PER_SPAN = 3;

export function availabilityBounds(tuning: NodeTuning, tickMs: number, flightMs = 0): AvailabilityBounds {
  const windowMs = WINDOW_TIMEOUTS * tuning.electionTimeoutMaxTicks * tickMs;
  const starvedTicks = Math.max(1, tuning.electionTimeoutMinTicks - tuning.heartbeatTicks - 1);
  const spreadMs = (tuning.electionTimeoutMaxTicks - tuning.electionTimeoutMinTicks) * tickMs;
  return { windowMs, answerMs: windowMs, maxElectionsPerSpan: MAX_CALM_ELECTIONS_PER_SPAN, starvedTicks, flightMs, spreadMs };
}

/** Thrown by `check`; the simulation turns it into a `liveness:availability` failure. */
export class AvailabilityViolation extends Error {
  override readonly name = 'AvailabilityViolation';
  constructor(
    readonly node: NodeId | null,
    message: string,
  ) {
    super(message);
  }
}

/** How close a run came to each bound (the figures the bounds were chosen from). */
export interface AvailabilityWorst {
  leaderlessMs: number;
  /** The longest leaderless stretch as a share of its window's bound (above 1 fails). */
  leaderlessShare: number;
  /** The chance a round gathers its votes in the window of that stretch. */
  leaderlessVoteChance: number;
  answerMs: number;
  electionsPerSpan: number;
}

interface CalmWindow {
  start: number;
  members: NodeId[];
  /** How long this window may go without a followed leader: W, stretched by the window's vote chance. */
  leaderlessMs: number;
  voteChance: number;
  /** Elections after the window's first W, newest last, pruned to the last W. */
  recentElections: number[];
  /**
   * A leaderless stretch past `leaderlessMs` whose bound the calm members' logs
   * (logRoundChance) or a likely split (splitChance) stretched: the stretch's
   * start, its bound and the round's chance of gathering its votes.
   */
  stretched: { since: number; boundMs: number; voteChance: number } | null;
}

interface Obligation {
  node: NodeId;
  since: number;
}

export class AvailabilityOracle {
  private window: CalmWindow | null = null;
  private readonly calmWindows: TimeSpan[] = [];
  private leader: NodeId | null = null;
  private leaderSince = 0;
  /** Since when no followed leader exists (meaningful while `leader` is null). */
  private leaderlessSince = 0;
  private readonly leaderSpans: (TimeSpan & { leader: NodeId })[] = [];
  /** What the leader owes, in arrival order (a Map iterates in insertion order): the first is the oldest. */
  private readonly obligations = new Map<string, Obligation>();
  /** When the current oldest obligation became the oldest (its clock starts at the later of this and its arrival). */
  private oldestSince = 0;
  private calmElections = 0;
  /** When some node last stepped on a tick that stood for `starvedTicks` or more: it was starved of time behind a backlog. */
  private starvedAt = Number.NEGATIVE_INFINITY;
  /** The latest leadership transfer an operator asked for: an election its target wins soon after is no disruption. */
  private transfer: { to: NodeId; at: number } | null = null;
  readonly worst: AvailabilityWorst = { leaderlessMs: 0, leaderlessShare: 0, leaderlessVoteChance: 1, answerMs: 0, electionsPerSpan: 0 };

  constructor(
    private readonly probe: ClusterProbe,
    readonly bounds: AvailabilityBounds,
    /** The nodes run PreVote (and say they implement it): a node outside the calm majority cannot disturb it (calm-majority.ts). */
    private readonly preVote = false,
  ) {}

  /**
   * Some node started, stopped, paused or resumed, the network or a configuration changed: is the same majority
   * still calm, with the same chance of an election round gathering its votes? (A new chance starts a new window,
   * so a bound that shrinks, as when the loss stops, never judges a stretch that began under a longer one.)
   */
  topologyChanged(now: number): void {
    const members = calmMajority(this.probe, this.preVote);
    const voteChance = members === null ? 0 : voteRoundChance(members, this.configurations(), this.probe.dropRate(), this.preVote);
    // Compared as lists and numbers, not as a key string: printing the chance (a double) cost more than finding it.
    const window = this.window;
    if (window !== null && members !== null && sameInOrder(window.members, members) && sameChance(window.voteChance, voteChance)) return;
    this.closeWindow(now);
    if (members !== null) {
      this.window = { start: now, members, leaderlessMs: leaderlessBoundMs(this.bounds.windowMs, voteChance), voteChance, recentElections: [], stretched: null };
    }
    this.rolesChanged(now);
  }

  /** Every configuration some node uses, once each. */
  private configurations(): (readonly NodeId[])[] {
    const nodes = this.probe.nodes;
    // Outside a membership change every node uses the same voters in the same order: no key per node then.
    const first = nodes.length === 0 ? undefined : this.probe.configuration(nodes[0] as NodeId);
    if (first !== undefined && this.allUse(first)) return [first];
    const seen = new Map<string, readonly NodeId[]>();
    for (const node of nodes) {
      const voters = this.probe.configuration(node);
      seen.set(voters.join(','), voters);
    }
    return [...seen.values()];
  }

  /** Every node uses `voters` (a loop rather than `every`: no closure per topology change). */
  private allUse(voters: readonly NodeId[]): boolean {
    const nodes = this.probe.nodes;
    for (let k = 0; k < nodes.length; k++) if (!sameInOrder(this.probe.configuration(nodes[k] as NodeId), voters)) return false;
    return true;
  }

  /** After a node's step (or a start, crash or pause): which leader, if any, does a majority follow now? */
  rolesChanged(now: number): void {
    const leader = this.followedLeader();
    if (leader === this.leader) return;
    if (this.leader !== null) this.leaderSpans.push({ start: this.leaderSince, end: now, leader: this.leader });
    else this.noteLeaderless(now);
    this.leader = leader;
    this.leaderSince = now;
    this.leaderlessSince = now;
    for (const [key, obligation] of this.obligations) if (obligation.node !== leader) this.forget(key, now);
  }

  /**
   * `node` committed more, or (as a follower) received more log: the cluster is
   * working through what it owes, so the oldest obligation's clock starts again.
   * A leader's own log growing is not progress: proposals it never replicates
   * must not hide a stall.
   */
  progressed(now: number, node: NodeId): void {
    if (this.window !== null && this.window.members.includes(node)) this.oldestSince = now;
  }

  /**
   * An operator asked the leader to hand over to `to`: the election `to` wins
   * next is deliberate, not counted. The leader refuses proposals meanwhile,
   * but only until it hands over or aborts, within an election timeout, far
   * inside the answer bound; so the answer clock runs on, and a transfer that
   * never ends is caught.
   */
  transferRequested(now: number, to: NodeId): void {
    this.transfer = { to, at: now };
  }

  /** The transfer ended without handing over (refused, aborted, or its target already led). */
  transferEnded(): void {
    this.transfer = null;
  }

  /**
   * A node stepped on a late tick standing for `missed` more. A node blocked behind a deep
   * inbox (a slow disk, a client pipelining faster than it syncs) sees no time pass until its
   * tick comes up: a leader sends no heartbeats meanwhile, and a follower's timer may expire
   * at once on the late tick. That is the load's doing, in every design that steps on its
   * inputs in order; the rare-elections rule does not count elections in the W after it
   * (seed 440 of `--faults torn`: the leader fsyncs each proposal of a client pipelining one
   * every 2 ms, 2-4 ms apiece, and went 96 ms without seeing a tick).
   */
  lateTick(now: number, missed: number): void {
    if (missed >= this.bounds.starvedTicks) this.starvedAt = now;
  }

  /** `node` became leader (an election was won). */
  electionWon(now: number, node: NodeId): void {
    const transfer = this.transfer;
    if (transfer !== null && transfer.to === node && now - transfer.at <= this.bounds.windowMs) {
      this.transfer = null;
      return;
    }
    const window = this.window;
    if (window === null) return;
    this.calmElections++;
    if (now < window.start + this.bounds.windowMs) return;
    if (this.starvedRecently(now, window.members) || this.staleStander(window.members)) return;
    const recent = window.recentElections;
    recent.push(now);
    while ((recent[0] as number) <= now - this.bounds.windowMs) recent.shift();
    this.worst.electionsPerSpan = Math.max(this.worst.electionsPerSpan, recent.length);
    if (recent.length > this.bounds.maxElectionsPerSpan) {
      throw new AvailabilityViolation(
        null,
        `${recent.length} elections within ${this.bounds.windowMs}ms (t=${recent[0]}..${now}) while ${this.describeWindow()}: a calm majority must keep its leader (at most ${this.bounds.maxElectionsPerSpan} per ${this.bounds.windowMs}ms)`,
      );
    }
  }

  /**
   * Without PreVote, a calm member that stands in its own configuration while a member with a more up-to-date
   * log leaves it out (removed, its log stopping before the removal) times out again and again, and each of its
   * RequestVotes deposes the leader (dissertation section 4.2.3, "disruptive servers"). Only PreVote or a
   * stickiness rule stops it, and a design may have neither: its elections are not counted (seed 1881 of
   * `--nodes 5 --profile partitions`: n4, removed, deposed n1 every ~100 ms with PreVote and CheckQuorum off).
   */
  private staleStander(members: readonly NodeId[]): boolean {
    if (this.preVote) return false;
    const probe = this.probe;
    for (const member of members) {
      // Standing now: a stale member that follows the leader disrupts nothing.
      if (probe.role(member) !== 'candidate' || !probe.configuration(member).includes(member)) continue;
      for (const other of members) {
        if (other === member || probe.configuration(other).includes(member)) continue;
        // A new server holds the configuration that adds it, newer than a follower's that lacks it: not stale.
        const mine = probe.lastLog?.(member) ?? null;
        const theirs = probe.lastLog?.(other) ?? null;
        if (mine === null || theirs === null || behind(mine, theirs)) return true;
      }
    }
    return false;
  }

  /** Some node was starved of time within the last W, or one of the members still is (its late tick not yet stepped on). */
  private starvedRecently(now: number, members: readonly NodeId[]): boolean {
    if (now - this.starvedAt <= this.bounds.windowMs) return true;
    const waiting = this.probe.ticksWaiting;
    if (waiting === undefined) return false;
    for (const member of members) if (waiting.call(this.probe, member) > this.bounds.starvedTicks) return true;
    return false;
  }

  /**
   * A client request reached `node`. If the node leads the calm majority and
   * this is the client's latest request, the node owes it an answer.
   */
  requestDelivered(now: number, node: NodeId, client: number, seq: number, latest: boolean): void {
    if (this.window === null || node !== this.leader || !latest || !this.window.members.includes(node)) return;
    const key = `${client}#${seq}`;
    if (!this.obligations.has(key)) this.obligations.set(key, { node, since: now });
  }

  /** A node sent an ok reply for (client, seq). */
  answered(now: number, client: number, seq: number): void {
    const key = `${client}#${seq}`;
    const obligation = this.obligations.get(key);
    if (obligation === undefined) return;
    this.worst.answerMs = Math.max(this.worst.answerMs, now - this.clockStart(key, obligation));
    this.forget(key, now);
  }

  /** Drops an obligation; if it was the oldest, the next one's clock starts now. */
  private forget(key: string, now: number): void {
    if (this.obligations.keys().next().value === key) this.oldestSince = now;
    this.obligations.delete(key);
  }

  /** When `key`'s answer clock started: its arrival, or when it became the oldest if that was later. */
  private clockStart(key: string, obligation: Obligation): number {
    return this.obligations.keys().next().value === key ? Math.max(obligation.since, this.oldestSince) : obligation.since;
  }

  /** Called before each event at `now`: throws when a bound has passed. */
  check(now: number): void {
    const window = this.window;
    if (window === null) return;
    if (this.leader === null) {
      const since = Math.max(window.start, this.leaderlessSince);
      if (now - since > window.leaderlessMs) this.checkLeaderless(now, since, window);
    }
    // Runs before every event: most of the time nothing is owed, and asking the Map for an iterator is not free.
    if (this.obligations.size === 0) return;
    const obligation = this.obligations.values().next().value;
    if (obligation === undefined) return;
    // clockStart of the oldest key, without a second iterator and an entry pair per event; the key only for the message.
    const since = Math.max(obligation.since, this.oldestSince);
    if (now - since > this.bounds.answerMs) {
      const key = this.obligations.keys().next().value as string;
      throw new AvailabilityViolation(
        obligation.node,
        `client operation ${key.replace('#', ' seq ')} reached leader n${obligation.node} at t=${obligation.since}, has been the oldest it owes since t=${since}, and got no answer within ${this.bounds.answerMs}ms while ${this.describeWindow()}`,
      );
    }
  }

  /**
   * A leaderless stretch has outlived the window's bound: unless a round is
   * likelier to fail than on the windows W was measured on, which stretches
   * the bound: the calm members' logs leave some of them unelectable
   * (vote-chance.ts, logRoundChance), or the round needs so many of the calm
   * voters that a second candidate splits it often (splitChance). Read only
   * here, once the plain bound has passed (logs barely move while no leader
   * is followed), and again each time a stretched bound passes, with the
   * logs and configurations of that moment.
   */
  private checkLeaderless(now: number, since: number, window: CalmWindow): void {
    const stretched = window.stretched;
    if (stretched !== null && stretched.since === since && now - since <= stretched.boundMs) return;
    const configurations = this.configurations();
    const lastLog = this.probe.lastLog?.bind(this.probe);
    const chance =
      lastLog === undefined
        ? window.voteChance
        : Math.min(window.voteChance, logRoundChance(window.members, configurations, this.probe.dropRate(), this.preVote, lastLog, (node) => this.probe.configuration(node)));
    const split = splitChance(window.members, configurations, this.bounds.flightMs ?? 0, this.bounds.spreadMs ?? 0);
    let boundMs = window.leaderlessMs;
    if (chance < window.voteChance || split > SPLIT_CHANCE) {
      boundMs = leaderlessBoundMs(this.bounds.windowMs, chance, split);
      window.stretched = { since, boundMs, voteChance: chance };
    }
    if (now - since > boundMs) {
      throw new AvailabilityViolation(
        null,
        `no leader followed by a majority for ${now - since}ms (since t=${since}) while ${this.describeWindow()}: one must exist within ${Math.round(boundMs)}ms (an election round gathers its votes with chance ${chance.toFixed(2)}${split > SPLIT_CHANCE ? ` and splits with chance ${split.toFixed(2)}` : ''}) [${this.describeNodes()}]`,
      );
    }
  }

  /** The run's figures, closing the open window and span at `now`. */
  finish(now: number, operations: readonly Operation<unknown, unknown>[], gaveUp: number): AvailabilityStats {
    this.closeWindow(now);
    if (this.leader !== null) this.leaderSpans.push({ start: this.leaderSince, end: now, leader: this.leader });
    this.leader = null;
    const led = this.leaderSpans.reduce((sum, span) => sum + span.end - span.start, 0);
    const calm = this.calmWindows.reduce((sum, span) => sum + span.end - span.start, 0);
    const latencies = sortedLatencies(operations);
    return {
      leaderFraction: now > 0 ? round3(led / now) : 0,
      calmElectionsPerSecond: calm > 0 ? round3((this.calmElections * 1000) / calm) : 0,
      latencyMs: { median: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
      completed: latencies.length,
      gaveUp,
      calmWindows: this.calmWindows,
      leaderSpans: this.leaderSpans,
      worst: { ...this.worst },
    };
  }

  private closeWindow(now: number): void {
    const window = this.window;
    if (window === null) return;
    if (this.leader === null) this.noteLeaderless(now);
    if (now > window.start) this.calmWindows.push({ start: window.start, end: now });
    this.window = null;
    this.obligations.clear();
  }

  private noteLeaderless(now: number): void {
    const window = this.window;
    if (window === null) return;
    const stretch = now - Math.max(window.start, this.leaderlessSince);
    const worst = this.worst;
    worst.leaderlessMs = Math.max(worst.leaderlessMs, stretch);
    const stretched = window.stretched !== null && window.stretched.since === Math.max(window.start, this.leaderlessSince) ? window.stretched : null;
    const boundMs = stretched?.boundMs ?? window.leaderlessMs;
    if (stretch / boundMs > worst.leaderlessShare) {
      worst.leaderlessShare = stretch / boundMs;
      worst.leaderlessVoteChance = stretched?.voteChance ?? window.voteChance;
    }
  }

  /**
   * The leader of the term a majority of up nodes is in (not as candidates), if
   * it is up and leads that term: a majority of the leader's own configuration,
   * the one it commits by.
   */
  private followedLeader(): NodeId | null {
    const probe = this.probe;
    for (const node of probe.nodes) {
      if (!probe.isUp(node) || probe.role(node) !== 'leader') continue;
      const term = probe.term(node);
      const voters = probe.configuration(node);
      let followers = 0;
      for (const other of voters) if (probe.nodes.includes(other) && probe.isUp(other) && probe.term(other) === term && probe.role(other) !== 'candidate') followers++;
      if (followers >= majorityOf(voters.length)) return node;
    }
    return null;
  }

  private describeWindow(): string {
    const window = this.window;
    return window === null ? 'no majority was calm' : `{${window.members.map((id) => `n${id}`).join(',')}} were calm since t=${window.start}`;
  }

  private describeNodes(): string {
    const probe = this.probe;
    return probe.nodes.map((node) => `n${node}:${probe.isUp(node) ? `${probe.role(node)}/t${probe.term(node)}` : 'down or paused'}`).join(' ');
  }
}

/**
 * Each completed operation's latency, ascending: a typed array sorts numbers without a comparator call per
 * comparison (the run's one sort of every operation, 0.5% of a seed with a comparator).
 */
function sortedLatencies(operations: readonly Operation<unknown, unknown>[]): Float64Array {
  let completed = 0;
  for (const op of operations) if (op.return !== null) completed++;
  const latencies = new Float64Array(completed);
  let at = 0;
  for (const op of operations) if (op.return !== null) latencies[at++] = op.return - op.call;
  return latencies.sort();
}

function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Two chances print alike (the window's key once was their text): equal, or both NaN. */
function sameChance(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function sameInOrder(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
