/**
 * The just-in-time linearization search of Wing & Gong with Lowe's memo, for
 * the operations of one partition, written as a resumable state machine:
 * `run(steps)` advances it by at most that many steps and returns, so a
 * scheduler can interleave many partitions on one thread and stop them all as
 * soon as one is found not linearizable.
 *
 * One step looks at one list node:
 * - a call: try to linearize that operation next. If the model accepts it and
 *   the resulting (linearized set, state) is new, push it, lift the operation
 *   out of the list and restart from the head; otherwise move to the next node.
 * - a return: an operation that has returned is not linearized yet, so nothing
 *   after this point may come first. Backtrack: pop the last operation, put it
 *   back, and try the node after its call. With nothing to pop, the partition
 *   is not linearizable.
 * The list being empty means every operation is linearized.
 *
 * Candidates are always tried in call-time order, so the search, and with it
 * every reported prefix, is deterministic.
 */

import { assert } from '../assert.js';
import type { Operation } from '../history.js';
import { ILLEGAL, type Model } from '../model.js';
import { EntryList } from './entry-list.js';
import { zobristCodes } from './hashing.js';
import { ADDED, FULL, MemoCache, type CacheAllowance } from './memo-cache.js';

export type SearchStatus = 'running' | 'linearizable' | 'not linearizable' | 'cache full';

/** A linearizable prefix the search could not extend, and the operation that stopped it. */
export interface StuckAttempt {
  /** Partition-local operation indices, in linearization order. */
  prefix: number[];
  /**
   * The operation at whose return the attempt got stuck: it had returned, so
   * it had to come next, but neither it nor any candidate before it could.
   */
  stuckOperation: number;
}

/** How many distinct longest attempts to keep for the report. */
const MAX_LONGEST_ATTEMPTS = 4;

export class PartitionSearch<State, Input, Output> {
  private statusValue: SearchStatus = 'running';
  private stepsTaken = 0;

  private readonly list: EntryList;
  private readonly inputs: Input[];
  private readonly outputs: (Output | null)[];
  private readonly codes: Int32Array;
  private readonly linearized: Int32Array;
  private cache: MemoCache<State>;
  private readonly newCache: () => MemoCache<State>;
  private readonly stackCalls: Int32Array;
  private readonly stackStates: State[];
  /** The model's reachability test (Model.reachability), or null. */
  private readonly reachable: ((operation: number, state: State, linearized: (index: number) => boolean) => boolean) | null;
  private readonly isLinearized = (index: number): boolean => (this.linearized[index >>> 5]! & (1 << (index & 31))) !== 0;

  private depth = 0;
  private node: number;
  private state: State;
  private setHash = 0;
  /** For an unanswered operation, the previous unanswered one with the same input (by call time), else -1. */
  private readonly twinBefore: Int32Array;
  /** Each unanswered operation's place in (call time, index) order. */
  private readonly rank: Int32Array;
  /** 1 for an operation never answered. */
  private readonly unanswered: Uint8Array;
  /**
   * Which candidates the scan tries at the current depth, all before the first
   * return: 0 the operation of that return (it must go before anything
   * returns), 1 the unanswered calls, walking back from that return (latest
   * call first: one given up long ago more likely never took effect), 2 the
   * other answered calls in time order. Every candidate is still tried at every
   * depth, so the search stays complete; only the order changed. In time order
   * (the plain search) an answered write concurrent with a read could go first
   * and then every subset and order of the pending operations had to be
   * refuted: 27 operations, 22 of them given up, ran out of 10M steps (seed 7588).
   * A partition with no unanswered operation (most, once those that can go
   * last are out) keeps the plain order, Porcupine's: pass 2 over every call,
   * which needs about half the steps on Porcupine's kv files (2.0M against
   * 4.4M for the six).
   */
  private pass = 0;
  /** The first return node at the current depth (its operation was pass 0's candidate). */
  private blocker = -1;
  /** The call node of each operation. */
  private readonly callOf: Int32Array;
  /**
   * Iterative deepening on the unanswered operations. A search may hold at
   * most `unansweredLimit` unanswered operations placed whose effect nothing
   * has seen yet (shadows, see followShadows); the others go last, where each
   * is legal. A linearization it finds is a real one. If it fails and never
   * refused an unanswered candidate for the limit, it was the complete search
   * and the history is not linearizable; otherwise it starts again with a
   * limit one higher, and a fresh memo (a configuration that failed under the
   * lower limit may succeed under the higher one; under one limit the memo
   * stays exact, as only configurations without shadows go in it, and their
   * future depends on their set and state alone).
   *
   * Why: each given-up operation may or may not have taken effect, and the
   * search cannot tell which ones a later answer needs until it has tried
   * every subset and order of the others. A history of a correct system needs
   * few at a time (those whose effect the next answers show), so a search
   * that tries few first finds them cheaply, where depth-first trying of
   * every combination before the right one ran past 10M steps on 9 to 19
   * given-up writes to one key (raft-check seeds 6067, 7306, 8501, 9393).
   * A history that is not linearizable pays for the rounds below its largest
   * useful limit; each costs less than the next, as the space grows with it.
   */
  private unansweredLimit = 0;
  /** Shadows (see followShadows): the run of depth d is [shadowBegin[d], shadowEnd[d]). */
  private readonly shadowBegin: Int32Array;
  private readonly shadowEnd: Int32Array;
  private readonly shadowOps: number[] = [];
  private readonly shadowStates: State[] = [];
  private limitRefused = false;

