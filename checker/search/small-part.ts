/**
 * The end states of a part of a cut history (cuts.ts) of at most four
 * operations, all answered, from states with nothing pending, by trying
 * every order that respects real time: at most 64
 * prefixes per carried state, so no memo and no list are needed. Most parts
 * of a Jepsen log are this small, and building a PartEndStates (entry list,
 * memo, stacks) for each made Porcupine's etcd files half again as slow.
 * Same answer as PartEndStates, which cut-search.ts uses for larger parts.
 */

import type { Operation } from '../history.js';
import { ILLEGAL, type Model } from '../model.js';
import { MAX_CARRIED_STATES, type Carried, type PartAttempt, type Witness } from './part-end-states.js';

export const MAX_SMALL_PART = 4;

/** An upper bound on the steps (one per order prefix tried) `listSmallPart` takes. */
export function smallPartSteps(size: number, starts: number): number {
  let prefixes = 1;
  let level = 1;
  for (let placed = 0; placed < size; placed++) {
    level *= size - placed;
    prefixes += level;
  }
  return prefixes * starts;
}

export interface SmallPartResult<State> {
  /** Distinct end states, or null past MAX_CARRIED_STATES. */
  ends: Carried<State>[] | null;
  /** The longest prefixes that could not be completed (searched indices), when nothing completed. */
  attempts: PartAttempt[];
  steps: number;
}

export function listSmallPart<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  indices: readonly number[],
  starts: readonly Carried<State>[],
): SmallPartResult<State> {
  const size = indices.length;
  const ends: Carried<State>[] = [];
  const endHashes: number[] = [];
  let attempts: PartAttempt[] = [];
  let longest = -1;
  let overflow = false;
  let steps = 0;
  const order = new Array<number>(size);
  const placed = new Array<boolean>(size).fill(false);
  const returnOf = (position: number): number => operations[indices[position]!]!.return!;

  /** The unplaced operation that returns first (at equal times the lower index): where a scan would stop. */
  const firstReturning = (): number => {
    let first = -1;
    for (let position = 0; position < size; position++) {
      if (!placed[position] && (first < 0 || returnOf(position) < returnOf(first))) first = position;
    }
    return indices[first]!;
  };

  const recordEnd = (state: State, start: Witness | null): void => {
    const hash = model.hash?.(state) ?? 0;
    for (let index = 0; index < ends.length; index++) {
      if (endHashes[index] === hash && model.equal(ends[index]!.state, state)) return;
    }
    if (ends.length === MAX_CARRIED_STATES) {
      overflow = true;
      return;
    }
    let witness = start;
    for (const position of order) witness = { parent: witness, operation: indices[position]! };
    ends.push({ state, pending: [], witness });
    endHashes.push(hash);
  };

  const recordStuck = (depth: number, start: Witness | null): void => {
    if (ends.length > 0 || depth < longest) return;
    if (depth > longest) {
      longest = depth;
      attempts = [];
    }
    if (attempts.length < 4) {
      attempts.push({ start, prefix: order.slice(0, depth).map((position) => indices[position]!), stuckOperation: firstReturning() });
    }
  };

  /** Tries every extension of the current prefix; returns whether one completed the part. */
  const extend = (state: State, depth: number, start: Witness | null): boolean => {
    steps++;
    if (depth === size) {
      recordEnd(state, start);
      return true;
    }
    let completed = false;
    for (let position = 0; position < size && !overflow; position++) {
      if (placed[position]) continue;
      const operation = operations[indices[position]!]!;
      // Real time: an unplaced operation that returned before this one was called must go first.
      let blocked = false;
      for (let other = 0; other < size; other++) {
        if (!placed[other] && other !== position && returnOf(other) < operation.call) blocked = true;
      }
      if (blocked) continue;
      const next = model.step(state, operation.input, operation.output);
      if (next === ILLEGAL) continue;
      placed[position] = true;
      order[depth] = position;
      if (extend(next, depth + 1, start)) completed = true;
      placed[position] = false;
    }
    if (!completed) recordStuck(depth, start);
    return completed;
  };

  for (const start of starts) {
    if (overflow) break;
    extend(start.state, 0, start.witness);
  }
  return { ends: overflow ? null : ends, attempts, steps };
}
