/** How big a plan is, in the units a person reading a failure cares about. */

import type { Plan } from '../sim/index.js';

export interface PlanSize {
  ops: number;
  faults: number;
  clients: number;
  nodes: number;
  safetyMs: number;
}

export function planSize(plan: Plan): PlanSize {
  return {
    ops: plan.clients.reduce((sum, ops) => sum + ops.length, 0),
    faults: plan.faults.length,
    clients: plan.clients.length,
    nodes: plan.config.nodes,
    safetyMs: plan.config.safetyMs,
  };
}

/** A single number to minimise: operations and fault events dominate, then clients, nodes and time. */
export function planWeight(size: PlanSize): number {
  return size.ops * 10 + size.faults * 10 + size.clients * 5 + size.nodes * 5 + size.safetyMs / 100;
}

export function describeSize(size: PlanSize): string {
  return `${size.ops} planned ops, ${size.faults} fault events, ${size.clients} clients, ${size.nodes} nodes, ${size.safetyMs}ms`;
}