  private longestDepth = -1;
  private longest: StuckAttempt[] = [];
  private linearizationValue: number[] | null = null;

  constructor(
    private readonly model: Model<State, Input, Output>,
    operations: readonly Operation<Input, Output>[],
    allowance: CacheAllowance,
    /** The state the operations start from: the model's initial state, or one a cut search carried to here (cut-search.ts). */
    private readonly initial: State = model.init(),
  ) {
    const count = operations.length;
    this.inputs = new Array<Input>(count);
    this.outputs = new Array<Output | null>(count);
    for (let index = 0; index < count; index++) {
      this.inputs[index] = operations[index]!.input;
      this.outputs[index] = operations[index]!.output;
    }
    this.list = EntryList.ofOperations(operations);
    this.twinBefore = unansweredTwins(operations);
    this.rank = unansweredRanks(operations);
    this.shadowBegin = new Int32Array(count + 1);
    this.shadowEnd = new Int32Array(count + 1);
    this.callOf = this.list.callOf;
    this.unanswered = new Uint8Array(count);
    for (let index = 0; index < count; index++) this.unanswered[index] = operations[index]!.return === null ? 1 : 0;
    this.codes = zobristCodes(count);
    const words = Math.max(1, Math.ceil(count / 32));
    this.linearized = new Int32Array(words);
    this.newCache = () => new MemoCache<State>(words, (a, b) => model.equal(a, b), allowance, 2 * count);
    this.cache = this.newCache();
    this.stackCalls = new Int32Array(count);
    this.stackStates = new Array<State>(count);
    this.state = initial;
    this.node = this.list.next[this.list.head]!;
    this.reachable = model.reachability?.(operations) ?? null;
  }

  get status(): SearchStatus {
    return this.statusValue;
  }

  get steps(): number {
    return this.stepsTaken;
  }

  /** The full linearization (partition-local indices) once the status is 'linearizable'. */
  get linearization(): number[] | null {
    return this.linearizationValue;
  }

  /** The longest prefixes the search has had to abandon so far, each with where it got stuck. */
  get longestAttempts(): readonly StuckAttempt[] {
    return this.longest;
  }

