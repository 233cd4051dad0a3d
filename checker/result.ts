/** What a check returns. All operation numbers are indices into the checked operations array. */

export type Verdict = 'linearizable' | 'not linearizable' | 'unknown';

/**
 * Why a verdict is unknown: the step budget or the time ran out, the memo
 * cache reached its cap, or (for one partition) the check stopped early
 * because another partition had already been found not linearizable.
 */
export type UnknownReason = 'steps' | 'time' | 'cache' | 'stopped';

/** A linearizable prefix that could not be extended, and the operation that stopped it. */
export interface StuckPrefix {
  /** The prefix, in linearization order. */
  operations: number[];
  /** It had returned, so it had to be linearized next, yet no order of the candidates allowed it. */
  stuckOperation: number;
}

export interface PartitionResult {
  /** E.g. `key "x"`, or `all operations` for a model without partitions. */
  name: string;
  verdict: Verdict;
  unknownReason: UnknownReason | null;
  /** The partition's operations, ascending. */
  operations: number[];
  /** A full linearization when the verdict is `linearizable`, else null. */
  linearization: number[] | null;
  /** The longest prefixes the search had to abandon (at most a few), longest first; empty when linearizable. */
  longestPrefixes: StuckPrefix[];
  /** The stuck operation of the first longest prefix, or null when there is none. */
  stuckOperation: number | null;
  /** Search steps spent on this partition. */
  steps: number;
  /** One paragraph in plain words. */
  description: string;
}

export interface CheckResult {
  verdict: Verdict;
  model: string;
  /** Null unless the verdict is unknown. */
  unknownReason: UnknownReason | null;
  partitions: PartitionResult[];
  /** Total search steps over all partitions. */
  steps: number;
  /** One line in plain words: the verdict and, when not linearizable, where. */
  summary: string;
}
