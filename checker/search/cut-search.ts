/**
 * The search of a partition whose history has cuts (cuts.ts): parts in time
 * order, carrying across each cut the set of states the history so far can
 * end in. Porcupine's memo holds (linearized set, state) for the whole
 * partition, so a sequential history of n operations costs n bitsets of n
 * bits: 50,000 operations took 520 MB, 300,000 reads filled the 1 GiB cap.
 * Cut, each part is searched alone and forgotten, and a sequential history
 * costs one step and one state per operation.
 *
 * Exact: every linearization orders the answered operations of the parts,
 * so the partition is linearizable exactly when some linearization of part 1
 * from the initial state ends in a configuration (a state, and the operations
 * never answered that have not taken effect yet) from which part 2 has one,
 * and so on. Part k's end configurations are all of them, but for redundant
 * ones (part-end-states.ts, small-part.ts). The last part is searched by
 * PartitionSearch from each carried configuration in turn, its pending
 * operations included, with all its reductions for operations never
 * answered; so is the rest of the partition from any part whose ends are too
 * many or too costly to list, so the fallback is the uncut search of a
 * suffix, never a guess.
 *
 * Resumable like PartitionSearch, and its steps are the sum of its parts'.
 */

import type { Operation } from '../history.js';
import { ILLEGAL, type Model } from '../model.js';
import type { CacheAllowance } from './memo-cache.js';
import { MAX_PENDING, PartEndStates, witnessOperations, type Carried, type PartAttempt } from './part-end-states.js';
import { PartitionSearch, type SearchStatus, type StuckAttempt } from './partition-search.js';
import { listSmallPart, MAX_SMALL_PART, smallPartSteps } from './small-part.js';

const MAX_ATTEMPTS = 4;

/**
 * Steps a part may take to list its end states, per operation and carried
 * state, before the rest is searched whole: listing is cheap for the small
 * parts cuts leave, and this caps what a part too concurrent to list wastes.
 */
const PART_STEPS_BASE = 4096;
const PART_STEPS_PER_OPERATION = 256;

/**
 * Parts where more operations than this are open at once are not listed: the
 * configurations of a part grow with two to the power of that overlap, and
 * listing all of them, where the search of the rest stops at the first
 * linearization, cost Porcupine's 50-client kv histories (parts of 80
 * operations, 10 to 12 open at once) about half again their time.
 */
const MAX_LISTED_OVERLAP = 5;

/** The most operations open at one time (intervals are closed: touching ones overlap). */
function maxOverlap(operations: readonly Operation<unknown, unknown>[]): number {
  const events: number[][] = [];
  for (const operation of operations) events.push([operation.call, 1], [operation.return ?? Number.POSITIVE_INFINITY, -1]);
  events.sort((a, b) => a[0]! - b[0]! || b[1]! - a[1]!);
  let open = 0;
  let most = 0;
  for (const [, change] of events) {
    open += change!;
    most = Math.max(most, open);
  }
  return most;
}

export class CutSearch<State, Input, Output> {
  private statusValue: SearchStatus = 'running';
  private stepsTaken = 0;
  private carried: Carried<State>[];
  private partIndex = 0;
  private part: PartEndStates<State, Input, Output> | null = null;
  /** Searched indices of the rest once it is searched whole, else null. */
  private rest: number[] | null = null;
  private restStart = 0;
  /** The operations of the current rest search: the pending ones of its start, then the rest. */
  private restIndices: number[] = [];
  /** The latest cut crossed in a single configuration (part index and it), where the rest can also start. */
  private lastSingle: { partIndex: number; carried: Carried<State>[] };
  /** How many operations the parts before each part hold. */
  private readonly operationsBefore: Int32Array;
  private restSearch: PartitionSearch<State, Input, Output> | null = null;
  private attempts: StuckAttempt[] = [];
  private linearizationValue: number[] | null = null;

  /** `parts` as cutIntoParts gives them, over `operations` (the partition's searched operations). */
  constructor(
    private readonly model: Model<State, Input, Output>,
    private readonly operations: readonly Operation<Input, Output>[],
    private readonly parts: readonly (readonly number[])[],
    private readonly allowance: CacheAllowance,
  ) {
    this.carried = [{ state: model.init(), pending: [], witness: null }];
    this.operationsBefore = new Int32Array(parts.length + 1);
    parts.forEach((part, index) => (this.operationsBefore[index + 1] = this.operationsBefore[index]! + part.length));
    this.lastSingle = { partIndex: 0, carried: this.carried };
  }

