/**
 * Aimed crash points: steps are classified from the input's messageKind and
 * the effects alone, and an aimed crash in a plan lands at its step (after it,
 * or between two of its effects), brings its own restart, and replays.
 */

import { describe, expect, it } from 'vitest';
import type { NodeEffect, NodeInput } from '../../src/harness/api.js';
import { stepIs } from '../../src/sim/crash-points.js';
import { defaultSystem } from '../../src/sim/default-system.js';
import { drawPlan, validatePlan, type FaultEvent, type Plan } from '../../src/sim/plan.js';
import { runPlan } from '../../src/sim/run.js';

const fromPeer: NodeInput<unknown> = { kind: 'message', from: 2, message: {} };
const bytes = Uint8Array.of(1);
const persistThenAnswer: NodeEffect<unknown>[] = [
  { kind: 'append', file: 'wal', bytes },
  { kind: 'fsync', file: 'wal' },
  { kind: 'send', to: 2, message: {} },
];

describe('step classification', () => {
  it('tells requests from replies by messageKind, and reads the effects', () => {
    expect(stepIs('vote', fromPeer, 'RequestVote', [{ kind: 'send', to: 2, message: {} }])).toBe(true);
    expect(stepIs('vote', fromPeer, 'RequestVoteReply', persistThenAnswer)).toBe(false);
    expect(stepIs('ack', fromPeer, 'AppendEntries', persistThenAnswer)).toBe(true);
    // A heartbeat answered without persisting anything acknowledged no entries.
    expect(stepIs('ack', fromPeer, 'AppendEntries', [{ kind: 'send', to: 2, message: {} }])).toBe(false);
    // The send must follow the fsync and go back to the sender.
    expect(stepIs('ack', fromPeer, 'AppendEntries', [{ kind: 'send', to: 2, message: {} }, { kind: 'append', file: 'wal', bytes }, { kind: 'fsync', file: 'wal' }])).toBe(false);
    expect(stepIs('install', fromPeer, 'InstallSnapshot', [...persistThenAnswer, { kind: 'rename', from: 'snapshot.tmp', to: 'snapshot' }])).toBe(true);
    expect(stepIs('install', fromPeer, 'InstallSnapshot', persistThenAnswer)).toBe(false);
    expect(stepIs('compact', { kind: 'tick' }, null, [{ kind: 'rename', from: 'wal.tmp', to: 'wal' }])).toBe(true);
    expect(stepIs('compact', { kind: 'tick' }, null, [{ kind: 'rename', from: 'snapshot.tmp', to: 'snapshot' }])).toBe(false);
    const answered: NodeEffect<unknown> = { kind: 'reply', to: 0, response: { kind: 'ok', seq: 1, output: {} } };
    const refused: NodeEffect<unknown> = { kind: 'reply', to: 0, response: { kind: 'not-leader', seq: 1, leaderHint: null } };
    expect(stepIs('answer', { kind: 'tick' }, null, [answered])).toBe(true);
    expect(stepIs('answer', { kind: 'tick' }, null, [refused])).toBe(false);
    expect(stepIs('write', { kind: 'tick' }, null, persistThenAnswer)).toBe(true);
    expect(stepIs('write', { kind: 'tick' }, null, [{ kind: 'send', to: 2, message: {} }, { kind: 'send', to: 3, message: {} }])).toBe(false);
  });
});

/** Seed 3's world (calm: no crashes of its own) with exactly these fault events. */
function planWith(faults: FaultEvent[]): Plan {
  const plan = drawPlan(3, { profile: 'calm' });
  plan.faults = faults;
  validatePlan(plan);
  return plan;
}

describe('aimed crashes in a run', () => {
  it('strikes right after the step, restarts the node on its own, and replays identically', () => {
    const plan = planWith([{ at: 300, kind: 'crash', node: 2, duringFsync: false, aim: { after: 'ack', restartAfterMs: 40 } }]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure).toBeNull();
    expect(result.stats.marks['sim.aimed-crash-after-ack']).toBe(1);
    expect(result.stats.crashes).toBe(1);
    expect(result.stats.restarts).toBe(1);
    expect(runPlan(plan, defaultSystem).traceHash).toBe(result.traceHash);
  });

  it('with anyNode, strikes once, on whichever node takes the step first', () => {
    const plan = planWith([{ at: 300, kind: 'crash', node: 1, duringFsync: false, aim: { after: 'write', cut: 1, anyNode: true, restartAfterMs: 40 } }]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure).toBeNull();
    expect(result.stats.marks['sim.aimed-crash-after-write']).toBe(1);
    expect(result.stats.crashes).toBe(1);
  });

  it('a during-fsync crash may let fsyncs pass first and still land inside one', () => {
    const plan = planWith([
      { at: 300, kind: 'crash', node: 2, duringFsync: true, skipFsyncs: 2 },
      { at: 900, kind: 'restart', node: 2 },
    ]);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure).toBeNull();
    expect(result.stats.marks['sim.crash-during-fsync']).toBe(1);
  });

  it('rejects aims no run could honour', () => {
    const bad = (aim: unknown): Plan => ({ ...planWith([]), faults: [{ at: 10, kind: 'crash', node: 1, duringFsync: false, aim } as FaultEvent] });
    expect(() => validatePlan(bad({ after: 'nap' }))).toThrow(/step kind/);
    expect(() => validatePlan(bad({ after: 'vote', cut: -1 }))).toThrow(/cut/);
    expect(() => validatePlan(bad({ after: 'vote', restartAfterMs: 0 }))).toThrow(/restartAfterMs/);
  });
});

describe('a pipelined client', () => {
  it('keeps many operations in flight as distinct processes, on a key of its own, and the run passes', () => {
    const plan = drawPlan(11);
    expect(plan.config.pipelinedClients).toBe(1);
    const result = runPlan(plan, defaultSystem);
    expect(result.failure).toBeNull();
    const streamed = result.history.operations.filter((op) => op.input.key.startsWith('p'));
    expect(streamed.length).toBeGreaterThan(50);
    expect(new Set(streamed.map((op) => op.client)).size).toBe(streamed.length);
  });
});
