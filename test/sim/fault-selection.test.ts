/**
 * `--faults`: the chosen kinds are on (with the given or the drawn rate), the
 * others off; the choice is recorded in the config (so in the config hash and
 * in failure files) and in replay commands; an unknown kind is a usage error
 * that lists the valid ones; runs without it are unchanged.
 */

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawRunConfig } from '../../src/sim/config.js';
import { applyFaultSelection, FaultSelectionError, normalizeFaultSelection, parseFaultSelection } from '../../src/sim/fault-selection.js';
import { drawPlan } from '../../src/sim/plan.js';
import { configHash } from '../../src/sim/run.js';
import { runCliInProcess } from '../cli/run-in-process.js';
import { helpOf } from '../cli/parse-in-process.js';

describe('parsing --faults', () => {
  it('spells a selection canonically, in the order of the kinds', () => {
    expect(normalizeFaultSelection('torn,pause,dup,drop=0.050,partition=one-way,crash')).toBe('crash,torn,partition=one-way,drop=0.05,dup,pause');
    expect(normalizeFaultSelection('none')).toBe('none');
  });

  it('rejects an unknown kind, listing the valid ones', () => {
    expect(() => parseFaultSelection('crash,explode')).toThrow(
      new FaultSelectionError('--faults: unknown fault kind "explode"; valid kinds: crash, torn, partition, drop, dup, delay, burst, pause, reconfig, transfer, storage (or none)'),
    );
  });

  it.each([
    ['drop=1.5', /drop=1.5 must be a probability in \[0, 1\]/],
    ['crash=fast', /crash=fast must be a mean gap in ms/],
    ['partition=diagonal', /partition=diagonal must be one of symmetric, one-way, bridge/],
    ['drop,drop', /names drop twice/],
    ['crash,,drop', /empty item/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFaultSelection(spec)).toThrow(message);
  });
});

describe('applying --faults', () => {
  const drawn = drawRunConfig(7, { profile: 'brutal' }).faults;

  it('switches off every kind that is not named and keeps the drawn rate of the named ones', () => {
    const mix = applyFaultSelection(drawn, 'drop,crash');
    expect(mix.dropRate).toBe(drawn.dropRate);
    expect(mix.crashGapMs).toBe(drawn.crashGapMs);
    expect([mix.duplicateRate, mix.delay.tailRate, mix.partitionGapMs, mix.tornWriteRate, mix.burstGapMs, mix.pauseGapMs]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(mix.selection).toBe('crash,drop');
  });

  it('puts given values in, and a partition kind keeps only that kind', () => {
    const mix = applyFaultSelection(drawn, 'partition=bridge,dup=0.3,pause=900');
    expect(mix.duplicateRate).toBe(0.3);
    expect(mix.pauseGapMs).toBe(900);
    expect(mix.partitionKinds).toEqual({ symmetric: 0, 'one-way': 0, bridge: drawn.partitionKinds.bridge });
  });

  it('changes only the fault mix of a seed, and is recorded in the config hash', () => {
    const plain = drawRunConfig(11);
    const chosen = drawRunConfig(11, { faults: 'crash' });
    expect({ ...chosen, faults: null }).toEqual({ ...plain, faults: null });
    expect(chosen.faults.selection).toBe('crash');
    expect(configHash(chosen)).not.toBe(configHash(plain));
    expect('selection' in plain.faults).toBe(false);
  });

  it('gives plans with the chosen faults only', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(drawPlan(seed, { faults: 'none' }).faults, `seed ${seed}`).toEqual([]);
      // A leader isolation (src/sim/leader-faults.ts) is a symmetric partition too, and so is a transition or rejoin fault's isolation.
      const faults = drawPlan(seed, { faults: 'partition', safetyMs: 20_000 }).faults;
      const kinds = new Set(faults.map((fault) => fault.kind));
      expect([...kinds].sort(), `seed ${seed}`).toEqual(['heal', 'isolate-leader', 'partition', 'rejoin-fault', 'transition-fault']);
      for (const fault of faults) if (fault.kind === 'transition-fault' || fault.kind === 'rejoin-fault') expect(fault.action, `seed ${seed}`).toBe('isolate');
      const oneWay = new Set(drawPlan(seed, { faults: 'partition=one-way', safetyMs: 20_000 }).faults.map((fault) => fault.kind));
      expect([...oneWay].sort(), `seed ${seed}`).toEqual(['heal', 'partition']);
    }
  });
});

describe('--faults on the command line', () => {
  it('is listed in --help', async () => {
    expect(await helpOf([])).toMatch(/--faults\s+Fault kinds and rates instead of the drawn mix/);
  });

  it('an unknown kind is one line and exit 2', async () => {
    const run = await runCliInProcess(['--seed', '1', '--faults', 'crash,explode']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('valid kinds: crash, torn, partition, drop, dup, delay, burst, pause, reconfig, transfer, storage (or none)');
  });

  it('is shown in the header and reproduced by the replay command', async () => {
    const run = await runCliInProcess(['--seed', '1', '--faults', 'drop=0.1,crash']);
    expect(run.stdout).toMatch(/^faults: --faults crash,drop=0.1, drop=10%/m);
    expect(run.stdout).toMatch(/^replay: raft-check --seed 1 --faults crash,drop=0.1$/m);
  });

  it('is saved in the failure file of a sweep', async () => {
    const save = mkdtempSync(join(tmpdir(), 'faults-'));
    const run = await runCliInProcess(['--seeds', '1..2', '--faults', 'crash,drop=0.1', '--bug', 'no-dedup-on-apply', '--save', save, '--workers', '1', '--results', join(save, 'results')]);
    expect(run.status).toBe(1);
    const file = readdirSync(save).find((name) => name.endsWith('.json')) as string;
    const saved = JSON.parse(readFileSync(join(save, file), 'utf8')) as { overrides: { faults?: string }; config: { faults: { selection?: string } } };
    expect(saved.overrides.faults).toBe('crash,drop=0.1');
    expect(saved.config.faults.selection).toBe('crash,drop=0.1');
  });
});
