/**
 * ReadConfirmedAfterArrival end to end. A system that serves leases whatever
 * the read mode (our Raft told `readMode: 'lease'` whatever the plan says, a
 * correct lease design) is judged only when it declares 'readMode' and the
 * mode is not 'lease': undeclared, or in lease mode, it passes. And the two
 * round 14b read slips that 2,500 seeds missed before this judge
 * (scripts/mutants/round14b.mjs), applied to a private copy of the built
 * dist as the mutation campaign does, fail seed 7 with it.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NodeFactory, ReadMode } from '../../../src/harness/api.js';
import { defaultSystem, drawPlan, runPlan, type System } from '../../../src/sim/index.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/** Our Raft, always serving reads under a lease; `declares`: whether it still claims to honour the read mode. */
function alwaysLease(declares: boolean): System {
  const inner = defaultSystem.factory;
  const features = inner.implementsFeatures ?? [];
  const factory: NodeFactory<unknown> = {
    ...inner,
    name: 'always-lease',
    implementsFeatures: declares ? features : features.filter((feature) => feature !== 'readMode'),
    start: (options, files, now) => inner.start({ ...options, features: { ...options.features, readMode: 'lease' } }, files, now),
  };
  return { ...defaultSystem, factory };
}

function failureIn(readMode: ReadMode, system: System): string | undefined {
  const plan = drawPlan(1, {});
  plan.config.features = { ...plan.config.features, readMode };
  return runPlan(plan, system).failure?.invariant;
}

interface Mutant {
  readonly name: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

/** The first failure of `--seed 7` run by a copy of dist with `mutant` applied, only the simulator's oracles judging. */
function seedSevenWith(mutant: Mutant): { invariant?: string; message?: string } | undefined {
  const root = mkdtempSync(join(tmpdir(), 'read-after-arrival-'));
  try {
    cpSync(join(repo, 'dist'), join(root, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
    cpSync(join(repo, 'package.json'), join(root, 'package.json'));
    const target = join(root, 'dist/src', mutant.file);
    const text = readFileSync(target, 'utf8');
    expect(text.split(mutant.find).length - 1, mutant.name).toBe(1);
    writeFileSync(target, text.replace(mutant.find, () => mutant.replace));
    const results = join(root, 'results');
    const run = spawnSync(process.execPath, [join(root, 'dist/src/cli/main.js'), '--seeds', '7..7', '--workers', '1', '--no-self-checks', '--json', '--results', results], { cwd: root, encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { failures: { invariant?: string; message?: string }[] };
    return report.failures[0];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('ReadConfirmedAfterArrival in runs', () => {
  it('judges a system that serves leases in ReadIndex and log modes only when it declares the read mode', () => {
    expect(failureIn('read-index', alwaysLease(true))).toBe('ReadConfirmedAfterArrival');
    expect(failureIn('log', alwaysLease(true))).toBe('ReadConfirmedAfterArrival');
    expect(failureIn('read-index', alwaysLease(false))).toBeUndefined();
    expect(failureIn('lease', alwaysLease(true))).toBeUndefined();
  });

  it('catches both round 14b read slips at seed 7', async () => {
    const batch = (await import(pathToFileURL(join(repo, 'scripts/mutants/round14b.mjs')).href)) as { MUTANTS_ROUND14B: Mutant[] };
    for (const name of ['read-confirmed-one-round-early', 'lease-path-in-read-index-mode']) {
      const mutant = batch.MUTANTS_ROUND14B.find((candidate) => candidate.name === name);
      expect(mutant, name).toBeDefined();
      const failure = seedSevenWith(mutant as Mutant);
      expect(failure?.invariant, name).toBe('ReadConfirmedAfterArrival');
      expect(failure?.message, name).toMatch(/^n\d answered a get of client c\d+ \(seq \d+\) in term \d+ at t=\d+, first received at t=\d+ \(by n\d\); voters heard from since, causally: .* no majority$/);
    }
  }, 60_000);
});
