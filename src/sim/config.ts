/**
 * RunConfig: everything a run's world is made of, drawn from the seed
 * ("swarm testing": each seed is its own world, some calm, some brutal).
 *
 * Every field is drawn on every call, even when an override replaces it, so
 * that overriding one knob never shifts the draws of the others.
 */

import type { NodeFeatures, NodeTuning } from '../harness/api.js';
import { assert } from '../util/assert.js';
import { drawClocks, validateClocks, type ClockConfig } from './clocks.js';
import { applyFaultSelection, SELECTION_DRAW_PROFILE } from './fault-selection.js';
import { drawMaxInflight } from './max-inflight.js';
import { drawReadMode } from './read-mode.js';
import { isQuietWorld } from './quiet-worlds.js';
import { readerClientCount } from './reader-clients.js';
import type { DelayProfile, Partition } from './network.js';
import { RandomStream } from './random.js';

export const PROFILES = ['calm', 'lossy', 'partitions', 'crashes', 'mixed', 'brutal'] as const;
export type FaultProfile = (typeof PROFILES)[number];

export type PartitionKind = Partition['kind'];

/** The drawn fault mix of one run. Rates are probabilities, times are simulated ms; a gap of 0 disables the fault. */
export interface FaultMix {
  profile: FaultProfile;
  /** Probability that a message (peer or client) is lost. */
  dropRate: number;
  /** Probability that a peer message is delivered twice. */
  duplicateRate: number;
  delay: DelayProfile;
  /** Mean time between the end of one partition and the start of the next (0: no partitions). */
  partitionGapMs: number;
  partitionMeanMs: number;
  partitionKinds: Record<PartitionKind, number>;
  /** Mean time between crashes (0: no crashes). */
  crashGapMs: number;
  /** Probability that a crash waits for the node's next fsync and strikes inside it. */
  fsyncCrashRate: number;
  /** Mean time a crashed node stays down. */
  downMeanMs: number;
  /** How many nodes may be down at once. */
  maxDown: number;
  /** Probability, per file with unsynced bytes at a crash, that a torn prefix of them survives. */
  tornWriteRate: number;
  fsyncMinMs: number;
  fsyncMaxMs: number;
  /** Mean time between drop/duplicate bursts (0: none). */
  burstGapMs: number;
  burstMeanMs: number;
  burstDrop: number;
  burstDuplicate: number;
  /** Mean time between process pauses (0: none). A paused node stops, then resumes where it was. */
  pauseGapMs: number;
  pauseMeanMs: number;
  /** Probability that the run's operator adds and removes nodes (src/sim/reconfig-plan.ts). */
  reconfigRate: number;
  /** Probability that the run's operator requests leadership transfers (src/sim/plan.ts, drawTransfers). */
  transferRate: number;
  /** The --faults choice (canonical spelling) that replaced the profile's kinds; absent when the profile decided. */
  selection?: string;
  /** A quiet world (quiet-worlds.ts): a drawn calm profile whose one fault is depositions. */
  quiet?: true;
}

export interface RunConfig {
  seed: number;
  nodes: 3 | 5;
  /** All clients; the last `pipelinedClients` of them are pipelined (src/sim/pipelined-client.ts). */
  clients: number;
  /** Clients that stream operations without waiting for answers, each on a key of its own (0 for most seeds). */
  pipelinedClients: number;
  keys: number;
  opsPerClient: number;
  /** Length of the safety phase (faults on). */
  safetyMs: number;
  /** Budget of the liveness phase (everything healed). */
  livenessMs: number;
  tickMs: number;
  /** Snapshot every this many applied entries; SNAPSHOT_NEVER (beyond any run's log) switches snapshots off. */
  snapshotEvery: number;
  /** The node's implementation knobs (NodeOptions.tuning), drawn so that batch caps bite and timers vary. */
  tuning: NodeTuning;
  /** The protocol features the nodes run with (NodeOptions.features), drawn so that every combination is tested. */
  features: NodeFeatures;
  /** A client retries elsewhere when an attempt gets no answer within this time. */
  requestTimeoutMs: number;
  /** A client gives up an operation this long after its call (safety phase only). */
  opDeadlineMs: number;
  /** Deterministic budget of the linearizability checker. */
  checkerMaxSteps: number;
  /** Injected bugs to switch on in the nodes (NodeOptions.bugs); empty for the correct code. */
  bugs: string[];
  /**
   * false: the nodes run without their own assertions (NodeOptions.selfChecks),
   * so only the simulator's oracles can catch a bug. Absent means true, so that
   * default configs (and their hashes) stay as they were.
   */
  selfChecks?: false;
  faults: FaultMix;
  /** Each node's clock: rate, offset, drift bursts (src/sim/clocks.ts). */
  clocks: ClockConfig;
}

