/**
 * Plans: a run written down as plain JSON before it starts.
 *
 * A plan is (config, each client's list of operations, a timed list of fault
 * events). `runPlan` executes it deterministically; only per-message and
 * per-crash randomness (delays, drops, duplicates, torn-write lengths, timer
 * jitter) is drawn while running, from the seed's streams. Because a plan is
 * data, it can be saved, replayed, edited and shrunk: deleting any operation
 * or fault event still leaves a valid plan (a restart of a running node, or a
 * crash of a crashed one, is simply skipped; a missing heal leaves the
 * partition until the liveness phase heals everything).
 */

import type { KvInput } from '@raft-check/checker';
import type { NodeId } from '../harness/api.js';
import { DEFAULT_FEATURES, DEFAULT_TUNING } from '../harness/tuning.js';
import { assert, unreachable } from '../util/assert.js';
import { drawRunConfig, validateRunConfig, type ConfigOverrides, type PartitionKind, type RunConfig } from './config.js';
import { drawClockBursts, perfectClocks, withinDrift } from './clocks.js';
import { AIMED_CRASH_WAIT_MS, describeAim, isStepKind, type CrashAim, type StepKind } from './crash-points.js';
import { describeLeaderFault, drawLeaderFaults, validateLeaderFault, type LeaderFault } from './leader-faults.js';
import { describePartition, validatePartition, type Partition } from './network.js';
import { describeReorder, drawReorderStorms, validateReorder, type ReorderFault } from './reorder-storms.js';
import { drawReaderWorkloads, readerClientCount } from './reader-clients.js';
import { drawDepositions } from './leader-depositions.js';
import { RandomStream } from './random.js';
import { describeTransitionFault, drawTransitionFaults, validateTransitionFault, type TransitionFault } from './transition-faults.js';
import { drawLeaderOutages } from './leader-outages.js';
import { describeRejoinFault, drawRejoinFaults, validateRejoinFault, type RejoinFault } from './rejoin-faults.js';
import { describeElectionStorm, drawElectionStorms, validateElectionStorm, type ElectionStorm } from './election-storms.js';
import { describeReconfigEvent, drawReconfigurations, validateReconfigEvent, type ReconfigEvent } from './reconfig-plan.js';
import { damagedRestarts, drawStorageAftermath } from './storage-aftermath.js';
import { describeStorageFault, drawStorageFaults, validateStorageFault, type StorageFaultEvent } from './storage-faults.js';

export const PLAN_FORMAT = 'raft-check/plan@1';

/** How long a during-fsync crash waits for the node's next fsync before crashing it anyway. */
export const DURING_FSYNC_WAIT_MS = 300;

/** One client operation: wait `afterMs` after the previous one finished (or the start), then invoke. */
export interface PlanOp {
  afterMs: number;
  input: KvInput;
}

export type FaultEvent =
  /**
   * Crash `node` at `at`; with `duringFsync`, at a random moment inside its
   * next fsync instead (or plainly, if it starts none within
   * DURING_FSYNC_WAIT_MS), which is where durability bugs live.
   */
  | {
      at: number;
      kind: 'crash';
      node: NodeId;
      duringFsync: boolean;
      /** With duringFsync: let this many fsyncs complete first, so the crash may land inside any fsync of a step. */
      skipFsyncs?: number;
      /** Wait for the node's next step of a kind and crash right after it, or between two of its effects. */
      aim?: CrashAim;
    }
  | { at: number; kind: 'restart'; node: NodeId }
  /** Replaces any current partition. */
  | { at: number; kind: 'partition'; partition: Partition }
  | { at: number; kind: 'heal' }
  /**
   * Freeze `node` for `durationMs` (a GC pause, SIGSTOP): it takes no input and
   * performs no effect meanwhile; what arrives waits, and it resumes where it was.
   */
  | { at: number; kind: 'pause'; node: NodeId; durationMs: number }
  /** Drop/duplicate rates raised to these values for `durationMs`. */
  | { at: number; kind: 'burst'; durationMs: number; drop: number; duplicate: number }
  /**
   * An operator asks whichever node the simulator sees leading to hand
   * leadership to `to` (section 3.10); with no leader it is skipped.
   */
  | { at: number; kind: 'transfer-leadership'; to: NodeId }
  /** Membership changes (src/sim/reconfig-plan.ts). */
  | ReconfigEvent
  /** A storage fault beyond crashes on `node`'s disk (storage-faults.ts). */
  | StorageFaultEvent
  /** `node`'s clock runs at `rate` (within the drift bound) for `durationMs` of true time, then at its own rate again. */
  | { at: number; kind: 'clock-drift'; node: NodeId; rate: number; durationMs: number }
  /** Cut off or crash the leader, or the next election winner (src/sim/leader-faults.ts). */
  | LeaderFault
  /** Hold back a share of peer messages for a while (src/sim/reorder-storms.ts). */
  | ReorderFault
  /** Crash, cut off or pause a node in a protocol transition (src/sim/transition-faults.ts). */
  | TransitionFault
  /** Duplicate and hold back peer messages from the next candidacy on (src/sim/election-storms.ts). */
  | ElectionStorm
  /** Strike the leader as an out-of-date node rejoins (src/sim/rejoin-faults.ts). */
  | RejoinFault;

