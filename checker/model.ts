/**
 * What the checker needs to know about a sequential specification.
 *
 * The checker never looks inside states, inputs or outputs; everything it
 * knows comes through these functions. Adding a model is one file that builds
 * one `Model` value (see models/kv.ts) and, for use by name, one call to
 * `registerModel`.
 *
 * A model's state is the state of ONE partition. A model that defines
 * `partition` (kv splits by key) is only ever stepped with the operations of a
 * single partition, so its state can be small (kv: one string).
 */

import type { Operation } from './history.js';

/** Returned by `Model.step` when the operation cannot happen in that state. */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Illegal = typeof ILLEGAL;

/** One group of operations that can be checked on its own. */
export interface PartitionSpec {
  /** Human-readable, e.g. `key "x"`. Unique within one history. */
  name: string;
  /** Indices into the operations array given to `partition`, ascending. */
  indices: number[];
}

export interface Model<State = unknown, Input = unknown, Output = unknown> {
  /** The name used in `HistoryFile.model`. */
  name: string;
  init(): State;
  /**
   * Pure: must not change its arguments. Returns the state after the operation,
   * or ILLEGAL when `output` cannot be the answer to `input` in `state`.
   * `output === null` means the outcome is unknown (the operation was never
   * answered): the step must then be legal in every state, and it must still
   * apply the operation's effect.
   */
  step(state: State, input: Input, output: Output | null): State | Illegal;
  /** State equality; must agree with `hash`. */
  equal(a: State, b: State): boolean;
  /** Optional 32-bit hash of a state, equal for `equal` states. Speeds up the memo cache. */
  hash?(state: State): number;
  /**
   * Optional P-compositional split: the history is linearizable exactly when
   * every part is. Every index must appear in exactly one part.
   */
  partition?(operations: readonly Operation<Input, Output>[]): PartitionSpec[];
  /**
   * Optional: the unanswered operations of one partition that can go last.
   * Returns one flag per operation; flags may be set only for operations
   * with `return === null`, and only such that, from EVERY legal
   * linearization of these operations (stepped from `init()`: the search asks
   * once per partition, with all of its operations), moving ALL the flagged
   * operations to the end gives a legal linearization again (the model's
   * comment must argue it; one flag may rely on another). The search then
   * leaves the flagged operations out and puts them after everything else,
   * which is exact: an unanswered operation is legal in every state and has
   * no return time to respect, so it is always legal last.
   */
  movableToEnd?(operations: readonly Operation<Input, Output>[]): boolean[];
  /**
   * Optional: a necessary condition for an operation to be linearized later.
   * Called once per partition with the operations searched; returns a test
   * `(operation, state, linearized)` that may answer false only when NO
   * sequence of distinct operations not yet linearized (`linearized(i)` false,
   * `operation` excluded), stepped legally from `state`, leaves a state in
   * which `operation` is legal. The search then drops the configuration: the
   * operation still has to be linearized after it, so it has no completion.
   * Answering true is always sound; the test only prunes.
   */
  reachability?(operations: readonly Operation<Input, Output>[]): (operation: number, state: State, linearized: (index: number) => boolean) => boolean;
  /** Checks one operation's input and output as read from a file; returns what is wrong, or null. */
  validateOperation(input: unknown, output: unknown): string | null;
  describeOperation(input: Input, output: Output | null): string;
  /**
   * The state in plain words. With `maxLength`, about that many characters at
   * most (elide the middle of a long value): the HTML view describes the state
   * after every operation, and in full that would grow with the square of the
   * history for append workloads. A model may ignore it; the view then cuts
   * the description itself.
   */
  describeState(state: State, maxLength?: number): string;
}

/** A model whose types have been forgotten, as the registry and the file readers hold them. */
export type AnyModel = Model<any, any, any>;
