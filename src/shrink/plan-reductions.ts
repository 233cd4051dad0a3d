/**
 * Candidate reductions of a plan, coarse to fine. Each pass yields smaller
 * plans derived from the current one; the shrinker runs them and keeps the
 * first that still fails the same way, then asks the pass again. Every plan
 * yielded here is valid by construction (validatePlan is still run on it).
 */

import type { FaultEvent, Plan, PlanOp } from '../sim/index.js';
import type { NodeId } from '../harness/api.js';
import type { Partition } from '../sim/index.js';

export interface Reduction {
  /** Words for progress output, e.g. "remove 4 fault events". */
  readonly what: string;
  readonly plan: Plan;
}

export type ReductionPass = (plan: Plan) => Iterable<Reduction>;

function clonePlan(plan: Plan): Plan {
  return JSON.parse(JSON.stringify(plan)) as Plan;
}

/** Chunk sizes n/2, n/4, ..., 1 (delta debugging's complement removal). */
function* chunkSizes(length: number): Iterable<number> {
  for (let size = Math.max(1, Math.floor(length / 2)); ; size = Math.max(1, Math.floor(size / 2))) {
    yield size;
    if (size === 1) return;
  }
}

export function* removeFaultEvents(plan: Plan): Iterable<Reduction> {
  const count = plan.faults.length;
  if (count === 0) return;
  for (const size of chunkSizes(count)) {
    for (let start = 0; start < count; start += size) {
      const next = clonePlan(plan);
      next.faults.splice(start, size);
      yield { what: `remove ${Math.min(size, count - start)} of ${count} fault events`, plan: next };
    }
  }
}

export function* removeClients(plan: Plan): Iterable<Reduction> {
  if (plan.clients.length <= 1) return;
  for (let client = plan.clients.length - 1; client >= 0; client--) {
    const next = clonePlan(plan);
    next.clients.splice(client, 1);
    if (client >= plan.config.clients - plan.config.pipelinedClients) next.config.pipelinedClients--;
    next.config.clients = next.clients.length;
    yield { what: `remove client ${client}`, plan: next };
  }
}

/** Delta debugging over all operations of all clients at once, later operations first. */
export function* removeOperations(plan: Plan): Iterable<Reduction> {
  const positions: Array<[client: number, index: number]> = [];
  plan.clients.forEach((ops, client) => ops.forEach((_, index) => positions.push([client, index])));
  const count = positions.length;
  if (count === 0) return;
  for (const size of chunkSizes(count)) {
    for (let end = count; end > 0; end -= size) {
      const doomed = new Set(positions.slice(Math.max(0, end - size), end).map(([client, index]) => `${client}:${index}`));
      const next = clonePlan(plan);
      next.clients = next.clients.map((ops, client) => ops.filter((_, index) => !doomed.has(`${client}:${index}`)));
      yield { what: `remove ${doomed.size} of ${count} operations`, plan: next };
    }
  }
}

/** Cut the safety phase to just after the last fault event, then by halves. */
export function* shortenSafetyPhase(plan: Plan): Iterable<Reduction> {
  const lastFault = plan.faults.reduce((latest, fault) => Math.max(latest, fault.at), 0);
  const targets = new Set<number>();
  targets.add(Math.max(100, lastFault + 1));
  for (let ms = Math.floor(plan.config.safetyMs / 2); ms >= 100; ms = Math.floor(ms / 2)) targets.add(ms);
  for (const safetyMs of [...targets].sort((a, b) => a - b)) {
    if (safetyMs >= plan.config.safetyMs) continue;
    const next = clonePlan(plan);
    next.config.safetyMs = safetyMs;
    next.faults = next.faults.filter((fault) => fault.at < safetyMs);
    yield { what: `shorten the safety phase to ${safetyMs}ms`, plan: next };
  }
}

/** Zero or halve the think times between a client's operations. */
export function* shortenThinkTimes(plan: Plan): Iterable<Reduction> {
  const total = plan.clients.reduce((sum, ops) => sum + ops.reduce((s, op) => s + op.afterMs, 0), 0);
  if (total === 0) return;
  const scaled = (factor: number): Plan => {
    const next = clonePlan(plan);
    next.clients = next.clients.map((ops) => ops.map((op): PlanOp => ({ ...op, afterMs: Math.floor(op.afterMs * factor) })));
    return next;
  };
  yield { what: 'remove think times', plan: scaled(0) };
  yield { what: 'halve think times', plan: scaled(0.5) };
}

