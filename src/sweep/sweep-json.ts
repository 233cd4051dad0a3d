/**
 * `raft-check/sweep@1`: a sweep's machine-readable result (`--json`, and
 * sweep.json in the results folder). Besides counts, failures and totals it
 * records everything that makes two sweeps the same sweep (the range, the
 * overrides and bugs, the system, the fingerprint), and which shard of it
 * this is, so that `merge` can refuse mixtures and gaps.
 */

import { parseStrictJson, StrictJsonError } from '../corpus/strict-json.js';
import type { ConfigOverrides } from '../sim/index.js';
import { rangeSize, shardOf, type SeedRange, type Shard } from './seed-range.js';
import type { StopReason } from './sweep.js';
import type { SystemRef } from './system-identity.js';

export const SWEEP_FORMAT = 'raft-check/sweep@1';

export interface SweepFailureJson {
  seed: number;
  kind: string;
  invariant: string;
  message: string;
  time: number;
  node: number | null;
  replay: string;
  /** The failure file and its HTML report, relative to the results folder (null when not written). */
  file: string | null;
  report: string | null;
}

export interface SweepJson {
  format: typeof SWEEP_FORMAT;
  /** The whole sweep's range (the same in every shard). */
  range: SeedRange;
  shard: Shard | null;
  /** The seeds this file was asked to run: the shard's slice, or the whole range. */
  slice: SeedRange;
  /** The overrides that shaped every seed's world, without the bugs. */
  overrides: Omit<ConfigOverrides, 'bugs'>;
  bugs: string[];
  system: SystemRef | null;
  /** The code that ran (package version and code hash). */
  fingerprint: string;
  seedsRun: number;
  passed: number;
  failed: number;
  stoppedBy: StopReason | null;
  workers: number;
  wallMs: number;
  failuresByKind: Record<string, number>;
  failures: SweepFailureJson[];
  totals: Record<string, number>;
  marks: Record<string, number>;
}

/** The fields that must agree for two files to be parts of one sweep. */
export const IDENTITY_FIELDS = ['range', 'overrides', 'bugs', 'system', 'fingerprint'] as const;

export class SweepJsonError extends Error {
  override readonly name = 'SweepJsonError';
}

/** JSON with object keys sorted: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** A short rendering of a bad value for a one-line message (never the whole input). */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

type Check = (value: unknown) => boolean;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const isSeed = isCount;
const isString: Check = (value) => typeof value === 'string';
const isCounts: Check = (value) => isObject(value) && Object.values(value).every((count) => typeof count === 'number' && Number.isFinite(count));

/** Parses and validates a sweep@1 file; any defect is a SweepJsonError naming the file and the field. */
export function parseSweepJson(text: string, name: string): SweepJson {
  let value: unknown;
  try {
    // Strict: a key twice in one object (a hand-merged file) is refused, not read as its last value.
    value = parseStrictJson(text);
  } catch (error) {
    if (error instanceof StrictJsonError) throw new SweepJsonError(`${name}: ${error.message}`);
    throw error;
  }
  const fail = (what: string): never => {
    throw new SweepJsonError(`${name}: ${what}`);
  };
  if (!isObject(value)) return fail(`not a ${SWEEP_FORMAT} file (the output of raft-check --seeds ... --json): expected a JSON object`);
  const field = (key: string, check: Check, expected: string): unknown => {
    if (!check(value[key])) fail(`"${key}" must be ${expected}, got ${shown(value[key])}`);
    return value[key];
  };
  if (value.format !== SWEEP_FORMAT) fail(`not a ${SWEEP_FORMAT} file (the output of raft-check --seeds ... --json): "format" is ${shown(value.format)}`);
  const isRange: Check = (range) => isObject(range) && isSeed(range.first) && isSeed(range.last) && (range.first as number) <= (range.last as number);
  const range = field('range', isRange, 'a seed range {"first", "last"}') as SeedRange;
  const isShard: Check = (shard) =>
    shard === null || (isObject(shard) && isCount(shard.count) && isCount(shard.index) && (shard.index as number) >= 1 && (shard.index as number) <= (shard.count as number));
  const shard = field('shard', isShard, 'null or {"index", "count"} with 1 <= index <= count') as Shard | null;
  const slice = field('slice', isRange, 'a seed range {"first", "last"}') as SeedRange;
  const expectedSlice = shard === null ? range : shardOf(range, shard);
  if (expectedSlice === null || expectedSlice.first !== slice.first || expectedSlice.last !== slice.last) {
    fail(`"slice" ${shown(slice)} is not shard ${shard === null ? 'none' : `${shard.index}/${shard.count}`} of the range ${shown(range)}`);
  }
  field('overrides', (overrides) => isObject(overrides) && !('bugs' in overrides), 'an object (without "bugs")');
  field('bugs', (bugs) => Array.isArray(bugs) && bugs.every(isString), 'an array of bug names');
  field('system', (system) => system === null || (isObject(system) && isString(system.spec) && (system.hash === null || isString(system.hash))), 'null or {"spec", "hash"}');
  field('fingerprint', isString, 'a string');
  const seedsRun = field('seedsRun', (count) => isCount(count) && (count as number) <= rangeSize(slice), `a count of at most ${rangeSize(slice)} seeds`) as number;
  const passed = field('passed', (count) => isCount(count) && (count as number) <= seedsRun, `a count of at most seedsRun (${seedsRun})`) as number;
  field('stoppedBy', (reason) => reason === null || reason === 'fail-fast' || reason === 'time-limit' || reason === 'interrupted', 'null, "fail-fast", "time-limit" or "interrupted"');
  field('workers', isCount, 'a count');
  field('wallMs', isCount, 'a whole number of milliseconds');
  field('failuresByKind', isCounts, 'an object of counts');
  field('totals', isCounts, 'an object of counts');
  field('marks', isCounts, 'an object of counts');
  const failures = field('failures', Array.isArray, 'an array') as unknown[];
  failures.forEach((failure, i) => {
    const at = `"failures"[${i}]`;
    if (!isObject(failure)) return fail(`${at} must be an object, got ${shown(failure)}`);
    const check = (key: string, ok: boolean, expected: string): void => {
      if (!ok) fail(`${at}.${key} must be ${expected}, got ${shown(failure[key])}`);
    };
    const seed = failure.seed;
    check('seed', isSeed(seed) && (seed as number) >= slice.first && (seed as number) <= slice.last, `a seed in ${slice.first}..${slice.last}`);
    for (const key of ['kind', 'invariant', 'message', 'replay']) check(key, isString(failure[key]), 'a string');
    check('time', typeof failure.time === 'number' && Number.isFinite(failure.time), 'a number');
    check('node', failure.node === null || isCount(failure.node), 'null or a node number');
    for (const key of ['file', 'report']) check(key, failure[key] === null || isString(failure[key]), 'null or a path');
    return undefined;
  });
  if (new Set(failures.map((failure) => (failure as SweepFailureJson).seed)).size !== failures.length) fail('"failures" lists a seed twice');
  if (passed + failures.length !== seedsRun) fail(`"passed" (${passed}) and the ${failures.length} failures do not add up to "seedsRun" (${seedsRun})`);
  field('failed', (count) => count === failures.length, `the number of failures (${failures.length})`);
  return value as unknown as SweepJson;
}