/** What the command line (or a sweep) may pin instead of drawing. */
export interface ConfigOverrides {
  nodes?: 3 | 5;
  clients?: number;
  opsPerClient?: number;
  safetyMs?: number;
  profile?: FaultProfile;
  /** --faults: the fault kinds and rates (src/sim/fault-selection.ts) instead of the profile's. */
  faults?: string;
  bugs?: string[];
  /** false: switch the nodes' own assertions off (--no-self-checks). */
  selfChecks?: boolean;
}

/**
 * Share of seeds, in every profile but calm, whose operator changes the
 * membership. The membership bugs are caught in those seeds only, and the
 * replication bugs more often there (a node added empty is repaired over a
 * long log; a configuration entry cut from a follower's log must lapse):
 * on held-out seeds 301..700 at 0.4, learner-counted-in-quorum 17.7% of
 * membership seeds against 0%, append-keeps-stale-suffix 22.6% against 2.5%,
 * ack-by-log-index 24.4% against 13.6%. 0.7 (docs/membership.md).
 */
export const RECONFIG_RATE = 0.7;
export const TRANSFER_RATE = 0.5;

/** About 3 s of search for a 20-client, 770-operation history; default seeds use a small fraction. */
export const CHECKER_MAX_STEPS = 10_000_000;

/** A snapshot threshold no run reaches (its log stays far shorter): snapshots off. */
export const SNAPSHOT_NEVER = 1_000_000;

export function drawRunConfig(seed: number, overrides: ConfigOverrides = {}): RunConfig {
  const random = new RandomStream(seed, 'swarm');
  const drawnNodes: 3 | 5 = random.chance(0.2) ? 5 : 3;
  const drawnClients = random.range(3, 8);
  const keys = random.range(2, 5);
  const baseOps = random.range(15, 45);
  const baseSafetyMs = random.range(20, 50) * 100;
  const frequentSnapshotEvery = random.range(4, 16);
  const requestTimeoutMs = random.range(10, 25) * 10;
  const opDeadlineMs = random.range(10, 30) * 100;
  const drawnProfile = random.weighted<FaultProfile>({ calm: 8, lossy: 14, partitions: 18, crashes: 20, mixed: 25, brutal: 15 });
  const profile = overrides.profile ?? drawnProfile;
  const nodes = overrides.nodes ?? drawnNodes;
  // The same draws either way (drawFaultMix draws every field), so --faults shifts nothing after it.
  const drawnFaults =
    overrides.faults === undefined ? drawFaultMix(random, profile, nodes) : applyFaultSelection(drawFaultMix(random, SELECTION_DRAW_PROFILE, nodes), overrides.faults);
  const faults: FaultMix = isQuietWorld(drawnFaults, overrides) ? { ...drawnFaults, quiet: true } : drawnFaults;
  // Drawn after everything above, so that these knobs left every earlier draw of a seed unchanged.
  const reach = drawReach(random);
  const drawnOps = Math.max(1, Math.round(baseOps * reach.lengthFactor));
  const drawnSafetyMs = Math.round((baseSafetyMs * reach.lengthFactor) / 100) * 100;
  // An override of the client count names every client: none is pipelined then.
  const pipelinedClients = overrides.clients === undefined ? reach.pipelinedClients : 0;
  const snapshotEvery = reach.snapshots === 'frequent' ? frequentSnapshotEvery : reach.snapshots === 'rare' ? reach.rareSnapshotEvery : SNAPSHOT_NEVER;
  const config: RunConfig = {
    seed,
    nodes,
    // Reader clients (reader-clients.ts) come before the pipelined ones, after the drawn clients.
    clients: overrides.clients ?? drawnClients + readerClientCount(seed, overrides) + pipelinedClients,
    pipelinedClients,
    keys,
    opsPerClient: overrides.opsPerClient ?? drawnOps,
    safetyMs: overrides.safetyMs ?? drawnSafetyMs,
    livenessMs: 6000,
    tickMs: 10,
    snapshotEvery,
    // The pipelining window from a stream of its own, so that it shifts no other draw.
    tuning: { ...reach.tuning, maxInflight: drawMaxInflight(new RandomStream(seed, 'inflight')) },
    features: drawFeatures(seed),
    requestTimeoutMs,
    opDeadlineMs,
    checkerMaxSteps: CHECKER_MAX_STEPS,
    bugs: [...(overrides.bugs ?? [])].sort(),
    faults,
    // From a stream of its own, so that it shifts no other draw.
    clocks: drawClocks(new RandomStream(seed, 'clocks'), nodes),
  };
  if (overrides.selfChecks === false) config.selfChecks = false;
  validateRunConfig(config);
  return config;
}

