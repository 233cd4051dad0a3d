/**
 * The driver honours the node contract (src/harness/api.ts) and classifies
 * failures. Uses scripted nodes, so each expectation follows from a few lines.
 */

import { describe, expect, it } from 'vitest';
import { drawPlan, type Plan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';
import { exitCodeOf, failureKindLabel } from '../../src/sim/result.js';
import { scriptedFactory, scriptedSystem } from './helpers/scripted-system.js';

/** A quiet 3-node plan with no client operations and the given faults. */
function quietPlan(faults: Plan['faults']): Plan {
  const plan = drawPlan(1, { nodes: 3, clients: 1, opsPerClient: 0, safetyMs: 1000, profile: 'calm' });
  plan.config.faults = { ...plan.config.faults, dropRate: 0, duplicateRate: 0, tornWriteRate: 0 };
  plan.faults = faults;
  return plan;
}

describe('driver', () => {
  it('sends nothing that follows an fsync interrupted by a crash, and restarts from durable bytes only', () => {
    let counter = 0;
    const received: number[] = [];
    const restartFiles: number[] = [];
    const factory = scriptedFactory(
      (options, input) => {
        if (options.id === 1 && input.kind === 'tick') {
          counter++;
          // Persist before send: the record must be durable before n2 hears of it.
          return [{ kind: 'append', file: 'wal', bytes: Uint8Array.of(counter) }, { kind: 'fsync', file: 'wal' }, { kind: 'send', to: 2, message: counter }];
        }
        if (options.id === 2 && input.kind === 'message') received.push(input.message);
        return [];
      },
      (id, files) => {
        if (id === 1 && files.size > 0) restartFiles.push(...(files.get('wal') ?? []));
      },
    );
    const result = runPlan(
      quietPlan([
        { at: 300, kind: 'crash', node: 1, duringFsync: true },
        { at: 700, kind: 'restart', node: 1 },
      ]),
      scriptedSystem(factory),
    );
    expect(result.failure).toBeNull();
    expect(result.stats.crashes).toBe(1);
    expect(result.stats.restarts).toBe(1);
    expect(result.stats.marks['sim.crash-during-fsync']).toBe(1);
    const sentBeforeCrash = restartFiles.length;
    expect(sentBeforeCrash).toBeGreaterThan(5);
    // n1's first incarnation wrote 1..k durably; the record in flight at the crash is lost and was never sent.
    expect(restartFiles).toEqual(Array.from({ length: sentBeforeCrash }, (_, i) => i + 1));
    const fromFirstLife = received.filter((value) => value <= sentBeforeCrash + 1);
    expect(Math.max(...fromFirstLife)).toBe(sentBeforeCrash);
  });

  it('queues inputs that arrive during an fsync and feeds them afterwards, in order', () => {
    let sent = 0;
    const seen: number[] = [];
    const factory = scriptedFactory((options, input) => {
      // Two messages per tick: the second arrives while n2 is still in the fsync the first caused.
      if (options.id === 1 && input.kind === 'tick') return [0, 1].map(() => ({ kind: 'send' as const, to: 2, message: sent++ }));
      if (options.id === 2 && input.kind === 'message') {
        seen.push(input.message);
        return [{ kind: 'append', file: 'log', bytes: Uint8Array.of(1) }, { kind: 'fsync', file: 'log' }];
      }
      return [];
    });
    const plan = quietPlan([]);
    plan.config.faults = { ...plan.config.faults, fsyncMinMs: 4, fsyncMaxMs: 4, delay: { minMs: 1, meanMs: 0, tailRate: 0, tailMaxMs: 0 } };
    const result = runPlan(plan, scriptedSystem(factory));
    expect(result.failure).toBeNull();
    expect(sent).toBeGreaterThan(150);
    // Nothing lost, nothing reordered; at most the last pair is still in flight or queued when the run ends.
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    expect(seen.length).toBeGreaterThanOrEqual(sent - 2);
  });

  it('freezes a paused node: nothing is delivered to it or sent by it until it resumes, then everything in order', () => {
    let sent = 0;
    const seen: { value: number; step: number }[] = [];
    let stepsOfN2 = 0;
    const factory = scriptedFactory((options, input) => {
      if (options.id === 1 && input.kind === 'tick') return [{ kind: 'send', to: 2, message: sent++ }];
      if (options.id === 2) {
        stepsOfN2++;
        if (input.kind === 'message') {
          seen.push({ value: input.message, step: stepsOfN2 });
          // Persist, then tell n3: the send waits behind the fsync, and behind the pause.
          return [{ kind: 'append', file: 'log', bytes: Uint8Array.of(1) }, { kind: 'fsync', file: 'log' }, { kind: 'send', to: 3, message: input.message }];
        }
      }
      return [];
    });
    const plan = quietPlan([{ at: 300, kind: 'pause', node: 2, durationMs: 200 }]);
    plan.config.faults = { ...plan.config.faults, fsyncMinMs: 3, fsyncMaxMs: 3, delay: { minMs: 1, meanMs: 0, tailRate: 0, tailMaxMs: 0 } };
    const result = runPlan(plan, scriptedSystem(factory), { keepTrace: true });
    expect(result.failure).toBeNull();
    expect(result.stats.pauses).toBe(1);
    const trace = result.trace!;
    const pausedAt = trace.findIndex((event) => event.kind === 'pause');
    const resumedAt = trace.findIndex((event) => event.kind === 'resume');
    expect(trace[resumedAt]!.time).toBe(500);
    // While paused, n2 sends nothing (its pending send waits), though messages keep arriving for it.
    const sendsByN2 = trace.slice(pausedAt, resumedAt).filter((event) => event.kind === 'send' && event.node === 2);
    expect(sendsByN2).toEqual([]);
    expect(trace.slice(pausedAt, resumedAt).filter((event) => event.kind === 'deliver' && event.node === 2).length).toBeGreaterThan(15);
    // Nothing lost, nothing reordered.
    expect(seen.map((entry) => entry.value)).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    expect(seen.length).toBeGreaterThanOrEqual(sent - 2);
  });

  it('reports an exception thrown by a node as a safety failure with the node and time', () => {
    const factory = scriptedFactory((options, input) => {
      if (options.id === 3 && input.kind === 'tick') throw new Error('boom');
      return [];
    });
    const result = runPlan(quietPlan([]), scriptedSystem(factory));
    expect(result.failure).toMatchObject({ kind: 'safety', invariant: 'NodeException', node: 3 });
    expect(result.failure!.message).toContain('boom');
    expect(result.failure!.time).toBeLessThanOrEqual(11);
    expect(exitCodeOf(result)).toBe(1);
  });

  it('reports a reply whose shape does not fit the operation as MalformedReply', () => {
    const factory = scriptedFactory((_options, input) => {
      if (input.kind !== 'client-request') return [];
      return [{ kind: 'reply', to: input.request.client, response: { kind: 'ok', seq: input.request.seq, output: {} } }];
    });
    const plan = quietPlan([]);
    plan.clients = [[{ afterMs: 5, input: { op: 'get', key: 'k0' } }]];
    const result = runPlan(plan, scriptedSystem(factory));
    expect(result.failure).toMatchObject({ kind: 'safety', invariant: 'MalformedReply' });
    expect(result.failure!.message).toMatch(/get k0 answered without a string value/);
  });

  it('reports effects it cannot perform as a NodeException, never as a crash of the harness', () => {
    const cases: [string, (id: number) => unknown][] = [
      ['not a list of effects', () => 'nothing'],
      ['unknown effect', () => [{ kind: 'teleport' }]],
      ['fsyncs missing file', () => [{ kind: 'fsync', file: 'nope' }]],
      ['renames missing file', () => [{ kind: 'rename', from: 'a', to: 'b' }]],
      ['sends to invalid node', (id) => [{ kind: 'send', to: id, message: 1 }]],
      ['replies to invalid client', () => [{ kind: 'reply', to: -1, response: { kind: 'not-leader', seq: 1, leaderHint: null } }]],
    ];
    for (const [problem, effects] of cases) {
      const factory = scriptedFactory((options, input) => (options.id === 2 && input.kind === 'tick' ? (effects(options.id) as never) : []));
      const result = runPlan(quietPlan([]), scriptedSystem(factory));
      expect(result.failure, problem).toMatchObject({ kind: 'safety', invariant: 'NodeException', node: 2 });
      expect(result.failure!.message).toContain(problem);
    }
  });

  it('fails liveness when no leader appears (the availability oracle sees it before the liveness deadline)', () => {
    const result = runPlan(quietPlan([]), scriptedSystem(scriptedFactory(() => [], () => {}, [])));
    expect(result.failure).toMatchObject({ kind: 'liveness', invariant: 'Availability' });
    expect(failureKindLabel(result.failure!)).toBe('liveness:availability');
    expect(result.failure!.message).toContain('no leader');
    expect(exitCodeOf(result)).toBe(4);
  });

  it('turns checker verdicts into failures: not linearizable exits 1, unknown exits 3', () => {
    const factory = scriptedFactory(() => []);
    const bad = runPlan(quietPlan([]), scriptedSystem(factory, () => ({ verdict: 'not linearizable' })));
    expect(bad.failure).toMatchObject({ kind: 'linearizability' });
    expect(exitCodeOf(bad)).toBe(1);
    const unknown = runPlan(quietPlan([]), scriptedSystem(factory, () => ({ verdict: 'unknown' })));
    expect(unknown.failure).toMatchObject({ kind: 'unknown', invariant: 'CheckerBudget' });
    // One line that says what was too much and what to do next.
    expect(unknown.failure!.message).toMatch(/ran out of its \d+ steps on \d+ operations \(\d+ never answered\).*raft-check check FILE --max-steps N/);
    expect(exitCodeOf(unknown)).toBe(3);
  });

  it('skips a restart of a running node and a crash of a crashed one (edited plans stay runnable)', () => {
    const factory = scriptedFactory(() => []);
    const result = runPlan(
      quietPlan([
        { at: 100, kind: 'restart', node: 2 },
        { at: 200, kind: 'crash', node: 2, duringFsync: false },
        { at: 300, kind: 'crash', node: 2, duringFsync: false },
      ]),
      scriptedSystem(factory),
    );
    expect(result.failure).toBeNull();
    expect(result.stats.crashes).toBe(1);
    // The liveness phase restarted n2.
    expect(result.stats.restarts).toBe(1);
  });
});
