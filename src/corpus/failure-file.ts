/**
 * The failure corpus file, `raft-check/failure@1`: one failing run, saved so
 * that it can be replayed forever (`raft-check replay FILE`, `raft-check
 * regress DIR`, and the vitest regression test over histories/).
 *
 * It holds the seed and the overrides that reproduce the run, the full drawn
 * configuration (fault mix included) to detect drift, the fingerprint, the
 * failure, the client history, and the shrunk plan when there is one (a
 * shrunk plan replays on its own, without the seed's draws).
 *
 * `system` names a plugged-in implementation (`--system`: the spec and a
 * sha256 of its code); it is absent for our own Raft.
 *
 * `expect` says what a regression run requires: "pass" for a real bug that
 * has been fixed (the default for runs of the correct code), "same-failure"
 * for a run with an injected catalog bug (the harness must keep catching it).
 */

import { HISTORY_FORMAT, type HistoryFile, type KvInput, type KvOutput } from '@raft-check/checker';
import type { SystemRef } from '../harness/system-ref.js';
import { drawRunConfig, type ConfigOverrides, type Plan, type RunConfig, type RunFailure, type RunResult } from '../sim/index.js';
import type { PlanSize } from '../shrink/plan-size.js';
import { checkBugNames, checkOverrides, checkPlan, checkTypesLike, RunShapeError } from './run-limits.js';
import { UserInputError } from '../util/user-input-error.js';
import { parseStrictJson, StrictJsonError } from './strict-json.js';

export const FAILURE_FORMAT = 'raft-check/failure@1';

export type Expectation = 'pass' | 'same-failure';

const FAILURE_KINDS: readonly RunFailure['kind'][] = ['safety', 'linearizability', 'liveness', 'unknown'];

export interface ShrunkPlan {
  plan: Plan;
  from: PlanSize;
  to: PlanSize;
}

export interface FailureFile {
  format: typeof FAILURE_FORMAT;
  seed: number;
  /** The --system the run used (null: our Raft). */
  system: SystemRef | null;
  overrides: ConfigOverrides;
  expect: Expectation;
  fingerprint: string;
  failure: RunFailure;
  config: RunConfig;
  shrunk: ShrunkPlan | null;
  history: HistoryFile<KvInput, KvOutput>;
}

export class FailureFileError extends UserInputError {
  override readonly name = 'FailureFileError';
}

/**
 * The file of a failing run. For a shrunk failure, `result` is the shrunk run
 * (its failure and history are what a reader wants) and `original` the run the
 * seed drew (its config and fingerprint identify what was saved).
 */
export function failureFileOf(
  result: RunResult,
  overrides: ConfigOverrides,
  shrunk: ShrunkPlan | null,
  original: RunResult = result,
  system: SystemRef | null = null,
): FailureFile {
  if (result.failure === null) throw new FailureFileError(`seed ${result.seed} passed: there is no failure to save`);
  return {
    format: FAILURE_FORMAT,
    seed: original.seed,
    system,
    overrides: normalizeOverrides(overrides),
    expect: original.config.bugs.length > 0 ? 'same-failure' : 'pass',
    fingerprint: original.fingerprint,
    failure: result.failure,
    config: original.config,
    shrunk,
    history: result.history,
  };
}

/** A stable key order so that re-saving an unchanged file gives the same bytes. */
function normalizeOverrides(overrides: ConfigOverrides): ConfigOverrides {
  const result: ConfigOverrides = {};
  if (overrides.nodes !== undefined) result.nodes = overrides.nodes;
  if (overrides.clients !== undefined) result.clients = overrides.clients;
  if (overrides.opsPerClient !== undefined) result.opsPerClient = overrides.opsPerClient;
  if (overrides.safetyMs !== undefined) result.safetyMs = overrides.safetyMs;
  if (overrides.profile !== undefined) result.profile = overrides.profile;
  if (overrides.faults !== undefined) result.faults = overrides.faults;
  if (overrides.bugs !== undefined && overrides.bugs.length > 0) result.bugs = [...overrides.bugs].sort();
  if (overrides.selfChecks === false) result.selfChecks = false;
  return result;
}

/**
 * Readable, stable JSON: two-space indentation, but each history operation
 * and each plan item on one line, so a file of a few hundred operations stays
 * a few hundred lines and diffs well.
 */