  get status(): SearchStatus {
    return this.statusValue;
  }

  get steps(): number {
    return this.stepsTaken;
  }

  /** A full linearization (searched indices) once linearizable. */
  get linearization(): number[] | null {
    return this.linearizationValue;
  }

  /**
   * The longest prefixes abandoned, in searched indices, each from the start
   * of the partition. While the search is unfinished (a budget ran out), the
   * frontier of the part or rest being searched is included.
   */
  get longestAttempts(): readonly StuckAttempt[] {
    if (this.statusValue === 'linearizable' || this.statusValue === 'not linearizable') return this.attempts;
    const settled = this.attempts;
    if (this.part !== null) this.keepLongest(this.part.longest);
    else if (this.restSearch !== null) this.keepLongest(this.restAttempts(this.restSearch));
    // Between parts: as far as the search got, and the part it was to search next.
    if (this.attempts.length === 0 && this.partIndex < this.parts.length) {
      this.keepLongest([{ start: this.carried[0]!.witness, prefix: [], stuckOperation: this.parts[this.partIndex]![0]! }]);
    }
    const withFrontier = this.attempts;
    this.attempts = settled;
    return withFrontier;
  }

  run(maxSteps: number): number {
    let steps = 0;
    while (steps < maxSteps && this.statusValue === 'running') {
      if (this.rest !== null) steps += this.runRest(maxSteps - steps);
      else if (this.partIndex === this.parts.length - 1) this.searchRestWhole();
      else if (this.part !== null) steps += this.runPart(maxSteps - steps);
      else if (this.nothingPending() && this.parts[this.partIndex]!.length === 1 && this.carried.length === 1) steps += this.stepSingle();
      else if (this.fitsSmall(maxSteps - steps)) steps += this.listSmall();
      else steps += this.runPart(maxSteps - steps);
    }
    this.stepsTaken += steps;
    return steps;
  }

  /** A part of one operation from one state: one step, no search (a sequential history is all such parts). */
  private stepSingle(): number {
    const operation = this.parts[this.partIndex]![0]!;
    const { input, output } = this.operations[operation]!;
    const from = this.carried[0]!;
    const next = this.model.step(from.state, input, output);
    if (next === ILLEGAL) {
      this.fail([{ start: from.witness, prefix: [], stuckOperation: operation }]);
      return 1;
    }
    this.crossCut([{ state: next, pending: [], witness: { parent: from.witness, operation } }]);
    return 1;
  }

  /** Whether the current part is small enough to list by trying every order, within the steps left. */
  private fitsSmall(stepsLeft: number): boolean {
    const size = this.parts[this.partIndex]!.length;
    return size <= MAX_SMALL_PART && this.nothingPending() && smallPartSteps(size, this.carried.length) <= stepsLeft;
  }

  /** Whether no carried configuration has a pending operation and every operation of the current part is answered. */
  private nothingPending(): boolean {
    return this.carried.every((from) => from.pending.length === 0) && this.parts[this.partIndex]!.every((index) => this.operations[index]!.return !== null);
  }

  private listSmall(): number {
    const listed = listSmallPart(this.model, this.operations, this.parts[this.partIndex]!, this.carried);
    if (listed.ends === null) this.searchRestWhole();
    else if (listed.ends.length === 0) this.fail(listed.attempts);
    else this.crossCut(listed.ends);
    return listed.steps;
  }

  private crossCut(ends: Carried<State>[]): void {
    this.carried = ends;
    this.partIndex++;
    if (ends.length === 1) this.lastSingle = { partIndex: this.partIndex, carried: ends };
  }