export interface Plan {
  format: typeof PLAN_FORMAT;
  config: RunConfig;
  /** clients[c] is client c's operations, run one at a time in order. */
  clients: PlanOp[][];
  /** Fault events of the safety phase; equal times run in array order. */
  faults: FaultEvent[];
}

/** Node ids of a cluster of n nodes: 1..n (so traces read n1, n2, n3). */
export function clusterIds(nodes: number): NodeId[] {
  return Array.from({ length: nodes }, (_, index) => index + 1);
}

export function keyName(index: number): string {
  return `k${index}`;
}

export function drawPlan(seed: number, overrides: ConfigOverrides = {}): Plan {
  const config = drawRunConfig(seed, overrides);
  const transfers = drawTransfers(config, new RandomStream(seed, 'transfers'));
  const reconfigurations = drawReconfigurations(config, new RandomStream(seed, 'reconfig'));
  const operator = { transfers: transfers.map((event) => event.at), reconfigurations: reconfigurations.map((event) => event.at) };
  const plan: Plan = {
    format: PLAN_FORMAT,
    config,
    clients: [...drawSequentialWorkload(config, seed, overrides), ...drawPipelinedWorkload(config, new RandomStream(seed, 'pipeline'))],
    // A stable sort: the fault schedule keeps its order; the operator's actions and drift bursts (each
    // from a stream of its own) and storage faults go after faults of the same ms.
    faults: withStorageFaults(
      config,
      [
        ...drawFaults(config, new RandomStream(seed, 'faults'), new RandomStream(seed, 'aims'), new RandomStream(seed, 'leader-faults'), new RandomStream(seed, 'reorder')),
        ...transfers,
        ...reconfigurations,
        ...drawClockBursts(config, new RandomStream(seed, 'clock-bursts')),
        ...drawTransitionFaults(config, new RandomStream(seed, 'transitions'), operator, new RandomStream(seed, 'transition-shapes')),
        ...drawElectionStorms(config, new RandomStream(seed, 'election-storms')),
        ...drawRejoinFaults(config, new RandomStream(seed, 'rejoins')),
      ].sort((a, b) => a.at - b.at),
      new RandomStream(seed, 'storage-faults'),
      new RandomStream(seed, 'storage-aftermath'),
    ),
  };
  plan.faults.push(...drawDepositions(config, plan.faults, new RandomStream(seed, 'depositions'), new RandomStream(seed, 'deposition-clocks'), new RandomStream(seed, 'deposition-shapes')));
  plan.faults.push(...drawLeaderOutages(config, new RandomStream(seed, 'leader-outages')));
  // Stable: at equal times the other faults stay first, in their order.
  plan.faults.sort((a, b) => a.at - b.at);
  validatePlan(plan);
  return plan;
}

