/**
 * The day-to-day workflow of issue 4 with a temporary bug injected by the
 * test itself: a wrapper around our Raft node that performs each step's sends
 * and replies before its disk writes (the classic persist-after-send bug).
 * A run of the buggy system fails; its failure file replays, shrinks, and
 * makes `regress` fail; against the fixed (real) system `regress` passes.
 */

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeEffect, NodeFactory } from '../../src/harness/api.js';
import { saveFailureFile, readFailureFile } from '../../src/corpus/corpus-dir.js';
import { failureFileOf } from '../../src/corpus/failure-file.js';
import { executeRegress, executeReplay } from '../../src/cli/corpus-commands.js';
import { executeShrink } from '../../src/cli/shrink-command.js';
import { defaultSystem, exitCodeOf, runSeed, type System } from '../../src/sim/index.js';
import { planWeight } from '../../src/shrink/plan-size.js';

const isOutput = (effect: NodeEffect<unknown>): boolean => effect.kind === 'send' || effect.kind === 'reply';

const sendBeforePersistFactory: NodeFactory<unknown> = {
  ...defaultSystem.factory,
  name: 'raft-send-before-persist',
  start(options, files) {
    const node = defaultSystem.factory.start(options, files);
    return {
      view: () => node.view(),
      step(input) {
        const effects = node.step(input);
        return [...effects.filter(isOutput), ...effects.filter((effect) => !isOutput(effect))];
      },
    };
  },
};
const buggySystem: System = { ...defaultSystem, factory: sendBeforePersistFactory };

function firstFailingSeed(): number {
  for (let seed = 1; seed <= 400; seed++) if (runSeed(seed, {}, buggySystem).failure !== null) return seed;
  throw new Error('the injected bug was not caught in 400 seeds');
}

describe('failure corpus workflow with an injected bug', () => {
  const seed = firstFailingSeed();
  const result = runSeed(seed, {}, buggySystem);
  const failingExitCode = exitCodeOf(result);
  const lines: string[] = [];
  const print = (line: string): void => void lines.push(line);

  it('saves a failing run that replays the same failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const path = saveFailureFile(dir, failureFileOf(result, {}, null));
    expect(readFailureFile(path).expect).toBe('pass');
    lines.length = 0;
    expect(failingExitCode).toBeGreaterThan(0);
    expect(await executeReplay(path, buggySystem, print)).toBe(failingExitCode);
    expect(lines.join('\n')).toMatch(/^reproduced: /m);
    lines.length = 0;
    expect(await executeReplay(path, defaultSystem, print)).toBe(0);
    expect(lines.join('\n')).toMatch(/^passes now: /m);
  });

  it('makes regress fail while the bug is there and pass once it is removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    saveFailureFile(dir, failureFileOf(result, {}, null));
    expect(await executeRegress(dir, buggySystem, print)).toBe(1);
    expect(await executeRegress(dir, defaultSystem, print)).toBe(0);
  });

  it('shrinks the failure several times smaller, and the shrunk file replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    lines.length = 0;
    let now = 0;
    const code = await executeShrink(
      { file: undefined, seed, budget: 1e6, 'max-runs': 400, save: dir, nodes: undefined, clients: undefined, ops: undefined, duration: undefined, profile: undefined, bug: undefined, system: undefined },
      buggySystem,
      print,
      () => now++,
    );
    expect(code).toBe(failingExitCode);
    const [name] = readdirSync(dir);
    const file = readFailureFile(join(dir, name as string));
    const shrunk = file.shrunk;
    expect(shrunk).not.toBeNull();
    expect(planWeight(shrunk!.from) / planWeight(shrunk!.to)).toBeGreaterThan(3);
    // Judged on what actually ran, too: operations issued before and after.
    const [, before, after] = /\((\d+) operations issued\)\nafter: .*\((\d+) issued\)/.exec(lines.join('\n')) ?? [];
    expect(Number(before) / Number(after)).toBeGreaterThan(3);
    expect(lines.join('\n')).toMatch(/^before: .*\nafter: /m);
    expect(await executeReplay(join(dir, name as string), buggySystem, print)).toBe(failingExitCode);
  }, 300_000);
});