/** Five nodes to three: faults that name nodes 4 and 5 go, partitions lose them. */
export function* fewerNodes(plan: Plan): Iterable<Reduction> {
  if (plan.config.nodes !== 5) return;
  const next = clonePlan(plan);
  next.config.nodes = 3;
  next.config.clocks = { ...next.config.clocks, rates: next.config.clocks.rates.slice(0, 3), offsetsMs: next.config.clocks.offsetsMs.slice(0, 3) };
  next.config.faults.maxDown = Math.min(next.config.faults.maxDown, 3);
  const kept = new Set<NodeId>([1, 2, 3]);
  next.faults = next.faults.flatMap((fault): FaultEvent[] => {
    if (fault.kind === 'crash' || fault.kind === 'restart' || fault.kind === 'pause' || fault.kind === 'clock-drift' || fault.kind === 'storage') return kept.has(fault.node) ? [fault] : [];
    if (fault.kind === 'transfer-leadership') return kept.has(fault.to) ? [fault] : [];
    if (fault.kind !== 'partition') return [fault];
    const partition = restrictPartition(fault.partition, kept);
    return partition === null ? [] : [{ ...fault, partition }];
  });
  yield { what: 'run 3 nodes instead of 5', plan: next };
}

function restrictPartition(partition: Partition, kept: ReadonlySet<NodeId>): Partition | null {
  const keep = (ids: readonly NodeId[]): NodeId[] => ids.filter((id) => kept.has(id));
  if (partition.kind === 'one-way') {
    const from = keep(partition.from);
    const to = keep(partition.to);
    return from.length > 0 && to.length > 0 ? { kind: 'one-way', from, to } : null;
  }
  const left = keep(partition.sides[0]);
  const right = keep(partition.sides[1]);
  if (left.length === 0 || right.length === 0) return null;
  if (partition.kind === 'bridge') return kept.has(partition.bridge) ? { kind: 'bridge', sides: [left, right], bridge: partition.bridge } : { kind: 'symmetric', sides: [left, right] };
  return { kind: 'symmetric', sides: [left, right] };
}

/** Turn off background faults one at a time (the plan's own fault events stay). */
export function* calmFaultMix(plan: Plan): Iterable<Reduction> {
  const mix = plan.config.faults;
  const edits: Array<[string, boolean, (next: Plan) => void]> = [
    ['no background message loss', mix.dropRate > 0, (next) => (next.config.faults.dropRate = 0)],
    ['no background duplication', mix.duplicateRate > 0, (next) => (next.config.faults.duplicateRate = 0)],
    ['no long-tail delays', mix.delay.tailRate > 0, (next) => (next.config.faults.delay.tailRate = 0)],
    ['no torn writes', mix.tornWriteRate > 0, (next) => (next.config.faults.tornWriteRate = 0)],
  ];
  for (const [what, applicable, edit] of edits) {
    if (!applicable) continue;
    const next = clonePlan(plan);
    edit(next);
    yield { what, plan: next };
  }
  if (plan.faults.some((fault) => fault.kind === 'crash' && fault.duringFsync)) {
    const next = clonePlan(plan);
    next.faults = next.faults.map((fault) => (fault.kind === 'crash' ? { ...fault, duringFsync: false } : fault));
    yield { what: 'crash at plain moments, not inside fsyncs', plan: next };
  }
  if (plan.faults.some((fault) => fault.kind === 'crash' && fault.aim !== undefined)) yield { what: 'crash at plain moments, not aimed at steps', plan: withoutAims(plan) };
}

/** Aimed crashes become plain crashes at their planned time (without the restart they brought: a reduction never adds events). */
function withoutAims(plan: Plan): Plan {
  const next = clonePlan(plan);
  next.faults = next.faults.map((fault): FaultEvent => {
    if (fault.kind !== 'crash' || fault.aim === undefined) return fault;
    const { aim: _aim, ...plain } = fault;
    return plain;
  });
  return next;
}

/** In order: the big cuts first, so later passes work on a small plan. */
export const REDUCTION_PASSES: ReadonlyArray<[name: string, pass: ReductionPass]> = [
  ['fault events', removeFaultEvents],
  ['clients', removeClients],
  ['operations', removeOperations],
  ['safety phase', shortenSafetyPhase],
  ['nodes', fewerNodes],
  ['think times', shortenThinkTimes],
  ['fault mix', calmFaultMix],
];