/** The sequential clients' plans: the drawn workload, then the reader clients' (reader-clients.ts). */
function drawSequentialWorkload(config: RunConfig, seed: number, overrides: ConfigOverrides): PlanOp[][] {
  const readers = readerClientCount(seed, overrides);
  const writers = drawWorkload(config, config.clients - config.pipelinedClients - readers, new RandomStream(seed, 'workload'), new RandomStream(seed, 'quiet'));
  return [...writers, ...drawReaderWorkloads(seed, readers, config)];
}

/** How often each kind of operation is drawn (in this order: `weighted` walks the keys in order). One object, not one per operation. */
const OPERATION_WEIGHTS: Readonly<Record<KvInput['op'], number>> = { get: 30, put: 25, append: 20, cas: 15, delete: 10 };

/**
 * Operations are drawn round-robin over clients, so that a cas can expect a
 * value some other client writes earlier in the plan. Write values are unique
 * ("<client>.<index>"), which makes the history far easier to check.
 */
function drawWorkload(config: RunConfig, sequential: number, random: RandomStream, quiet: RandomStream): PlanOp[][] {
  const clients: PlanOp[][] = Array.from({ length: sequential }, () => []);
  const writtenValues: string[][] = Array.from({ length: config.keys }, () => ['']);
  // Think times spread each client's list over about the safety phase; in a
  // fifth of the seeds over its first half, so that the cluster then idles
  // under faults with heartbeats alone (timer and heartbeat paths, which
  // steady traffic hides).
  const spread = quiet.chance(0.2) ? 0.5 : 1.5;
  const maxGapMs = Math.max(1, Math.floor((spread * config.safetyMs) / Math.max(1, config.opsPerClient)));
  for (let index = 0; index < config.opsPerClient; index++) {
    for (let client = 0; client < sequential; client++) {
      const keyIndex = random.int(config.keys);
      const key = keyName(keyIndex);
      const value = `${client}.${index}`;
      const kind = random.weighted(OPERATION_WEIGHTS);
      const afterMs = random.int(maxGapMs);
      const values = writtenValues[keyIndex] as string[];
      let input: KvInput;
      switch (kind) {
        case 'get':
          input = { op: 'get', key };
          break;
        case 'put':
          input = { op: 'put', key, value };
          values.push(value);
          break;
        case 'append':
          input = { op: 'append', key, value: `${value};` };
          break;
        case 'cas':
          input = { op: 'cas', key, expect: random.pick(values), value };
          values.push(value);
          break;
        case 'delete':
          input = { op: 'delete', key };
          break;
        default:
          unreachable(kind);
      }
      (clients[client] as PlanOp[]).push({ afterMs, input });
    }
  }
  return clients;
}

/**
 * Where a crash strikes, drawn from its own stream so that the fault schedule
 * itself stays what it was: a share of crashes wait for a step of a kind
 * (after it, or between two of its effects), and a during-fsync crash may let
 * a few fsyncs pass first, so any fsync of a step can be hit.
 */
function drawCrashPoint(aims: RandomStream, downMs: number): { aim?: CrashAim; skipFsyncs: number } {
  const aimed = aims.chance(0.4);
  const after = aims.weighted<StepKind>({ vote: 3, ack: 3, answer: 2, install: 1, compact: 1, write: 2 });
  const cut = aims.chance(0.35) ? aims.int(6) : undefined;
  const skipFsyncs = aims.chance(0.5) ? 0 : aims.range(1, 3);
  const anyNode = aims.chance(0.5);
  // Half bounce at once, so that peers act on the broken promise while its term is still current.
  const restartAfterMs = aims.chance(0.5) ? aims.range(1, 60) : downMs;
  if (!aimed) return { skipFsyncs };
  const aim: CrashAim = { after, restartAfterMs };
  if (cut !== undefined) aim.cut = cut;
  if (anyNode) aim.anyNode = true;
  return { aim, skipFsyncs };
}

/**
 * A pipelined client's stream: puts and appends on a key of its own (nobody
 * reads it, so the checker's search stays trivial there), in bursts of tens of
 * operations a few ms apart, separated by pauses. A burst that reaches a leader
 * cut off from its peers leaves it a long uncommitted suffix.
 */