  private runPart(maxSteps: number): number {
    if (this.part === null) {
      const own = this.parts[this.partIndex]!;
      if (own.length > MAX_LISTED_OVERLAP && maxOverlap(own.map((index) => this.operations[index]!)) > MAX_LISTED_OVERLAP) {
        this.searchRestWhole();
        return 0;
      }
      // The part's operations, then every operation pending in some carried configuration.
      const pending = [...new Set(this.carried.flatMap((from) => from.pending))].sort((a, b) => a - b);
      const indices = [...own, ...pending];
      const cap = PART_STEPS_BASE + PART_STEPS_PER_OPERATION * indices.length * this.carried.length;
      const operations = indices.map((index) => this.operations[index]!);
      this.part = new PartEndStates(this.model, operations, indices, own.length, this.carried, this.allowance, cap);
    }
    const part = this.part;
    const steps = part.run(maxSteps);
    switch (part.status) {
      case 'running':
        break;
      case 'cache full':
        this.statusValue = 'cache full';
        break;
      case 'overflow':
        this.part = null;
        this.searchRestWhole();
        break;
      case 'done':
        this.part = null;
        if (part.ends.length === 0) {
          this.fail(part.longest);
        } else {
          this.crossCut(part.ends);
        }
    }
    return steps;
  }

  /**
   * From the current part on, the uncut search, from each carried state in
   * turn; or, when that is likely more work, from the latest cut crossed in
   * a single state. Searches from several states share no memo, so k states
   * can cost k times a search of the rest (the last part of a Jepsen log,
   * which holds its given-up operations, is the costly one); the latest
   * single-state cut is the other way, and the choice is the fewer
   * operations to search. Both are exact.
   */
  private searchRestWhole(): void {
    const restSize = this.operations.length - this.operationsBefore[this.partIndex]! + MAX_PENDING;
    const fromSingleSize = this.operations.length - this.operationsBefore[this.lastSingle.partIndex]! + MAX_PENDING;
    if (this.carried.length > 1 && fromSingleSize < this.carried.length * restSize) {
      this.partIndex = this.lastSingle.partIndex;
      this.carried = this.lastSingle.carried;
    }
    const rest: number[] = [];
    for (let part = this.partIndex; part < this.parts.length; part++) for (const index of this.parts[part]!) rest.push(index);
    this.rest = rest;
    this.restStart = 0;
  }

  private runRest(maxSteps: number): number {
    const from = this.carried[this.restStart]!;
    if (this.restSearch === null) {
      // The configuration's pending operations may take effect anywhere in the rest, or never.
      this.restIndices = [...from.pending, ...this.rest!];
      this.restSearch = new PartitionSearch(
        this.model,
        this.restIndices.map((index) => this.operations[index]!),
        this.allowance,
        from.state,
      );
    }
    const rest = this.restIndices;
    const search = this.restSearch;
    const steps = search.run(maxSteps);
    if (search.status === 'running') return steps;
    if (search.status === 'cache full') {
      this.statusValue = 'cache full';
      return steps;
    }
    this.restSearch = null;
    if (search.status === 'linearizable') {
      this.linearizationValue = [...witnessOperations(from.witness), ...search.linearization!.map((local) => rest[local]!)];
      this.statusValue = 'linearizable';
    } else {
      this.keepLongest(this.restAttempts(search));
      this.restStart++;
      if (this.restStart === this.carried.length) this.statusValue = 'not linearizable';
    }
    return steps;
  }

  /** A rest search's attempts, in searched indices, from the state it started in. */
  private restAttempts(search: PartitionSearch<State, Input, Output>): PartAttempt[] {
    const rest = this.restIndices;
    const start = this.carried[this.restStart]!.witness;
    return search.longestAttempts.map((attempt) => ({
      start,
      prefix: attempt.prefix.map((local) => rest[local]!),
      stuckOperation: rest[attempt.stuckOperation]!,
    }));
  }

  private fail(attempts: readonly PartAttempt[]): void {
    this.keepLongest(attempts);
    this.statusValue = 'not linearizable';
  }

  /** Keeps the longest attempts seen over all carried states, written out from the start of the partition. */
  private keepLongest(attempts: readonly PartAttempt[]): void {
    for (const attempt of attempts) {
      const prefix = [...witnessOperations(attempt.start), ...attempt.prefix];
      const longest = this.attempts[0]?.prefix.length ?? -1;
      if (prefix.length > longest) this.attempts = [];
      if (prefix.length >= longest && this.attempts.length < MAX_ATTEMPTS) {
        this.attempts = [...this.attempts, { prefix, stuckOperation: attempt.stuckOperation }];
      }
    }
  }
}