  /** Advances the search by at most `maxSteps` steps; returns how many it took. */
  run(maxSteps: number): number {
    assert(this.statusValue === 'running', 'run() on a finished search');
    const model = this.model;
    const hashesStates = model.hash !== undefined;
    const { next, prev, match, operationOf, head, tail } = this.list;
    const list = this.list;
    const inputs = this.inputs;
    const outputs = this.outputs;
    const codes = this.codes;
    const linearized = this.linearized;
    let cache = this.cache;
    const stackCalls = this.stackCalls;
    const stackStates = this.stackStates;
    const twinBefore = this.twinBefore;
    const unanswered = this.unanswered;
    const callOf = this.callOf;
    const shadowBegin = this.shadowBegin;
    // Pass 1 would walk back to the head for nothing (most histories of a
    // correct system, once the unanswered operations that can go last are out).
    const anyUnanswered = unanswered.includes(1);
    const shadowEnd = this.shadowEnd;
    let pass = this.pass;

    let node = this.node;
    let state = this.state;
    let depth = this.depth;
    let setHash = this.setHash;
    let steps = 0;
    let status: SearchStatus = 'running';

    while (steps < maxSteps) {
      steps++;
      if (node === tail) {
        status = 'linearizable';
        break;
      }
      let candidate = -1;
      if (pass === 0) {
        // Find the first return; its own operation is the first candidate.
        if (match[node]! >= 0) {
          node = next[node]!;
          continue;
        }
        const operation = operationOf[node]!;
        if (unanswered[operation] === 1) {
          // Only unanswered operations are left (their returns come last): they can
          // all take effect now, in any order, as each is legal in every state.
          status = 'linearizable';
          break;
        }
        // Without unanswered operations: Porcupine's order, every call in time order.
        this.blocker = anyUnanswered ? node : -1;
        candidate = anyUnanswered ? callOf[operation]! : -1;
        if (anyUnanswered) {
          pass = 1;
          node = prev[node]!;
        } else {
          pass = 2;
          node = next[head]!;
        }
      } else if (pass === 1) {
        // The unanswered calls before the first return, latest first.
        if (node === head) {
          pass = 2;
          node = next[head]!;
          continue;
        }
        const operation = operationOf[node]!;
        const twin = twinBefore[operation]!;
        if (match[node]! >= 0 && unanswered[operation] === 1 && (twin < 0 || (linearized[twin >>> 5]! & (1 << (twin & 31))) !== 0)) candidate = node;
        node = prev[node]!;
      } else {
        // The other answered calls before the first return, in time order.
        if (match[node]! < 0) {
          this.recordStuck(depth, operationOf[node]!);
          if (depth === 0 && this.limitRefused) {
            // Everything is popped, so list, set and state are as at the start.
            cache = this.deepen();
            state = this.initial;
            node = next[head]!;
            pass = 0;
            continue;
          }
          if (depth === 0) {
            status = 'not linearizable';
            break;
          }
          depth--;
          const call = stackCalls[depth]!;
          const popped = operationOf[call]!;
          state = stackStates[depth]!;
          linearized[popped >>> 5]! &= ~(1 << (popped & 31));
          setHash ^= codes[popped]!;
          list.unlift(call);
          const blocker = anyUnanswered ? this.firstReturn() : -1;
          this.blocker = blocker;
          if (!anyUnanswered) {
            pass = 2;
            node = next[call]!;
          } else if (match[call] === blocker) {
            pass = 1;
            node = prev[blocker]!;
          } else if (unanswered[popped] === 1) {
            pass = 1;
            node = prev[call]!;
          } else {
            pass = 2;
            node = next[call]!;
          }
          continue;
        }
        if (unanswered[operationOf[node]!] === 0 && match[node] !== this.blocker) candidate = node;
        node = next[node]!;
      }
      if (candidate < 0) continue;
      const operation = operationOf[candidate]!;
      const nextState = model.step(state, inputs[operation]!, outputs[operation]!);
      // An unanswered operation that changes nothing here is never needed here: it
      // can move to the very end of any linearization (it is legal in every state).
      if (nextState === ILLEGAL || (unanswered[operation] === 1 && model.equal(nextState, state))) continue;
      const afterUnanswered = depth > 0 && unanswered[operationOf[stackCalls[depth - 1]!]!] === 1;
      if (afterUnanswered && this.commutesBack(operationOf[stackCalls[depth - 1]!]!, stackStates[depth - 1]!, operation, nextState)) continue;
      const shadowsEnd =
        unanswered[operation] === 0 && shadowBegin[depth] === shadowEnd[depth] ? shadowEnd[depth]! : this.followShadows(depth, operation, state, nextState);
      if (shadowsEnd < 0) continue;
      if (this.reachable !== null && this.leavesUnreachable(operation, nextState)) continue;
      if (unanswered[operation] === 1 && shadowsEnd - shadowEnd[depth]! > this.unansweredLimit) {
        this.limitRefused = true;
        continue;
      }
      const word = operation >>> 5;
      const bit = 1 << (operation & 31);
      const nextSetHash = setHash ^ codes[operation]!;
      // The set's Zobrist hash is already uniformly spread, so XOR-ing in the
      // state's hash unmixed still spreads configurations over the table.
      const hash = hashesStates ? nextSetHash ^ model.hash!(nextState) : nextSetHash;
      linearized[word]! |= bit;
      // A configuration entered by an unanswered operation, or with shadows, has
      // fewer successors (see commutesBack, followShadows), so it must neither be
      // pruned as, nor prune, an unrestricted one with the same set and state:
      // only the latter go in the memo.
      const unrestricted = unanswered[operation] === 0 && shadowsEnd === shadowEnd[depth]!;
      const added = unrestricted ? cache.add(hash, linearized, nextState) : ADDED;
      if (added === ADDED) {
        shadowBegin[depth + 1] = shadowEnd[depth]!;
        shadowEnd[depth + 1] = shadowsEnd;
        stackCalls[depth] = candidate;
        stackStates[depth] = state;
        depth++;
        state = nextState;
        setHash = nextSetHash;
        list.lift(candidate);
        node = next[head]!;
        pass = 0;
        continue;
      }
      linearized[word]! &= ~bit;
      if (added === FULL) {
        status = 'cache full';
        break;
      }
    }

    this.node = node;
    this.pass = pass;
    this.state = state;
    this.depth = depth;
    this.setHash = setHash;
    this.stepsTaken += steps;
    this.statusValue = status;
    if (status === 'linearizable') {
      const prefix = this.currentPrefix();
      for (let rest = next[head]!; rest !== tail; rest = next[rest]!) if (match[rest]! >= 0) prefix.push(operationOf[rest]!);
      assert(prefix.length === inputs.length, 'a full linearization holds every operation');
      this.linearizationValue = prefix;
    }
    if (status !== 'running') this.cache.release();
    return steps;
  }

