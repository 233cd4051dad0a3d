/**
 * RunConfig: everything a run's world is made of, drawn from the seed
 * ("swarm testing": each seed is its own world, some calm, some brutal).
 *
 * Every field is drawn on every call, even when an override replaces it, so
 * that overriding one knob never shifts the draws of the others.
 */

import { assert } from '../util/assert.js';
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
}

export interface RunConfig {
  seed: number;
  nodes: 3 | 5;
  clients: number;
  keys: number;
  opsPerClient: number;
  /** Length of the safety phase (faults on). */
  safetyMs: number;
  /** Budget of the liveness phase (everything healed). */
  livenessMs: number;
  tickMs: number;
  snapshotEvery: number;
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
}

/** What the command line (or a sweep) may pin instead of drawing. */
export interface ConfigOverrides {
  nodes?: 3 | 5;
  clients?: number;
  opsPerClient?: number;
  safetyMs?: number;
  profile?: FaultProfile;
  bugs?: string[];
  /** false: switch the nodes' own assertions off (--no-self-checks). */
  selfChecks?: boolean;
}

/** About 3 s of search for a 20-client, 770-operation history; default seeds use a small fraction. */
export const CHECKER_MAX_STEPS = 10_000_000;

export function drawRunConfig(seed: number, overrides: ConfigOverrides = {}): RunConfig {
  const random = new RandomStream(seed, 'swarm');
  const drawnNodes: 3 | 5 = random.chance(0.2) ? 5 : 3;
  const drawnClients = random.range(3, 8);
  const keys = random.range(2, 5);
  const drawnOps = random.range(15, 45);
  const drawnSafetyMs = random.range(20, 50) * 100;
  const snapshotEvery = random.range(4, 16);
  const requestTimeoutMs = random.range(10, 25) * 10;
  const opDeadlineMs = random.range(10, 30) * 100;
  const drawnProfile = random.weighted<FaultProfile>({ calm: 8, lossy: 14, partitions: 18, crashes: 20, mixed: 25, brutal: 15 });
  const profile = overrides.profile ?? drawnProfile;
  const nodes = overrides.nodes ?? drawnNodes;
  const faults = drawFaultMix(random, profile, nodes);
  const config: RunConfig = {
    seed,
    nodes,
    clients: overrides.clients ?? drawnClients,
    keys,
    opsPerClient: overrides.opsPerClient ?? drawnOps,
    safetyMs: overrides.safetyMs ?? drawnSafetyMs,
    livenessMs: 6000,
    tickMs: 10,
    snapshotEvery,
    requestTimeoutMs,
    opDeadlineMs,
    checkerMaxSteps: CHECKER_MAX_STEPS,
    bugs: [...(overrides.bugs ?? [])].sort(),
    faults,
  };
  if (overrides.selfChecks === false) config.selfChecks = false;
  validateRunConfig(config);
  return config;
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
  positiveInt('keys', config.keys);
  assert(Number.isSafeInteger(config.opsPerClient) && config.opsPerClient >= 0, () => `config.opsPerClient must be an integer >= 0`);
  for (const name of ['safetyMs', 'livenessMs', 'tickMs', 'snapshotEvery', 'requestTimeoutMs', 'opDeadlineMs', 'checkerMaxSteps'] as const) {
    positiveInt(name, config[name]);
  }
  const mix = config.faults;
  assert((PROFILES as readonly string[]).includes(mix.profile), () => `unknown fault profile ${mix.profile}`);
  for (const name of ['dropRate', 'duplicateRate', 'fsyncCrashRate', 'tornWriteRate', 'burstDrop', 'burstDuplicate'] as const) {
    assert(mix[name] >= 0 && mix[name] <= 1, () => `faults.${name} must be in [0, 1], got ${mix[name]}`);
  }
  assert(mix.delay.minMs >= 1 && mix.delay.meanMs >= 0 && mix.delay.tailMaxMs >= 0, 'faults.delay out of range');
  assert(mix.delay.tailRate >= 0 && mix.delay.tailRate <= 1, 'faults.delay.tailRate must be in [0, 1]');
  assert(mix.fsyncMinMs >= 1 && mix.fsyncMaxMs >= mix.fsyncMinMs, 'faults.fsync times out of range');
  assert(Number.isSafeInteger(mix.pauseGapMs) && mix.pauseGapMs >= 0 && mix.pauseMeanMs >= 0, 'faults.pause times out of range');
  assert(config.selfChecks === undefined || config.selfChecks === false, 'config.selfChecks must be false or absent');
  assert(mix.maxDown >= 1 && mix.maxDown <= config.nodes, () => `faults.maxDown must be in [1, ${config.nodes}]`);
}

/** The fault mix in one line, for the run header. */
export function describeFaultMix(mix: FaultMix): string {
  const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
  const parts = [
    `profile=${mix.profile}`,
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
  ];
  return parts.join(', ');
}