function drawPipelinedWorkload(config: RunConfig, random: RandomStream): PlanOp[][] {
  const streams: PlanOp[][] = [];
  const count = config.opsPerClient * 6;
  const pauseMs = Math.max(1, Math.floor((config.safetyMs * 60) / count));
  for (let client = config.clients - config.pipelinedClients; client < config.clients; client++) {
    const key = `p${client}`;
    const ops: PlanOp[] = [];
    for (let index = 0; index < count; index++) {
      const value = `${client}.${index}`;
      const afterMs = random.chance(1 / 60) ? random.int(2 * pauseMs) : random.int(4);
      ops.push({ afterMs, input: random.chance(0.7) ? { op: 'put', key, value } : { op: 'append', key, value: `${value};` } });
    }
    streams.push(ops);
  }
  return streams;
}

function drawFaults(config: RunConfig, random: RandomStream, aims: RandomStream, leaderFaults: RandomStream, reorder: RandomStream): FaultEvent[] {
  const mix = config.faults;
  const ids = clusterIds(config.nodes);
  const end = config.safetyMs;
  const faults: FaultEvent[] = [];

  // Crashes and restarts; at most maxDown nodes down at once.
  const downUntil = new Map<NodeId, number>(ids.map((id) => [id, 0]));
  for (let at = 1 + random.exponential(mix.crashGapMs); mix.crashGapMs > 0 && at < end; at += 1 + random.exponential(mix.crashGapMs)) {
    const up = ids.filter((id) => (downUntil.get(id) as number) <= at);
    if (ids.length - up.length >= mix.maxDown || up.length === 0) continue;
    const node = random.pick(up);
    const duringFsync = random.chance(mix.fsyncCrashRate);
    const downMs = 1 + random.exponential(mix.downMeanMs);
    const point = drawCrashPoint(aims, downMs);
    if (point.aim !== undefined) {
      // It may land up to AIMED_CRASH_WAIT_MS late and restarts downMs after it landed.
      faults.push({ at, kind: 'crash', node, duringFsync: false, aim: point.aim });
      downUntil.set(node, at + AIMED_CRASH_WAIT_MS + downMs);
      continue;
    }
    // A during-fsync crash may land up to DURING_FSYNC_WAIT_MS late; its restart comes after that.
    const restartAt = at + (duringFsync ? DURING_FSYNC_WAIT_MS : 0) + downMs;
    faults.push(duringFsync && point.skipFsyncs > 0 ? { at, kind: 'crash', node, duringFsync, skipFsyncs: point.skipFsyncs } : { at, kind: 'crash', node, duringFsync });
    downUntil.set(node, restartAt);
    if (restartAt < end) faults.push({ at: restartAt, kind: 'restart', node });
  }

  // Partitions, one at a time, each healed after a while.
  for (let at = 1 + random.exponential(mix.partitionGapMs); mix.partitionGapMs > 0 && at < end; ) {
    const partition = drawPartition(random.weighted<PartitionKind>(mix.partitionKinds), ids, random);
    const healAt = at + 1 + random.exponential(mix.partitionMeanMs);
    faults.push({ at, kind: 'partition', partition });
    if (healAt < end) faults.push({ at: healAt, kind: 'heal' });
    at = healAt + 1 + random.exponential(mix.partitionGapMs);
  }

  // Drop/duplicate bursts.
  for (let at = 1 + random.exponential(mix.burstGapMs); mix.burstGapMs > 0 && at < end; at += 1 + random.exponential(mix.burstGapMs)) {
    const durationMs = 1 + random.exponential(mix.burstMeanMs);
    faults.push({ at, kind: 'burst', durationMs, drop: mix.burstDrop, duplicate: mix.burstDuplicate });
    at += durationMs;
  }

  // Process pauses, one node at a time.
  for (let at = 1 + random.exponential(mix.pauseGapMs); mix.pauseGapMs > 0 && at < end; at += 1 + random.exponential(mix.pauseGapMs)) {
    const durationMs = 1 + random.exponential(mix.pauseMeanMs);
    faults.push({ at, kind: 'pause', node: random.pick(ids), durationMs });
    at += durationMs;
  }

  faults.push(...drawLeaderFaults(config, leaderFaults));
  faults.push(...drawReorderStorms(config, reorder));

  // Stable sort: equal times keep generation order.
  return faults.sort((a, b) => a.at - b.at);
}