export function serializeFailureFile(file: FailureFile): string {
  const inline = (value: unknown): string => JSON.stringify(value);
  const lines: string[] = ['{'];
  const field = (name: string, text: string, last = false): void => {
    lines.push(`  ${JSON.stringify(name)}: ${text}${last ? '' : ','}`);
  };
  field('format', inline(file.format));
  field('seed', inline(file.seed));
  // Absent for our Raft, so files of the built-in system keep their bytes.
  if (file.system !== null) field('system', inline(file.system));
  field('overrides', inline(file.overrides));
  field('expect', inline(file.expect));
  field('fingerprint', inline(file.fingerprint));
  field('failure', inline(file.failure));
  field('config', JSON.stringify(file.config, null, 2).replace(/\n/g, '\n  '));
  if (file.shrunk === null) field('shrunk', 'null');
  else {
    const plan = file.shrunk.plan;
    const clients = plan.clients.map((ops) => (ops.length === 0 ? '        []' : `        [\n${ops.map((op) => `          ${inline(op)}`).join(',\n')}\n        ]`));
    const faults = plan.faults.map((fault) => `        ${inline(fault)}`).join(',\n');
    field(
      'shrunk',
      [
        '{',
        `    "from": ${inline(file.shrunk.from)},`,
        `    "to": ${inline(file.shrunk.to)},`,
        '    "plan": {',
        `      "format": ${inline(plan.format)},`,
        `      "config": ${inline(plan.config)},`,
        `      "clients": [${clients.length === 0 ? '' : `\n${clients.join(',\n')}\n      `}],`,
        `      "faults": [${plan.faults.length === 0 ? '' : `\n${faults}\n      `}]`,
        '    }',
        '  }',
      ].join('\n'),
    );
  }
  const history = file.history;
  const operations = history.operations.map((op) => `      ${inline(op)}`).join(',\n');
  field(
    'history',
    [
      '{',
      `    "format": ${inline(history.format)},`,
      `    "model": ${inline(history.model)},`,
      `    "meta": ${inline(history.meta ?? {})},`,
      `    "operations": [${history.operations.length === 0 ? '' : `\n${operations}\n    `}]`,
      '  }',
    ].join('\n'),
    true,
  );
  lines.push('}', '');
  return lines.join('\n');
}

/** What to do with a raft-check file of another kind than a failure file (replay, regress and shrink read failure files). */
const OTHER_FORMAT_HINTS: ReadonlyMap<unknown, string> = new Map([
  ['raft-check/history@1', ' (check a history with raft-check check FILE)'],
  ['raft-check/plan@1', ' (run a plan with raft-check --plan FILE)'],
  ['raft-check/sweep@1', ' (a sweep result: combine shards with raft-check merge FILE...)'],
]);

/** Parse and validate; throws FailureFileError with a message naming what is wrong. */
export function parseFailureFile(text: string, fileName: string): FailureFile {
  let value: unknown;
  try {
    value = parseStrictJson(text);
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    // A Jepsen or Porcupine history given to replay: say which command reads it.
    const hint = error.notJson && /^\s*[^\s{]/.test(text) ? ' (a history to check? raft-check check FILE)' : '';
    throw new FailureFileError(`${fileName}: ${error.message}${hint}`);
  }
  const fail = (what: string): never => {
    throw new FailureFileError(`${fileName}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a JSON object');
  const file = value as Partial<FailureFile>;
  if (file.format !== FAILURE_FORMAT) fail(`"format" must be "${FAILURE_FORMAT}", got ${JSON.stringify(file.format)}${OTHER_FORMAT_HINTS.get(file.format) ?? ''}`);
  if (!Number.isSafeInteger(file.seed) || (file.seed as number) < 0) fail('"seed" must be an integer >= 0');
  const system = file.system;
  if (system !== undefined && system !== null) {
    if (typeof system !== 'object' || typeof system.spec !== 'string' || system.spec === '' || (system.hash !== null && typeof system.hash !== 'string')) {
      fail('"system" must be {"spec": string, "hash": string or null}');
    }
  }
  if (file.expect !== 'pass' && file.expect !== 'same-failure') fail('"expect" must be "pass" or "same-failure"');
  if (typeof file.fingerprint !== 'string') fail('"fingerprint" must be a string');
  const failure = file.failure;
  if (typeof failure !== 'object' || failure === null || typeof failure.kind !== 'string' || typeof failure.invariant !== 'string') {
    return fail('"failure" must be an object with "kind" and "invariant"');
  }
  // A kind no run gives could never be reproduced: "same-failure" would fail forever, and the text would call it what it is not.
  if (!FAILURE_KINDS.includes(failure.kind)) fail(`"failure".kind must be one of ${FAILURE_KINDS.join(', ')}, got ${JSON.stringify(failure.kind)}`);
  if (typeof failure.message !== 'string' || typeof failure.time !== 'number' || !Number.isFinite(failure.time) || (failure.node !== null && !Number.isSafeInteger(failure.node))) {
    fail('"failure" must have a string "message", a number "time" and a node id or null as "node"');
  }
  if (typeof file.config !== 'object' || file.config === null) fail('"config" must be an object');
  const history = file.history;
  if (typeof history !== 'object' || history === null || history.format !== HISTORY_FORMAT || !Array.isArray(history.operations)) {
    fail(`"history" must be a ${HISTORY_FORMAT} object`);
  }
  try {
    // The same limits as the flags: a file is input like any other.
    checkOverrides('"overrides"', file.overrides);
    checkTypesLike('"config"', file.config, drawRunConfig(0));
    checkBugNames('"config".bugs', (file.config as RunConfig).bugs);
    if (file.shrunk !== null && file.shrunk !== undefined) {
      if (typeof file.shrunk !== 'object') fail('"shrunk" must be an object or null');
      checkPlan('"shrunk.plan"', file.shrunk.plan);
    }
  } catch (error) {
    if (error instanceof RunShapeError) fail(error.message);
    throw error;
  }
  return { ...(file as FailureFile), system: file.system ?? null, shrunk: file.shrunk ?? null };
}
