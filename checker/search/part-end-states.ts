/**
 * Every configuration one part of a cut history (cuts.ts) can end in: the
 * search of partition-search.ts without its reductions, which does not stop
 * at the first linearization. A configuration is a state and the operations
 * never answered that have not taken effect yet (pending): they may still
 * take effect in a later part, or never. The part is done once every
 * answered operation of it is linearized; the search records the state and
 * the pending operations left there, and backtracks, so when it is done,
 * every linearization of the part from every start has been walked, up to
 * the memo. Taking effect after the last answered operation of the part is
 * the same as taking effect first in the next part, so it is not tried here.
 *
 * The operations are the part's and every start's pending ones; for each
 * start, the pending operations of the other starts that this one does not
 * have (they took effect in its past) are lifted out first, as linearized.
 * The memo is shared by the starts: a configuration (set, state) reached
 * again has the same completions whichever start it came from, and the first
 * time it was entered they were all walked (depth first, its whole subtree
 * comes before anything else), so their ends are recorded.
 *
 * A configuration (s, P) makes (s, Q) for Q inside P redundant: whatever
 * follows the latter follows the former with the extra pending operations
 * never taking effect. Only the larger is kept.
 *
 * Resumable like PartitionSearch: `run(steps)`. It gives up (`overflow`)
 * past a step cap, past MAX_CARRIED_STATES configurations or past
 * MAX_PENDING pending operations, and the cut search then searches the rest
 * without cuts.
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

/**
 * A configuration a cut can be crossed in: a state, the operations never
 * answered that have not taken effect (searched indices, ascending), and one
 * linearization of everything else before the cut that ends in that state.
 */
export interface Carried<State> {
  readonly state: State;
  readonly pending: readonly number[];
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

/**
 * Bound on the pending operations of one configuration. Each may take effect
 * at any point of every later part, so a part's configurations grow with two
 * to their number; a given-up write no later answer shows stays pending for
 * good, and past this many the rest is searched whole, by the search built
 * for them (iterative deepening, shadows).
 */
export const MAX_PENDING = 4;

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
  /** 1 for an operation never answered. */
  private readonly unanswered: Uint8Array;
  /** The call node of each operation. */
  private readonly callOf: Int32Array;
  /** The operations lifted out before the current start (pending for other starts, not for it), in lifting order. */
  private preLifted: number[] = [];
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
   * `operations` are the part's and the starts' pending ones; `indices[i]` is
   * operation i's searched index, the number configurations, witnesses and
   * attempts hold.
   */
  constructor(
    private readonly model: Model<State, Input, Output>,
    private readonly operations: readonly Operation<Input, Output>[],
    private readonly indices: readonly number[],
    /** The first `partSize` operations are the part's; the others are pending in some start. */
    private readonly partSize: number,
    private readonly starts: readonly Carried<State>[],
    allowance: CacheAllowance,
    private readonly stepCap: number,
  ) {
    const count = operations.length;
    this.unanswered = new Uint8Array(count);
    operations.forEach((operation, index) => (this.unanswered[index] = operation.return === null ? 1 : 0));
    this.list = EntryList.ofOperations(operations);
    this.callOf = this.list.callOf;
    this.codes = zobristCodes(count);
    const words = Math.max(1, Math.ceil(count / 32));
    this.linearized = new Int32Array(words);
    this.cache = new MemoCache<State>(words, (a, b) => model.equal(a, b), allowance, 2 * count);
    this.stackCalls = new Int32Array(count);
    this.stackStates = new Array<State>(count);
    this.state = starts[0]!.state;
    this.beginStart();
    this.node = this.list.next[this.list.head]!;
  }

  /** Lifts out, as linearized, the pending operations of other starts that the current start does not have. */
  private beginStart(): void {
    const own = new Set(this.starts[this.startIndex]!.pending);
    for (let operation = this.partSize; operation < this.indices.length; operation++) {
      if (!own.has(this.indices[operation]!)) this.preLifted.push(operation);
    }
    for (const operation of this.preLifted) {
      this.linearized[operation >>> 5]! |= 1 << (operation & 31);
      this.setHash ^= this.codes[operation]!;
      this.list.lift(this.callOf[operation]!);
    }
  }

  /** Undoes beginStart. */
  private endStart(): void {
    for (let position = this.preLifted.length - 1; position >= 0; position--) {
      const operation = this.preLifted[position]!;
      this.list.unlift(this.callOf[operation]!);
      this.linearized[operation >>> 5]! &= ~(1 << (operation & 31));
      this.setHash ^= this.codes[operation]!;
    }
    this.preLifted = [];
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
      // Returns of answered operations come before those of unanswered ones (at
      // +Infinity), so reaching one of the latter means every answered one is linearized.
      const atEnd = node === tail || (match[node]! < 0 && this.unanswered[operationOf[node]!] === 1);
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
          this.setHash = setHash;
          this.endStart();
          this.startIndex++;
          if (this.startIndex === this.starts.length) {
            status = 'done';
            break;
          }
          this.beginStart();
          setHash = this.setHash;
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

  /**
   * Adds the configuration the part ends in (the state, and the unanswered
   * operations not linearized), unless one with an equal state and all its
   * pending operations is there; drops those it makes redundant. False past
   * MAX_CARRIED_STATES configurations or MAX_PENDING pending operations.
   */
  private recordEnd(state: State, depth: number): boolean {
    const model = this.model;
    const pending: number[] = [];
    for (let operation = 0; operation < this.indices.length; operation++) {
      if (this.unanswered[operation] === 1 && (this.linearized[operation >>> 5]! & (1 << (operation & 31))) === 0) pending.push(this.indices[operation]!);
    }
    if (pending.length > MAX_PENDING) return false;
    pending.sort((a, b) => a - b);
    const hash = model.hash?.(state) ?? 0;
    for (let index = 0; index < this.ends.length; index++) {
      if (this.endHashes[index] === hash && model.equal(this.ends[index]!.state, state) && includesAll(this.ends[index]!.pending, pending)) return true;
    }
    for (let index = this.ends.length - 1; index >= 0; index--) {
      if (this.endHashes[index] === hash && model.equal(this.ends[index]!.state, state) && includesAll(pending, this.ends[index]!.pending)) {
        this.ends.splice(index, 1);
        this.endHashes.splice(index, 1);
      }
    }
    if (this.ends.length === MAX_CARRIED_STATES) return false;
    let witness = this.starts[this.startIndex]!.witness;
    for (let position = 0; position < depth; position++) {
      witness = { parent: witness, operation: this.indices[this.list.operationOf[this.stackCalls[position]!]!]! };
    }
    this.ends.push({ state, pending, witness });
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

/** Whether every element of `some` is in `all` (both ascending). */
function includesAll(all: readonly number[], some: readonly number[]): boolean {
  let at = 0;
  for (const element of some) {
    while (at < all.length && all[at]! < element) at++;
    if (at === all.length || all[at] !== element) return false;
  }
  return true;
}

/** The operations of a witness chain, oldest first. */
export function witnessOperations(witness: Witness | null): number[] {
  const operations: number[] = [];
  for (let link = witness; link !== null; link = link.parent) operations.push(link.operation);
  return operations.reverse();
}