interface Reach {
  tuning: Omit<NodeTuning, 'maxInflight'>;
  snapshots: 'frequent' | 'rare' | 'never';
  rareSnapshotEvery: number;
  /** Scales the run and its workload together: short runs pay for long ones. */
  lengthFactor: number;
  pipelinedClients: number;
}

/**
 * The knobs that decide which code paths a run can reach (issue 9, "reach"):
 * a batch cap that bites (log-uniform over 1..64, so small caps are common)
 * lets a lagging follower be repaired over many AppendEntries and an
 * earlier-term entry reach a majority before the new leader's no-op (Figure 8);
 * rare or no snapshots let logs grow long enough for that, and let an
 * InstallSnapshot meet a follower whose log goes past it; heartbeat and
 * election timeouts vary their ratio; run and workload lengths vary together.
 */
function drawReach(random: RandomStream): Reach {
  const maxEntriesPerAppend = Math.min(64, Math.floor(2 ** random.uniform(0, 6.01)));
  const heartbeatTicks = random.range(2, 5);
  const electionTimeoutMinTicks = heartbeatTicks * 2 + random.range(3, 12);
  const electionTimeoutMaxTicks = drawElectionTimeoutMax(random, electionTimeoutMinTicks);
  const snapshots = random.weighted({ frequent: 55, rare: 25, never: 20 });
  const rareSnapshotEvery = random.range(24, 160);
  const lengthFactor = random.weighted({ short: 25, usual: 60, long: 15 });
  // A streaming client builds long divergent suffixes when a leader is cut off (issue 9).
  const pipelinedClients = random.chance(0.1) ? 1 : 0;
  return {
    tuning: { maxEntriesPerAppend, heartbeatTicks, electionTimeoutMinTicks, electionTimeoutMaxTicks },
    snapshots,
    rareSnapshotEvery,
    lengthFactor: { short: 0.5, usual: 1, long: 2 }[lengthFactor],
    pipelinedClients,
  };
}

/**
 * The election timeout's spread: max = 2 min, so a node draws its timeout from
 * [T, 2T) ticks as etcd ([electionTimeout, 2 electionTimeout)) and
 * hashicorp/raft (T + rand(T)) do, and as the Raft paper recommends (150-300
 * ms). A split vote ends only when one candidate's timer runs out a vote
 * request's flight (its fsync and a network delay, 1 to 3 ticks here) before
 * the others'; with a spread of S ticks a repeat is about as likely as two
 * draws landing within that flight of each other, so narrow spreads repeat
 * splits round after round. The earlier draw (min + 4..20 ticks, spreads
 * down to a quarter of the minimum) left calm majorities leaderless for 5
 * maximum timeouts (seeds 3819, 4364, 5976, 9127 of round 4: two voters whose
 * timers restarted together). With min >= 7 ticks the spread is at least 7,
 * and the availability window (5 maximum timeouts, 10 minimum ones) holds
 * about 6 election rounds: docs/availability-and-promises.md has the model
 * and the measurements. The old spread's draw is still made and unused, so
 * that every later draw of a seed (snapshots, run length, pipelined client)
 * stays what it was.
 */
