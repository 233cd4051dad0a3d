/**
 * Fuzzing `merge` with malformed sweep@1 files: values swapped for arbitrary
 * JSON, keys deleted or renamed to prototype names, text cut short. Every
 * input must give either a usage error (exit 2) or an incomplete-sweep error
 * (exit 6) in one line, or a verdict that matches the files' failures; never
 * any other exception (which the CLI would print as an internal error).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeMerge, IncompleteSweepError } from '../../src/cli/merge-command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { parseSweepJson } from '../../src/sweep/sweep-json.js';
import { sweepExitCode } from '../../src/sweep/sweep-summary.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { sweepFile } from './sweep-fixtures.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

type Json = unknown;

/** Every path to a value inside a JSON document (objects and arrays), the root excluded. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...pathsOf(inner, [...prefix, key])]);
}

type Mutation = { kind: 'replace'; at: number; value: Json } | { kind: 'delete'; at: number } | { kind: 'rename'; at: number; name: string } | { kind: 'cut'; at: number };

function mutate(document: Json, mutation: Mutation): string {
  const copy = structuredClone(document) as Record<string | number, Json>;
  const paths = pathsOf(copy);
  const text = JSON.stringify(copy);
  if (mutation.kind === 'cut') return text.slice(0, mutation.at % (text.length + 1));
  const path = paths[mutation.at % paths.length]!;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'replace') parent[last] = mutation.value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else {
    const value = parent[last];
    delete parent[last];
    if (mutation.kind === 'rename') Object.defineProperty(parent, mutation.name, { value, enumerable: true, configurable: true, writable: true });
  }
  return JSON.stringify(copy);
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(fc.jsonValue(), fc.constantFrom(null, -1, 1.5, 1e300, '', [], {}, [null])) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), name: fc.constantFrom('__proto__', 'constructor', 'toString', 'format', 'seed') }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

const range = { first: 1, last: 20 };
const shards = [sweepFile(range, { index: 1, count: 2 }, [3]), sweepFile(range, { index: 2, count: 2 })];

describe('merge of malformed sweep files (fuzz)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'merge-fuzz-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('gives exit 2 or 6 in one line, or the verdict the files hold; nothing else', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1 }), mutation, (which, change) => {
        const texts = shards.map((shard) => JSON.stringify(shard));
        texts[which] = mutate(shards[which], change);
        const files = texts.map((text, i) => write(`shard-${i + 1}.json`, text));
        try {
          const code = executeMerge(files, false, () => {});
          const failures = texts.flatMap((text, i) => parseSweepJson(text, files[i]!).failures);
          expect(code).toBe(sweepExitCode(failures.map((failure) => failure.kind)));
        } catch (error) {
          if (!(error instanceof UsageError || error instanceof IncompleteSweepError)) throw error;
          expect(error.message).not.toMatch(/\n/);
          expect(error.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: fuzzRuns(100) },
    );
  });

  it('through the CLI: failures [null] and a cut file are exit 2 in one line', async () => {
    const good = write('good.json', JSON.stringify(shards[1]));
    for (const text of [JSON.stringify({ ...shards[0], failures: [null] }), JSON.stringify(shards[0]).slice(0, 100)]) {
      const run = await runCliInProcess(['merge', write('bad.json', text), good]);
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^raft-check: .*bad\.json: /);
      expect(run.stdout).toBe('');
    }
  });
});
