/**
 * Every state one part of a cut history (cuts.ts) can end in: the search of
 * partition-search.ts restricted to answered operations, but it does not stop
 * at the first linearization. Reaching the empty list records the state and
 * backtracks, so when the search is done, every linearization of the part
 * from every start state has been walked, up to the memo.
 *
 * The memo is shared by the start states: a configuration (set, state)
 * reached again has the same completions whichever start it came from, and
 * the first time it was entered they were all walked (depth first, its whole
 * subtree comes before anything else), so their end states are recorded.
 *
 * Resumable like PartitionSearch: `run(steps)`. It gives up (`overflow`)
 * past a step cap or past MAX_CARRIED_STATES distinct end states, and the cut
 * search then searches the rest without cuts.
 */

import type { Operation } from '../history.js';
import { ILLEGAL, type Model } from '../model.js';
import { EntryList } from './entry-list.js';
import { zobristCodes } from './hashing.js';
import { ADDED, FULL, MemoCache, type CacheAllowance } from './memo-cache.js';

/** One step of a linearization, newest last: the chain of operations (searched indices) that led to a state. */
export interface Witness {
  readonly parent: Witness | null;
  readonly operation: number;
}

/** A state a cut can be crossed in, and one linearization of everything before the cut that ends in it. */
export interface Carried<State> {
  readonly state: State;
  readonly witness: Witness | null;
}

/** A prefix of a part that could not be extended, from one carried state. */
export interface PartAttempt {
  start: Witness | null;
  /** Searched indices, in order. */
  prefix: number[];
  stuckOperation: number;
}

/**
 * Bound on the states carried across a cut. A deterministic model and a part
 * whose writes are ordered end in one state; concurrent writes nobody reads
 * end in a few. Past this, searching the rest whole from each state is the
 * cheaper way.
 */
export const MAX_CARRIED_STATES = 16;

const MAX_ATTEMPTS = 4;

export type PartStatus = 'running' | 'done' | 'overflow' | 'cache full';

export class PartEndStates<State, Input, Output> {
  private statusValue: PartStatus = 'running';
  private stepsTaken = 0;
  readonly ends: Carried<State>[] = [];
  private readonly endHashes: number[] = [];
  private longestDepth = -1;
  readonly longest: PartAttempt[] = [];

  private readonly list: EntryList;
  private readonly codes: Int32Array;
  private readonly linearized: Int32Array;
  private readonly cache: MemoCache<State>;
  private readonly stackCalls: Int32Array;
  private readonly stackStates: State[];
  private startIndex = 0;
  private depth = 0;
  private node: number;
  private state: State;
  private setHash = 0;

  /**
   * `operations` are the part's, all answered; `indices[i]` is operation i's
   * searched index, the number witnesses and attempts hold.
   */
  constructor(
    private readonly model: Model<State, Input, Output>,
    private readonly operations: readonly Operation<Input, Output>[],
    private readonly indices: readonly number[],
    private readonly starts: readonly Carried<State>[],
    allowance: CacheAllowance,
    private readonly stepCap: number,
  ) {
    const count = operations.length;
    const callTimes = new Float64Array(count);
    const returnTimes = new Float64Array(count);
    operations.forEach((operation, index) => {
      callTimes[index] = operation.call;
      returnTimes[index] = operation.return!;
    });
    this.list = new EntryList(callTimes, returnTimes);
    this.codes = zobristCodes(count);
    const words = Math.max(1, Math.ceil(count / 32));
    this.linearized = new Int32Array(words);
    this.cache = new MemoCache<State>(words, (a, b) => model.equal(a, b), allowance, 2 * count);
    this.stackCalls = new Int32Array(count);
    this.stackStates = new Array<State>(count);
    this.node = this.list.next[this.list.head]!;
    this.state = starts[0]!.state;
  }

  get status(): PartStatus {
    return this.statusValue;
  }

  get steps(): number {
    return this.stepsTaken;
  }