function drawElectionTimeoutMax(random: RandomStream, minTicks: number): number {
  random.range(4, 20);
  return 2 * minTicks;
}

/**
 * The protocol features, from a stream of their own ('features') so that they
 * shift no other draw; one draw per switch. PreVote is on in 30% of the
 * seeds, not half: it rightly hides some election bugs of plain Raft (a
 * follower whose timer ignores heartbeats only asks for pre-votes, which are
 * refused), and those need the plain-Raft seeds to be caught.
 */
/** Each feature from a stream of its own, so that no feature's draw shifts another's. */
function drawFeatures(seed: number): NodeFeatures {
  const random = new RandomStream(seed, 'features');
  const preVote = random.chance(0.3);
  const checkQuorum = random.chance(0.5);
  return { preVote, checkQuorum, readMode: drawReadMode(new RandomStream(seed, 'read-mode')) };
}

/** The ranges per profile. Each profile draws every field (see the file comment). */
function drawFaultMix(random: RandomStream, profile: FaultProfile, nodes: number): FaultMix {
  const level = { calm: 0, lossy: 1, partitions: 1, crashes: 1, mixed: 2, brutal: 3 }[profile];
  const lossy = profile === 'lossy' || profile === 'mixed' || profile === 'brutal';
  const partitioned = profile === 'partitions' || profile === 'mixed' || profile === 'brutal';
  const crashing = profile === 'crashes' || profile === 'mixed' || profile === 'brutal';
  const minority = Math.floor((nodes - 1) / 2);

  const dropRate = round3(lossy ? random.uniform(0.02, 0.2) : random.uniform(0, 0.01));
  const duplicateRate = round3(lossy ? random.uniform(0.02, 0.2) : random.uniform(0, 0.02));
  const delay: DelayProfile = {
    minMs: random.range(1, 2),
    meanMs: random.range(1, 4 + 2 * level),
    tailRate: round3(random.uniform(0, 0.02 + 0.03 * level)),
    tailMaxMs: random.range(50, 150 + 100 * level),
  };
  const partitionGapMs = random.range(200, 1500);
  const partitionMeanMs = random.range(150, 1200);
  const partitionKinds = { symmetric: random.range(1, 4), 'one-way': random.range(1, 4), bridge: random.range(1, 4) };
  const crashGapMs = random.range(100, 700);
  const fsyncCrashRate = round3(random.uniform(0.2, 0.8));
  // Quick restarts (a process bounce) come back within an election timeout, while the term is still current.
  const downMeanMs = random.chance(0.5) ? random.range(5, 80) : random.range(80, 1200);
  const maxDown = random.chance(profile === 'brutal' ? 0.5 : 0.25) ? nodes : Math.max(1, minority);
  const tornWriteRate = round3(random.uniform(0.3, 1));
  const fsyncMinMs = random.range(1, 2);
  const fsyncMaxMs = fsyncMinMs + random.range(0, 6);
  const burstGapMs = random.range(300, 2000);
  const burstMeanMs = random.range(50, 400);
  const burstDrop = round3(random.uniform(0.2, 0.6));
  const burstDuplicate = round3(random.uniform(0.2, 0.6));
  // Drawn last, so that adding pauses left every earlier draw of a seed unchanged.
  const pauseGapMs = random.range(300, 2500);
  const pauseMeanMs = random.range(50, 800);
  return {
    profile,
    dropRate,
    duplicateRate,
    delay,
    partitionGapMs: partitioned ? partitionGapMs : 0,
    partitionMeanMs,
    partitionKinds,
    crashGapMs: crashing ? crashGapMs : profile === 'calm' ? 0 : crashGapMs * 4,
    fsyncCrashRate,
    downMeanMs,
    maxDown,
    tornWriteRate: profile === 'calm' ? 0 : tornWriteRate,
    fsyncMinMs,
    fsyncMaxMs,
    burstGapMs: lossy ? burstGapMs : 0,
    burstMeanMs,
    burstDrop,
    burstDuplicate,
    pauseGapMs: profile === 'mixed' || profile === 'brutal' || profile === 'partitions' ? pauseGapMs : 0,
    pauseMeanMs,
    // Not a draw (the plan draws the changes from a stream of their own): nothing here shifts.
    reconfigRate: profile === 'calm' ? 0 : RECONFIG_RATE,
    transferRate: profile === 'calm' ? 0 : TRANSFER_RATE,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Rejects configs no run can honour (used for drawn, overridden and hand-edited configs). */
export function validateRunConfig(config: RunConfig): void {
  const positiveInt = (name: string, value: number): void =>
    assert(Number.isSafeInteger(value) && value > 0, () => `config.${name} must be a positive integer, got ${value}`);
  assert(Number.isSafeInteger(config.seed) && config.seed >= 0, () => `config.seed must be an integer >= 0, got ${config.seed}`);
  assert(config.nodes === 3 || config.nodes === 5, () => `config.nodes must be 3 or 5, got ${config.nodes}`);
  positiveInt('clients', config.clients);
  assert(config.clients <= 64, () => `config.clients must be at most 64, got ${config.clients}`);
  assert(Number.isSafeInteger(config.pipelinedClients) && config.pipelinedClients >= 0 && config.pipelinedClients <= config.clients, () => `config.pipelinedClients must be an integer in [0, clients], got ${config.pipelinedClients}`);
  positiveInt('keys', config.keys);
  assert(Number.isSafeInteger(config.opsPerClient) && config.opsPerClient >= 0, () => `config.opsPerClient must be an integer >= 0`);
  for (const name of ['safetyMs', 'livenessMs', 'tickMs', 'snapshotEvery', 'requestTimeoutMs', 'opDeadlineMs', 'checkerMaxSteps'] as const) {
    positiveInt(name, config[name]);
  }
  const tuning = config.tuning;
  assert(typeof tuning === 'object' && tuning !== null, 'config.tuning is missing');
  for (const name of ['maxEntriesPerAppend', 'heartbeatTicks', 'electionTimeoutMinTicks', 'electionTimeoutMaxTicks', 'maxInflight'] as const) {
    assert(Number.isSafeInteger(tuning[name]) && tuning[name] > 0, () => `config.tuning.${name} must be a positive integer, got ${tuning[name]}`);
  }
  assert(tuning.heartbeatTicks < tuning.electionTimeoutMinTicks && tuning.electionTimeoutMinTicks < tuning.electionTimeoutMaxTicks, 'config.tuning needs heartbeatTicks < electionTimeoutMinTicks < electionTimeoutMaxTicks');
  const features = config.features;
  assert(typeof features === 'object' && features !== null, 'config.features is missing');
  assert(typeof features.preVote === 'boolean' && typeof features.checkQuorum === 'boolean', 'config.features.preVote and checkQuorum must be true or false');
  const mix = config.faults;
  assert((PROFILES as readonly string[]).includes(mix.profile), () => `unknown fault profile ${mix.profile}`);
  for (const name of ['dropRate', 'duplicateRate', 'fsyncCrashRate', 'tornWriteRate', 'burstDrop', 'burstDuplicate'] as const) {
    assert(mix[name] >= 0 && mix[name] <= 1, () => `faults.${name} must be in [0, 1], got ${mix[name]}`);
  }
  assert(mix.delay.minMs >= 1 && mix.delay.meanMs >= 0 && mix.delay.tailMaxMs >= 0, 'faults.delay out of range');
  assert(mix.delay.tailRate >= 0 && mix.delay.tailRate <= 1, 'faults.delay.tailRate must be in [0, 1]');
  assert(mix.fsyncMinMs >= 1 && mix.fsyncMaxMs >= mix.fsyncMinMs, 'faults.fsync times out of range');
  assert(Number.isSafeInteger(mix.pauseGapMs) && mix.pauseGapMs >= 0 && mix.pauseMeanMs >= 0, 'faults.pause times out of range');
  assert(mix.reconfigRate >= 0 && mix.reconfigRate <= 1, () => `faults.reconfigRate must be in [0, 1], got ${mix.reconfigRate}`);
  assert(mix.transferRate >= 0 && mix.transferRate <= 1, () => `faults.transferRate must be in [0, 1], got ${mix.transferRate}`);
  assert(config.selfChecks === undefined || config.selfChecks === false, 'config.selfChecks must be false or absent');
  assert(mix.quiet === undefined || mix.quiet === true, 'faults.quiet must be true or absent');
  assert(mix.maxDown >= 1 && mix.maxDown <= config.nodes, () => `faults.maxDown must be in [1, ${config.nodes}]`);
  assert(typeof config.features === 'object' && config.features !== null && ['log', 'read-index', 'lease'].includes(config.features.readMode), 'config.features.readMode must be log, read-index or lease');
  validateClocks(config.clocks, config.nodes);
}

/** The knobs in one line, for the run header. */
export function describeTuning(config: RunConfig): string {
  const t = config.tuning;
  const snapshots = config.snapshotEvery >= SNAPSHOT_NEVER ? 'no snapshots' : `snapshot every ${config.snapshotEvery}`;
  const f = config.features;
  const drift = config.clocks.maxDrift > 0 ? `clock drift up to ${Math.round(config.clocks.maxDrift * 100)}%` : 'perfect clocks';
  return `batch ${t.maxEntriesPerAppend}, ${t.maxInflight === 1 ? 'stop-and-wait' : `up to ${t.maxInflight} AppendEntries in flight`}, heartbeat ${t.heartbeatTicks} ticks, election timeout ${t.electionTimeoutMinTicks}-${t.electionTimeoutMaxTicks} ticks, ${snapshots}, PreVote ${f.preVote ? 'on' : 'off'}, CheckQuorum ${f.checkQuorum ? 'on' : 'off'}, reads by ${f.readMode}, ${drift}`;
}

/** The fault mix in one line, for the run header. */
export function describeFaultMix(mix: FaultMix): string {
  const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
  const parts = [
    mix.selection === undefined ? `profile=${mix.profile}${mix.quiet === true ? ' (quiet world: depositions only)' : ''}` : `--faults ${mix.selection}`,
    `drop=${percent(mix.dropRate)}`,
    `dup=${percent(mix.duplicateRate)}`,
    `delay=${mix.delay.minMs}+exp(${mix.delay.meanMs})ms tail ${percent(mix.delay.tailRate)} up to ${mix.delay.tailMaxMs}ms`,
    mix.partitionGapMs > 0 ? `partitions every ~${mix.partitionGapMs}ms for ~${mix.partitionMeanMs}ms` : 'no partitions',
    mix.crashGapMs > 0
      ? `crashes every ~${mix.crashGapMs}ms (${percent(mix.fsyncCrashRate)} inside an fsync), down ~${mix.downMeanMs}ms, max ${mix.maxDown} down`
      : 'no crashes',
    `torn writes ${percent(mix.tornWriteRate)}`,
    `fsync ${mix.fsyncMinMs}-${mix.fsyncMaxMs}ms`,
    mix.burstGapMs > 0 ? `bursts every ~${mix.burstGapMs}ms (drop ${percent(mix.burstDrop)}, dup ${percent(mix.burstDuplicate)})` : 'no bursts',
    mix.pauseGapMs > 0 ? `pauses every ~${mix.pauseGapMs}ms for ~${mix.pauseMeanMs}ms` : 'no pauses',
    mix.reconfigRate > 0 ? `membership changes in ${percent(mix.reconfigRate)} of seeds` : 'no membership changes',
    mix.transferRate > 0 ? `leadership transfers in ${percent(mix.transferRate)} of seeds` : 'no leadership transfers',
  ];
  return parts.join(', ');
}