/** Leadership transfers in half the seeds, to any node (the leader itself included: nothing to do). */
function drawTransfers(config: RunConfig, random: RandomStream): FaultEvent[] {
  const ids = clusterIds(config.nodes);
  const gapMs = random.chance(config.faults.transferRate) ? random.range(200, 1000) : 0;
  const transfers: FaultEvent[] = [];
  for (let at = 1 + random.exponential(gapMs); gapMs > 0 && at < config.safetyMs; at += 1 + random.exponential(gapMs)) {
    transfers.push({ at, kind: 'transfer-leadership', to: random.pick(ids) });
  }
  return transfers;
}

/** The plan's faults plus the storage faults placed around its crashes and what follows them (stable: equal times keep their order). */
function withStorageFaults(config: RunConfig, faults: FaultEvent[], random: RandomStream, aftermathRandom: RandomStream): FaultEvent[] {
  const storage = drawStorageFaults(config, faults.filter((fault) => fault.kind === 'crash'), random);
  const aftermath = drawStorageAftermath(config, damagedRestarts(storage, faults), aftermathRandom);
  return storage.length === 0 ? faults : [...faults, ...storage, ...aftermath].sort((a, b) => a.at - b.at);
}

function drawPartition(kind: PartitionKind, ids: NodeId[], random: RandomStream): Partition {
  switch (kind) {
    case 'symmetric': {
      const left = random.subset(ids, random.range(1, Math.floor(ids.length / 2)));
      return { kind, sides: [left, ids.filter((id) => !left.includes(id))] };
    }
    case 'one-way': {
      const from = random.subset(ids, random.range(1, ids.length - 1));
      return { kind, from, to: ids.filter((id) => !from.includes(id)) };
    }
    case 'bridge': {
      const bridge = random.pick(ids);
      const others = ids.filter((id) => id !== bridge);
      const left = random.subset(others, random.range(1, Math.floor(others.length / 2)));
      return { kind, sides: [left, others.filter((id) => !left.includes(id))], bridge };
    }
    default:
      return unreachable(kind);
  }
}

