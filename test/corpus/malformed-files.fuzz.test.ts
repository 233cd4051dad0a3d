/**
 * Fuzzing the readers of failure@1 and plan@1 files (issue 10.14): a valid
 * file with one spot broken (a value replaced by any JSON value or a hostile
 * one, a key deleted, the text cut short) is either accepted or rejected with
 * one line of bad input, never anything else. In process for many cases, and
 * through `replay`, `regress` and `--plan` for a few: exit 2 with one line or
 * a correct run's code, never a stack trace or exit 255.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FailureFileError, parseFailureFile, type FailureFile } from '../../src/corpus/failure-file.js';
import { replayFailureFile } from '../../src/corpus/replay.js';
import { defaultSystem } from '../../src/sim/index.js';
import { checkPlan, RunShapeError } from '../../src/corpus/run-limits.js';
import { isOneLine } from '../cli/run-cli.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

const failureText = readFileSync(fileURLToPath(new URL('../../histories/seed-1-bug-send-before-fsync.json', import.meta.url)), 'utf8');
const planValue = (JSON.parse(failureText) as { shrunk: { plan: unknown } }).shrunk.plan;
const planText = JSON.stringify(planValue, null, 1);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in a JSON tree (the root excluded). */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...pathsOf(inner, [...prefix, key])]);
}

const hostile = fc.constantFrom<Json>(1e15, -5, 1e9, 0, -0.5, 1.5, '5', '', 'x'.repeat(10_000), [], {}, null, true, 2 ** 53 + 2, ['no-such-bug'], [7]);
const replacement: fc.Arbitrary<Json> = fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>);

type Mutation = { kind: 'replace'; pathIndex: number; value: Json } | { kind: 'delete'; pathIndex: number } | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), pathIndex: fc.nat(), value: replacement }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pathIndex: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

function mutate(text: string, change: Mutation): string {
  if (change.kind === 'truncate') return text.slice(0, change.at % text.length);
  const root = JSON.parse(text) as Json;
  const paths = pathsOf(root);
  const path = paths[change.pathIndex % paths.length] as (string | number)[];
  let parent = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = change.value;
  return JSON.stringify(root, null, 1);
}

/** Accepted, or rejected with one of the two bad-input errors in one line. Anything else fails the property. */
function acceptedOrOneLine(read: () => unknown, expected: new (...args: never[]) => Error): boolean {
  try {
    read();
    return true;
  } catch (error) {
    return error instanceof expected && !error.message.includes('\n');
  }
}

function readPlan(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // Not JSON: the CLI's own message; this property is about parsed values.
  }
  return checkPlan('plan', value);
}

describe('fuzzing failure@1 and plan@1 files', () => {
  it('the failure file reader accepts or rejects in one line', () => {
    fc.assert(
      fc.property(mutation, (change) => acceptedOrOneLine(() => parseFailureFile(mutate(failureText, change), 'f.json'), FailureFileError)),
      { numRuns: fuzzRuns(100), seed: 10_14 },
    );
  });

  it('a failure file the reader accepts replays without a throw', () => {
    fc.assert(
      fc.property(mutation, (change) => {
        let file: FailureFile;
        try {
          file = parseFailureFile(mutate(failureText, change), 'f.json');
        } catch {
          return true; // Rejected: the property above covers how.
        }
        replayFailureFile(file, defaultSystem, 'fuzz');
        return true;
      }),
      { numRuns: fuzzRuns(50), seed: 1014 },
    );
  });

  it('the plan reader accepts or rejects in one line', () => {
    fc.assert(
      fc.property(mutation, (change) => acceptedOrOneLine(() => readPlan(mutate(planText, change)), RunShapeError)),
      { numRuns: fuzzRuns(100), seed: 10_14 },
    );
  });

  it('replay, regress and --plan give a run or exit 2 in one line, never a stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-files-'));
    const cases = fc.sample(fc.tuple(mutation, mutation), { numRuns: 4, seed: 1014 });
    for (const [index, [failureChange, planChange]] of cases.entries()) {
      const failurePath = join(dir, `failure-${index}.json`);
      const planPath = join(dir, `plan-${index}.json`);
      writeFileSync(failurePath, mutate(failureText, failureChange));
      writeFileSync(planPath, mutate(planText, planChange));
      for (const args of [['replay', failurePath], ['--plan', planPath]]) {
        const run = await runCliInProcess(args);
        const context = `${args.join(' ')}: ${run.stderr}`;
        expect([0, 1, 2, 3, 4], context).toContain(run.status);
        if (run.status === 2) expect(isOneLine(run.stderr), context).toBe(true);
        else expect(run.stderr, context).toBe('');
      }
    }
    const regress = await runCliInProcess(['regress', dir]);
    expect([0, 1, 2], regress.stderr).toContain(regress.status);
    expect(regress.stderr).toBe('');
  }, 120_000);
});