  /**
   * Every backtrack abandons a distinct stack (each push entered a new memo
   * configuration), so the longest ones can be kept without de-duplication.
   */
  private recordStuck(depth: number, stuckOperation: number): void {
    if (depth < this.longestDepth) return;
    if (depth > this.longestDepth) {
      this.longestDepth = depth;
      this.longest = [];
    }
    if (this.longest.length < MAX_LONGEST_ATTEMPTS) {
      this.longest.push({ prefix: this.currentPrefix(depth), stuckOperation });
    }
  }

  /**
   * Whether the unanswered operation `placed`, just linearized from state
   * `before`, commutes with `operation` (which then leads to `after`):
   * `operation` is legal in `before`, and it then `placed` lead to `after`
   * too. The two can then swap, so the search skips `operation` here. Two
   * unanswered ones that commute are kept in one order only: by rank (call
   * time, then index).
   *
   * Why no linearization is lost, by this rule, the shadows (followShadows),
   * the unanswered operations that change nothing where they stand, and
   * twins (unansweredTwins): among the legal linearizations take one that
   * maximizes, comparing suffixes from the shortest up, how many unanswered
   * operations each suffix holds, and among those the one whose unanswered
   * operations, read in order, give the smallest sequence of ranks. Moving an
   * unanswered operation later past an answered one (this swap), or to the
   * end while an answered one still follows (one whose effect nothing saw),
   * raises the first measure; swapping two unanswered ones into rank order,
   * or exchanging twins, keeps the first and lowers the second. Each of these
   * keeps the linearization legal, so the chosen one allows none of them
   * before its last answered operation, and the search, which skips only
   * those, still finds its prefix up to there; the unanswered operations
   * after it are legal last, in any order.
   */
  private commutesBack(placed: number, before: State, operation: number, after: State): boolean {
    if (this.unanswered[operation] === 1 && this.rank[operation]! > this.rank[placed]!) return false;
    const model = this.model;
    const first = model.step(before, this.inputs[operation]!, this.outputs[operation]!);
    if (first === ILLEGAL) return false;
    const swapped = model.step(first, this.inputs[placed]!, this.outputs[placed]!);
    return swapped !== ILLEGAL && model.equal(swapped, after);
  }

  /**
   * Shadows: for each unanswered operation placed whose effect nothing has
   * seen yet, the state the linearization would be in without it. Linearizing
   * `operation` from `state` to `after` steps every shadow too. A shadow in
   * which `operation` is illegal shows the operation was seen (needed), and
   * it is dropped. A shadow that reaches `after` shows its operation's effect
   * was erased unseen (a put after an append), so it could go last instead:
   * the search skips `operation` here (see commutesBack for why that loses
   * nothing). An unanswered `operation` gets a shadow of its own, `state`.
   * Shadows live in flat arrays, one run per depth; writes the new run after
   * the current one and returns its end, or -1 to skip `operation`.
   */
  private followShadows(depth: number, operation: number, state: State, after: State): number {
    const model = this.model;
    const { shadowOps, shadowStates } = this;
    const input = this.inputs[operation]!;
    const output = this.outputs[operation]!;
    let write = this.shadowEnd[depth]!;
    for (let read = this.shadowBegin[depth]!; read < this.shadowEnd[depth]!; read++) {
      const shadow = model.step(shadowStates[read]!, input, output);
      if (shadow === ILLEGAL) continue;
      if (model.equal(shadow, after)) return -1;
      shadowOps[write] = shadowOps[read]!;
      shadowStates[write] = shadow;
      write++;
    }
    if (this.unanswered[operation] === 1) {
      shadowOps[write] = operation;
      shadowStates[write] = state;
      write++;
    }
    return write;
  }