/** Throws (AssertionFailure) on anything a run could not execute; used on drawn, loaded and edited plans. */
export function validatePlan(plan: Plan): void {
  assert(plan.format === PLAN_FORMAT, () => `plan format must be ${PLAN_FORMAT}`);
  // The one upgrade of an older plan: saved before the knobs were drawn, it ran with the default ones and no pipelined client.
  if (typeof plan.config === 'object' && plan.config !== null) {
    plan.config.tuning ??= DEFAULT_TUNING;
    // Saved before pipelining: stop-and-wait, which a window of one still is.
    if (typeof plan.config.tuning === 'object' && plan.config.tuning !== null && plan.config.tuning.maxInflight === undefined) plan.config.tuning = { ...plan.config.tuning, maxInflight: 1 };
    plan.config.pipelinedClients ??= 0;
    // Saved before read modes and clocks were drawn: reads through the log, perfect clocks.
    plan.config.features ??= DEFAULT_FEATURES;
    if (typeof plan.config.nodes === 'number') plan.config.clocks ??= perfectClocks(plan.config.nodes);
    // Saved before membership changes: its faults say what it does; the rate only matters when drawing.
    if (typeof plan.config.faults === 'object' && plan.config.faults !== null) {
      plan.config.faults.reconfigRate ??= 0;
      plan.config.faults.transferRate ??= 0;
    }
  }
  validateRunConfig(plan.config);
  const config = plan.config;
  const ids = clusterIds(config.nodes);
  assert(Array.isArray(plan.clients) && plan.clients.length === config.clients, () => `plan must list operations for exactly ${config.clients} clients`);
  for (let client = 0; client < plan.clients.length; client++) {
    const ops = plan.clients[client];
    if (!Array.isArray(ops)) assert(false, `plan.clients[${client}] must be a list`);
    // Per operation (hundreds per plan, checked once each, so in unoptimized code): an index rather
    // than an iterator, and messages built only on failure, no closure per check.
    for (let index = 0; index < ops.length; index++) {
      const op = ops[index] as PlanOp;
      if (!(Number.isSafeInteger(op.afterMs) && op.afterMs >= 0)) assert(false, `client ${client}: afterMs must be an integer >= 0`);
      validateInput(op.input, client);
    }
  }
  assert(Array.isArray(plan.faults), 'plan.faults must be a list');
  const added = new Set<NodeId>();
  for (const fault of plan.faults) {
    assert(Number.isSafeInteger(fault.at) && fault.at >= 0 && fault.at < config.safetyMs, () => `fault time ${fault.at} outside the safety phase [0, ${config.safetyMs})`);
    switch (fault.kind) {
      case 'crash':
        assert(typeof fault.duringFsync === 'boolean', () => `crash at ${fault.at} needs duringFsync: true|false`);
        assert(fault.skipFsyncs === undefined || (Number.isSafeInteger(fault.skipFsyncs) && fault.skipFsyncs >= 0), () => `crash at ${fault.at}: skipFsyncs must be an integer >= 0`);
        if (fault.aim !== undefined) validateAim(fault.aim, fault.at);
        assert(ids.includes(fault.node), () => `fault at ${fault.at} names unknown node ${fault.node}`);
        break;
      case 'restart':
        assert(ids.includes(fault.node), () => `fault at ${fault.at} names unknown node ${fault.node}`);
        break;
      case 'pause':
        assert(ids.includes(fault.node), () => `fault at ${fault.at} names unknown node ${fault.node}`);
        assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, 'pause duration must be a positive integer');
        break;
      case 'clock-drift':
        assert(ids.includes(fault.node), () => `fault at ${fault.at} names unknown node ${fault.node}`);
        assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, 'clock-drift duration must be a positive integer');
        assert(withinDrift(fault.rate, config.clocks.maxDrift), () => `clock-drift rate ${fault.rate} outside 1 +- ${config.clocks.maxDrift}, the bound the nodes are told`);
        break;
      case 'partition':
        validatePartition(fault.partition, ids);
        break;
      case 'heal':
        break;
      case 'burst':
        assert(Number.isSafeInteger(fault.durationMs) && fault.durationMs > 0, 'burst duration must be a positive integer');
        assert(fault.drop >= 0 && fault.drop <= 1 && fault.duplicate >= 0 && fault.duplicate <= 1, 'burst rates must be in [0, 1]');
        break;
      case 'transfer-leadership':
        assert(ids.includes(fault.to), () => `transfer at ${fault.at} names unknown node ${fault.to}`);
        break;
      case 'add-node':
      case 'remove-node':
        validateReconfigEvent(fault, config.nodes, added);
        break;
      case 'storage':
        assert(ids.includes(fault.node), () => `fault at ${fault.at} names unknown node ${fault.node}`);
        validateStorageFault(fault.fault, fault.at);
        break;
      case 'isolate-leader':
      case 'crash-leader':
      case 'pause-leader':
      case 'pause-voter':
        validateLeaderFault(fault);
        break;
      case 'reorder':
        validateReorder(fault);
        break;
      case 'transition-fault':
        validateTransitionFault(fault);
        break;
      case 'election-storm':
        validateElectionStorm(fault);
        break;
      case 'rejoin-fault':
        validateRejoinFault(fault);
        break;
      default:
        unreachable(fault);
    }
  }
}

