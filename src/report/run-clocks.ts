/**
 * Each node's clock as the report names it beside its lane: the steady rate
 * and the offset drawn for the seed (RunConfig.clocks, src/sim/clocks.ts).
 * A node added later by a membership change has an id beyond the drawn
 * clocks and runs on a true clock (rate 1, offset 0), as the simulator gives it.
 * Drift bursts are faults (run-faults.ts), not part of the label.
 */

import type { RunConfig } from '../sim/index.js';

function signed(value: number, digits: number): string {
  const fixed = value.toFixed(digits);
  return value >= 0 && !fixed.startsWith('-') ? `+${fixed}` : fixed;
}

/** "+3.1% +420ms" (rate 1.031, offset 420 ms); "true clock" for rate 1 and offset 0. */
export function clockLabel(rate: number, offsetMs: number): string {
  if (rate === 1 && offsetMs === 0) return 'true clock';
  // Half away from zero, and past the float error of e.g. 0.9875 - 1 (rates have four decimals).
  const tenths = Math.sign(rate - 1) * Math.round(Math.abs(rate - 1) * 1000 + 1e-6);
  return `${signed(tenths === 0 ? 0 : tenths / 10, 1)}% ${signed(offsetMs, 0)}ms`;
}

/** The clock label of each node (ids from 1; nodes beyond the drawn clocks have a true clock). */
export function clockLabels(clocks: Pick<RunConfig['clocks'], 'rates' | 'offsetsMs'>, nodes: readonly number[]): Map<number, string> {
  return new Map(nodes.map((node) => [node, clockLabel(clocks.rates[node - 1] ?? 1, clocks.offsetsMs[node - 1] ?? 0)]));
}