  run(maxSteps: number): number {
    const model = this.model;
    const { next, match, operationOf, head, tail } = this.list;
    const list = this.list;
    const linearized = this.linearized;
    const codes = this.codes;
    const stackCalls = this.stackCalls;
    const stackStates = this.stackStates;
    let node = this.node;
    let state = this.state;
    let depth = this.depth;
    let setHash = this.setHash;
    let steps = 0;
    let status: PartStatus = 'running';

    while (steps < maxSteps) {
      if (this.stepsTaken + steps >= this.stepCap) {
        status = 'overflow';
        break;
      }
      steps++;
      const atEnd = node === tail;
      if (atEnd || match[node]! < 0) {
        if (atEnd) {
          if (!this.recordEnd(state, depth)) {
            status = 'overflow';
            break;
          }
        } else {
          this.recordStuck(depth, operationOf[node]!);
        }
        if (depth === 0) {
          // Every order from this start has been walked: on to the next start.
          this.startIndex++;
          if (this.startIndex === this.starts.length) {
            status = 'done';
            break;
          }
          state = this.starts[this.startIndex]!.state;
          node = next[head]!;
          continue;
        }
        depth--;
        const call = stackCalls[depth]!;
        const popped = operationOf[call]!;
        state = stackStates[depth]!;
        linearized[popped >>> 5]! &= ~(1 << (popped & 31));
        setHash ^= codes[popped]!;
        list.unlift(call);
        node = next[call]!;
        continue;
      }
      const operation = operationOf[node]!;
      const input = this.operations[operation]!;
      const nextState = model.step(state, input.input, input.output);
      if (nextState === ILLEGAL) {
        node = next[node]!;
        continue;
      }
      const word = operation >>> 5;
      const bit = 1 << (operation & 31);
      const nextSetHash = setHash ^ codes[operation]!;
      const hash = model.hash !== undefined ? nextSetHash ^ model.hash(nextState) : nextSetHash;
      linearized[word]! |= bit;
      const added = this.cache.add(hash, linearized, nextState);
      if (added === ADDED) {
        stackCalls[depth] = node;
        stackStates[depth] = state;
        depth++;
        state = nextState;
        setHash = nextSetHash;
        list.lift(node);
        node = next[head]!;
        continue;
      }
      linearized[word]! &= ~bit;
      if (added === FULL) {
        status = 'cache full';
        break;
      }
      node = next[node]!;
    }

    this.node = node;
    this.state = state;
    this.depth = depth;
    this.setHash = setHash;
    this.stepsTaken += steps;
    this.statusValue = status;
    if (status !== 'running') this.cache.release();
    return steps;
  }

  /** Adds the state the whole part ends in, unless an equal one is there; false past MAX_CARRIED_STATES. */
  private recordEnd(state: State, depth: number): boolean {
    const model = this.model;
    const hash = model.hash?.(state) ?? 0;
    for (let index = 0; index < this.ends.length; index++) {
      if (this.endHashes[index] === hash && model.equal(this.ends[index]!.state, state)) return true;
    }
    if (this.ends.length === MAX_CARRIED_STATES) return false;
    let witness = this.starts[this.startIndex]!.witness;
    for (let position = 0; position < depth; position++) {
      witness = { parent: witness, operation: this.indices[this.list.operationOf[this.stackCalls[position]!]!]! };
    }
    this.ends.push({ state, witness });
    this.endHashes.push(hash);
    return true;
  }

  private recordStuck(depth: number, stuckOperation: number): void {
    // Once the part has an end, its attempts are never reported as a failure: skip the copies.
    if (depth < this.longestDepth || (this.ends.length > 0 && this.longest.length > 0)) return;
    if (depth > this.longestDepth) {
      this.longestDepth = depth;
      this.longest.length = 0;
    }
    if (this.longest.length === MAX_ATTEMPTS) return;
    const prefix = new Array<number>(depth);
    for (let position = 0; position < depth; position++) {
      prefix[position] = this.indices[this.list.operationOf[this.stackCalls[position]!]!]!;
    }
    this.longest.push({ start: this.starts[this.startIndex]!.witness, prefix, stuckOperation: this.indices[stuckOperation]! });
  }
}

/** The operations of a witness chain, oldest first. */
export function witnessOperations(witness: Witness | null): number[] {
  const operations: number[] = [];
  for (let link = witness; link !== null; link = link.parent) operations.push(link.operation);
  return operations.reverse();
}
