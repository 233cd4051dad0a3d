/**
 * The run command in-process, with hand-made systems, for the outcomes the
 * real Raft does not produce on demand: nondeterminism (exit 5, with the first
 * diverging event), violations (1), checker unknown (3), liveness (4).
 */

import { describe, expect, it } from 'vitest';
import { executeRun, type RunArgs } from '../../src/cli/run-command.js';
import type { HistoryChecker } from '../../src/sim/system.js';
import { scriptedFactory, scriptedSystem } from '../sim/helpers/scripted-system.js';

function args(overrides: Partial<RunArgs>): RunArgs {
  return {
    seed: 4,
    plan: undefined,
    nodes: 3,
    clients: 2,
    ops: 3,
    duration: 600,
    profile: 'calm',
    bug: undefined,
    trace: false,
    'check-determinism': false,
    'save-plan': undefined,
    'save-history': undefined,
    report: undefined,
    system: undefined,
    ...overrides,
  };
}

function run(runArgs: RunArgs, system: ReturnType<typeof scriptedSystem>): { code: number; output: string } {
  const lines: string[] = [];
  const code = executeRun(runArgs, system, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

const answerAll = scriptedFactory((_options, input) => {
  if (input.kind !== 'client-request') return [];
  const { client, seq, op } = input.request;
  return [{ kind: 'reply', to: client, response: { kind: 'ok', seq, output: op.op === 'get' ? { value: '' } : op.op === 'cas' ? { ok: false } : {} } }];
});

describe('executeRun', () => {
  it('exits 5 and shows the first diverging event when a node keeps state across runs', () => {
    let leaked = 0; // module-level state that survives from one run to the next: the classic determinism hole
    const leaky = scriptedFactory((options, input) => {
      if (options.id !== 1 || input.kind !== 'tick') return [];
      leaked++;
      return leaked % 50 === 0 ? [{ kind: 'send', to: 2, message: leaked }] : [];
    });
    const { code, output } = run(args({ 'check-determinism': true }), scriptedSystem(leaky));
    expect(code).toBe(5);
    expect(output).toMatch(/^determinism: FAIL, the second run diverged at trace event #\d+$/m);
    expect(output).toMatch(/^ {2}first run: {2}t=/m);
    expect(output).toMatch(/^ {2}second run: t=/m);
    expect(output).toMatch(/^replay: raft-check --seed 4 --nodes 3 --clients 2 --ops 3 --duration 600 --profile calm$/m);
  });

  it('passes a deterministic system through --check-determinism', () => {
    const { code, output } = run(args({ 'check-determinism': true }), scriptedSystem(answerAll));
    expect(code).toBe(0);
    expect(output).toMatch(/^determinism: ok/m);
  });

  it.each([
    ['not linearizable', 1, /verdict: FAIL linearizability: Linearizability/],
    ['unknown', 3, /verdict: FAIL unknown: CheckerBudget/],
  ] as const)('maps a %s verdict to exit %i', (verdict, exit, line) => {
    const checker: HistoryChecker = () => ({ verdict });
    const { code, output } = run(args({}), scriptedSystem(answerAll, checker));
    expect(code).toBe(exit);
    expect(output).toMatch(line);
  });

  it('exits 4 on a liveness failure and 1 on a node exception', () => {
    const leaderless = scriptedFactory(() => [], () => {}, []);
    expect(run(args({}), scriptedSystem(leaderless)).code).toBe(4);
    const throwing = scriptedFactory(() => {
      throw new Error('kaboom');
    });
    const { code, output } = run(args({}), scriptedSystem(throwing));
    expect(code).toBe(1);
    expect(output).toMatch(/verdict: FAIL safety: NodeException at t=\d+ on n\d \(seed 4\): n\d step\(tick\) threw Error: kaboom/);
  });
});