  /**
   * Whether linearizing `operation` into `after` leaves an answered operation
   * called before the first return (all of them must still be linearized)
   * that the model's reachability test says can never be legal again. Such a
   * configuration has no completion under any limit, so it is dropped like an
   * illegal step (and it does not count as refused for the limit). Only the
   * calls before the first return are tested: the ones that can go next, a
   * handful, so a step costs no more than the scan itself.
   */
  private leavesUnreachable(operation: number, after: State): boolean {
    const { next, match, operationOf, head, tail } = this.list;
    const linearized = this.linearized;
    const word = operation >>> 5;
    const bit = 1 << (operation & 31);
    linearized[word]! |= bit;
    let dead = false;
    for (let node = next[head]!; node !== tail && match[node]! >= 0; node = next[node]!) {
      const other = operationOf[node]!;
      if (other === operation || this.unanswered[other] === 1) continue;
      if (!this.reachable!(other, after, this.isLinearized)) {
        dead = true;
        break;
      }
    }
    linearized[word]! &= ~bit;
    return dead;
  }

  /** Starts the search again with one more unanswered operation allowed; returns the fresh memo. */
  private deepen(): MemoCache<State> {
    this.unansweredLimit++;
    this.limitRefused = false;
    this.longestDepth = -1;
    this.longest = [];
    this.cache.release();
    this.cache = this.newCache();
    return this.cache;
  }

  /** The first return node left in the list. */
  private firstReturn(): number {
    const { next, match, tail } = this.list;
    let node = next[this.list.head]!;
    while (node !== tail && match[node]! >= 0) node = next[node]!;
    return node;
  }

  private currentPrefix(depth = this.depth): number[] {
    const prefix = new Array<number>(depth);
    for (let position = 0; position < depth; position++) {
      prefix[position] = this.list.operationOf[this.stackCalls[position]!]!;
    }
    return prefix;
  }
}

/**
 * Symmetry reduction for unanswered operations. Two operations that were never
 * answered and have the same input are interchangeable: neither has an output
 * to match nor a return time to respect, and from the same state they lead to
 * the same state. In any linearization where the later-called twin B comes
 * before the earlier-called A (or without A), swapping them (or putting A in
 * B's place) gives a linearization too, as A was called no later than B. So
 * the search only linearizes B once A is. Without this, k identical pending
 * operations (clients that gave up on a get, or retried deletes: Jepsen's
 * indeterminate ops) are tried in every subset and order, 2^k and k! times
 * the work, where only how many of them took effect matters (seeds 7588, 8987).
 */
function unansweredTwins<Input, Output>(operations: readonly Operation<Input, Output>[]): Int32Array {
  const twinBefore = new Int32Array(operations.length).fill(-1);
  const last = new Map<string, number>();
  for (const index of unansweredInCallOrder(operations)) {
    const key = JSON.stringify(operations[index]!.input);
    const previous = last.get(key);
    if (previous !== undefined) twinBefore[index] = previous;
    last.set(key, index);
  }
  return twinBefore;
}

/** Each unanswered operation's position in (call time, index) order; -1 for answered ones. */
function unansweredRanks<Input, Output>(operations: readonly Operation<Input, Output>[]): Int32Array {
  const rank = new Int32Array(operations.length).fill(-1);
  unansweredInCallOrder(operations).forEach((index, position) => (rank[index] = position));
  return rank;
}

function unansweredInCallOrder<Input, Output>(operations: readonly Operation<Input, Output>[]): number[] {
  const unanswered: number[] = [];
  for (let index = 0; index < operations.length; index++) if (operations[index]!.return === null) unanswered.push(index);
  return unanswered.sort((a, b) => operations[a]!.call - operations[b]!.call || a - b);
}
