import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/report/report-data.js';
import { verdictFromRun } from '../../src/report/run-verdict.js';
import { formatSimTime, verdictHeadline } from '../../src/report/verdict-banner.js';
import { defaultSystem, runSeed, type RunFailure } from '../../src/sim/index.js';

const base: Verdict = {
  status: 'fail', kind: 'invariant', invariant: 'ElectionSafety', message: '', time: 1, node: 1, stuckOp: null,
  seed: 1, fingerprint: 'f', replayCommand: 'raft-check --seed 1',
};

describe('verdict wording', () => {
  it('names what failed', () => {
    expect(verdictHeadline({ ...base, status: 'pass', kind: 'pass' })).toMatch(/^Passed/);
    expect(verdictHeadline(base)).toBe('Invariant violated: ElectionSafety');
    expect(verdictHeadline({ ...base, kind: 'linearizability' })).toBe('History is not linearizable');
    expect(verdictHeadline({ ...base, kind: 'liveness' })).toMatch(/^Liveness failure/);
    expect(verdictHeadline({ ...base, kind: 'crash' })).toMatch(/crashed/);
    expect(verdictHeadline({ ...base, kind: 'unknown' })).toMatch(/^Unknown/);
  });

  it('shows simulated time in seconds to the millisecond', () => {
    expect(formatSimTime(2965)).toBe('2.965 s');
    expect(formatSimTime(0)).toBe('0.000 s');
  });

  it('maps each kind of run failure, node exceptions apart', () => {
    const result = runSeed(1, {}, defaultSystem);
    const withFailure = (failure: RunFailure) => verdictFromRun({ ...result, failure }, null, 'r');
    expect(withFailure({ kind: 'safety', invariant: 'LogMatching', message: 'm', time: 5, node: 2 })).toMatchObject({
      status: 'fail', kind: 'invariant', invariant: 'LogMatching', time: 5, node: 2, replayCommand: 'r',
    });
    expect(withFailure({ kind: 'safety', invariant: 'NodeException', message: 'm', time: 5, node: 2 }).kind).toBe('crash');
    expect(withFailure({ kind: 'liveness', invariant: 'Liveness', message: 'm', time: 9, node: null }).kind).toBe('liveness');
    expect(withFailure({ kind: 'unknown', invariant: 'CheckerBudget', message: 'm', time: 9, node: null }).kind).toBe('unknown');
    expect(verdictFromRun(result, null, 'r')).toMatchObject({ status: 'pass', kind: 'pass', time: null, node: null, invariant: null });
  });
});
