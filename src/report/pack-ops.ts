/**
 * Client operations dominate a long run's report (tens of thousands of them),
 * so the page embeds them as columns rather than as objects: no repeated field
 * names, ids implied by position, keys as indexes into a key table, and the
 * return time as a duration. That cuts their share of the file by about
 * two thirds. The page's script unpacks them on load with unpackOps below
 * (through embedded-report.ts), the exact inverse of packOps, as the tests
 * check.
 */

import type { OpOutcome, ReportOp } from './report-data.js';

export interface PackedOps {
  keys: string[];
  client: number[];
  call: number[];
  /** return - call, or -1 when the op never returned (simulated times are whole ms, so this is exact). */
  duration: number[];
  /** Index into `keys`. */
  key: number[];
  input: string[];
  output: Array<string | null>;
  /** One letter per op: o(k), f(ailed), u(nknown). */
  outcome: string;
  /**
   * Attempts per op, flattened: [first node, time, node, time, node, ...];
   * the first attempt's time is the call, so it is not repeated. [] when unknown.
   */
  attempts: number[][];
  /** -1 when none. */
  answeredBy: number[];
}

const OUTCOME_LETTER: Record<OpOutcome, string> = { ok: 'o', failed: 'f', unknown: 'u' };
const LETTER_OUTCOME: Record<string, OpOutcome> = { o: 'ok', f: 'failed', u: 'unknown' };

/** `ops[i].id` must be i (ids are positions). */
export function packOps(ops: readonly ReportOp[]): PackedOps {
  const keyIndex = new Map<string, number>();
  const packed: PackedOps = {
    keys: [], client: [], call: [], duration: [], key: [], input: [], output: [], outcome: '', attempts: [], answeredBy: [],
  };
  const outcomes: string[] = [];
  ops.forEach((op, i) => {
    if (op.id !== i) throw new Error(`op ids must be their positions: op at ${i} has id ${op.id}`);
    let index = keyIndex.get(op.key);
    if (index === undefined) {
      index = packed.keys.length;
      keyIndex.set(op.key, index);
      packed.keys.push(op.key);
    }
    packed.client.push(op.client);
    packed.call.push(op.call);
    packed.duration.push(op.return === null ? -1 : op.return - op.call);
    packed.key.push(index);
    packed.input.push(op.input);
    packed.output.push(op.output);
    outcomes.push(OUTCOME_LETTER[op.outcome]);
    const [first, ...retries] = op.attempts;
    if (first !== undefined && first[0] !== op.call) throw new Error(`op ${i}: its first attempt must be at its call`);
    packed.attempts.push(first === undefined ? [] : [first[1], ...retries.flat()]);
    packed.answeredBy.push(op.answeredBy ?? -1);
  });
  packed.outcome = outcomes.join('');
  return packed;
}

function attemptsOf(call: number, flat: readonly number[]): Array<[number, number]> {
  if (flat.length === 0) return [];
  const result: Array<[number, number]> = [[call, flat[0] as number]];
  for (let i = 1; i + 1 < flat.length; i += 2) result.push([flat[i] as number, flat[i + 1] as number]);
  return result;
}

export function unpackOps(packed: PackedOps): ReportOp[] {
  return packed.client.map((client, id) => {
    const call = packed.call[id] as number;
    const duration = packed.duration[id] as number;
    return {
      id,
      client,
      call,
      return: duration < 0 ? null : call + duration,
      key: packed.keys[packed.key[id] as number] as string,
      input: packed.input[id] as string,
      output: packed.output[id] as string | null,
      outcome: LETTER_OUTCOME[packed.outcome[id] as string] as OpOutcome,
      attempts: attemptsOf(call, packed.attempts[id] as number[]),
      answeredBy: (packed.answeredBy[id] as number) < 0 ? null : (packed.answeredBy[id] as number),
    };
  });
}