function validateAim(aim: CrashAim, at: number): void {
  assert(typeof aim === 'object' && aim !== null && isStepKind(aim.after), () => `crash at ${at}: aim.after must be a step kind`);
  assert(aim.cut === undefined || (Number.isSafeInteger(aim.cut) && aim.cut >= 0), () => `crash at ${at}: aim.cut must be an integer >= 0`);
  assert(aim.anyNode === undefined || typeof aim.anyNode === 'boolean', () => `crash at ${at}: aim.anyNode must be true or false`);
  assert(aim.restartAfterMs === undefined || (Number.isSafeInteger(aim.restartAfterMs) && aim.restartAfterMs > 0), () => `crash at ${at}: aim.restartAfterMs must be a positive integer`);
}

/** Checks one planned operation (hundreds per plan: the messages are built only on failure, no closure per check). */
function validateInput(input: KvInput, client: number): void {
  if (!(typeof input === 'object' && input !== null && typeof input.key === 'string')) assert(false, `client ${client}: operation needs a string key`);
  switch (input.op) {
    case 'get':
    case 'delete':
      return;
    case 'put':
    case 'append':
      if (typeof input.value !== 'string') assert(false, `client ${client}: ${input.op} needs a string value`);
      return;
    case 'cas':
      if (!(typeof input.value === 'string' && typeof input.expect === 'string')) assert(false, `client ${client}: cas needs string expect and value`);
      return;
    default:
      unreachable(input);
  }
}

export function describeInput(input: KvInput): string {
  switch (input.op) {
    case 'get':
    case 'delete':
      return `${input.op} ${input.key}`;
    case 'put':
    case 'append':
      return `${input.op} ${input.key} ${JSON.stringify(input.value)}`;
    case 'cas':
      return `cas ${input.key} ${JSON.stringify(input.expect)}->${JSON.stringify(input.value)}`;
    default:
      return unreachable(input);
  }
}

export function describeFault(fault: FaultEvent): string {
  switch (fault.kind) {
    case 'crash': {
      const skip = fault.skipFsyncs ?? 0;
      const during = skip > 0 ? ` during its fsync after the next ${skip}` : ' during its next fsync';
      if (fault.aim !== undefined) return `t=${fault.at} crash n${fault.node} ${describeAim(fault.aim)}`;
      return `t=${fault.at} crash n${fault.node}${fault.duringFsync ? during : ''}`;
    }
    case 'restart':
      return `t=${fault.at} restart n${fault.node}`;
    case 'pause':
      return `t=${fault.at} pause n${fault.node} for ${fault.durationMs}ms`;
    case 'partition':
      return `t=${fault.at} partition ${fault.partition.kind} ${describePartition(fault.partition)}`;
    case 'heal':
      return `t=${fault.at} heal`;
    case 'burst':
      return `t=${fault.at} burst ${fault.durationMs}ms drop ${fault.drop} dup ${fault.duplicate}`;
    case 'transfer-leadership':
      return `t=${fault.at} transfer leadership to n${fault.to}`;
    case 'add-node':
    case 'remove-node':
      return describeReconfigEvent(fault);
    case 'storage':
      return `t=${fault.at} storage fault on n${fault.node}: ${describeStorageFault(fault.fault)}`;
    case 'clock-drift':
      return `t=${fault.at} clock of n${fault.node} runs at ${fault.rate}x for ${fault.durationMs}ms`;
    case 'isolate-leader':
    case 'crash-leader':
    case 'pause-leader':
    case 'pause-voter':
      return describeLeaderFault(fault);
    case 'reorder':
      return describeReorder(fault);
    case 'transition-fault':
      return describeTransitionFault(fault);
    case 'election-storm':
      return describeElectionStorm(fault);
    case 'rejoin-fault':
      return describeRejoinFault(fault);
    default:
      return unreachable(fault);
  }
}

/** The plan in words: a workload line and the fault schedule. */
export function describePlan(plan: Plan): string {
  const ops = plan.clients.reduce((sum, list) => sum + list.length, 0);
  const workload = `${plan.config.clients} clients, ${ops} operations over ${plan.config.keys} keys, safety phase ${plan.config.safetyMs}ms then liveness (budget ${plan.config.livenessMs}ms)`;
  const faults = plan.faults.length === 0 ? 'no fault events' : plan.faults.map(describeFault).join('; ');
  return `${workload}\n${faults}`;
}
