/**
 * Puts the call and return times of a history on a time axis of doubles that
 * orders them exactly as their written values. Only the order of times
 * matters to linearizability (and `return >= call`), so any order-preserving
 * renumbering gives the same verdict:
 * - times whose doubles print as written stay as they are (the usual case);
 * - otherwise integer times are rebased to the smallest one, exactly (with
 *   bigint), when the differences fit in a double: nanosecond clocks;
 * - otherwise every time is replaced by its rank among the distinct times.
 * The result says which, so that reports can say what their times mean.
 */

import { compareDecimal, isFaithfulDouble, isInteger, toBigInt, type ExactDecimal } from './exact-number.js';

export interface WrittenTime {
  token: string;
  value: ExactDecimal;
}

export type TimeAxisKind = 'as written' | 'rebased' | 'ranks';

export interface TimeAxis {
  times: number[];
  kind: TimeAxisKind;
  /** For 'rebased': the written time that became 0. */
  origin: string | null;
}

export function timeAxis(written: readonly WrittenTime[]): TimeAxis {
  if (written.every((time) => isFaithfulDouble(time.token, time.value))) {
    return { times: written.map((time) => Number(time.token)), kind: 'as written', origin: null };
  }
  if (written.every((time) => isInteger(time.value))) {
    const values = written.map((time) => toBigInt(time.value));
    const origin = values.reduce((smallest, value) => (value < smallest ? value : smallest));
    const offsets = values.map((value) => value - origin);
    if (offsets.every((offset) => offset <= BigInt(Number.MAX_SAFE_INTEGER))) {
      return { times: offsets.map(Number), kind: 'rebased', origin: origin.toString() };
    }
  }
  return { times: ranks(written), kind: 'ranks', origin: null };
}

function ranks(written: readonly WrittenTime[]): number[] {
  const order = written.map((_, index) => index).sort((a, b) => compareDecimal(written[a]!.value, written[b]!.value));
  const times = new Array<number>(written.length);
  let rank = 0;
  order.forEach((index, position) => {
    if (position > 0 && compareDecimal(written[order[position - 1]!]!.value, written[index]!.value) !== 0) rank++;
    times[index] = rank;
  });
  return times;
}
