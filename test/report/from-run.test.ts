/**
 * buildReportData on real simulated runs: a passing seed, a brutal fault mix,
 * and two failures of test-defective nodes (fixtures/faulty-systems.ts). The
 * report must say exactly what the run says: same failure, time and node,
 * same crashes and faults, every operation, the checker's stuck op.
 */

import { checkHistory } from '@raft-check/checker';
import { describe, expect, it } from 'vitest';
import { buildReportData, MissingTraceError } from '../../src/report/from-run.js';
import { leaderSpansFromLanes } from '../../src/report/leader-spans.js';
import type { AvailabilityStats } from '../../src/sim/result.js';
import { defaultSystem, runSeed, type RunResult } from '../../src/sim/index.js';
import { selfProclaimedLeaderSystem, staleReadSystem } from './fixtures/faulty-systems.js';

const passing = runSeed(1, {}, defaultSystem, { keepTrace: true });
// A brutal seed with torn writes, partitions and leader isolations (re-chosen when plans drew leader faults).
const brutal = runSeed(11, { profile: 'brutal' }, defaultSystem, { keepTrace: true });

function count(result: RunResult, kind: string): number {
  return (result.trace ?? []).filter((event) => event.kind === kind).length;
}

describe('buildReportData from a run', () => {
  it('needs the trace', () => {
    const untraced = runSeed(1, {}, defaultSystem);
    expect(() => buildReportData(untraced)).toThrow(MissingTraceError);
  });

  it('reports a passing run: pass verdict, a lane per node covering the run (n4 added by the operator), every operation', () => {
    const data = buildReportData(passing);
    expect(data.verdict).toMatchObject({ status: 'pass', kind: 'pass', time: null, node: null, seed: 1, fingerprint: passing.fingerprint });
    expect(data.verdict.replayCommand).toBe('raft-check --seed 1');
    expect(data.run.end).toBe(passing.stats.simulatedMs);
    expect(data.lanes.map((lane) => lane.node)).toEqual([1, 2, 3, 4]);
    for (const lane of data.lanes) {
      expect(lane.segments[0]!.start).toBe(0);
      expect(lane.segments[lane.segments.length - 1]!.end).toBe(data.run.end);
      for (let i = 1; i < lane.segments.length; i++) expect(lane.segments[i]!.start).toBe(lane.segments[i - 1]!.end);
    }
    expect(data.history.ops).toHaveLength(passing.history.operations.length);
    expect(data.history.ops.map((op) => op.id)).toEqual(data.history.ops.map((_, i) => i));
    expect(data.history.checker).toMatchObject({ result: 'linearizable', stuckOp: null });
    // Every send is traced once (twice when duplicated), except messages still in flight when the run stops.
    const traced = passing.stats.messages.sent + passing.stats.messages.duplicated;
    expect(data.messages.total).toBeLessThanOrEqual(traced);
    expect(data.messages.total).toBeGreaterThan(traced - 10);
    // The trace records sends, so every message has both ends.
    expect(data.messages.unpaired).toBe(0);
  });

  it('gives each lane the role and term of every role event', () => {
    const data = buildReportData(brutal);
    for (const event of brutal.trace ?? []) {
      const lane = data.lanes.find((l) => l.node === event.node);
      if (lane === undefined) continue;
      if (event.kind === 'role') {
        const segment = lane.segments.find((s) => s.start <= event.time && event.time < s.end) ?? lane.segments[lane.segments.length - 1]!;
        const term = Number(/in term (\d+)/.exec(event.detail)![1]);
        // Several changes at one instant (a role change, then a crash): the segment holds the last of them.
        const changes = new Set(['role', 'crash', 'restart']);
        const last = [...(brutal.trace ?? [])].reverse().find((e) => changes.has(e.kind) && e.node === event.node && e.time === event.time)!;
        if (last === event) expect([segment.role, segment.term]).toEqual([event.tag, term]);
      }
    }
  });

  it('knows where each operation’s requests went and which node answered', () => {
    const data = buildReportData(passing);
    const answered = data.history.ops.filter((op) => op.return !== null);
    expect(answered.length).toBeGreaterThan(0);
    for (const op of answered) {
      expect(op.attempts.length).toBeGreaterThan(0);
      expect(op.attempts[0]![0]).toBe(op.call);
      expect(data.lanes.map((lane) => lane.node)).toContain(op.answeredBy);
      for (const [time, node] of op.attempts) {
        expect(time).toBeGreaterThanOrEqual(op.call);
        expect(time).toBeLessThanOrEqual(op.return!);
        expect([1, 2, 3, 4]).toContain(node);
      }
    }
  });

  it('shows every crash, restart, snapshot and torn write of the trace on its node', () => {
    const data = buildReportData(brutal);
    const events = data.lanes.flatMap((lane) => lane.events);
    expect(events.filter((e) => e.kind === 'crash')).toHaveLength(count(brutal, 'crash'));
    expect(events.filter((e) => e.kind === 'restart')).toHaveLength(count(brutal, 'restart'));
    expect(events.filter((e) => e.kind.startsWith('snapshot'))).toHaveLength(count(brutal, 'snapshot'));
    const tornCrashes = (brutal.trace ?? []).filter((e) => e.kind === 'crash' && /\btorn\b/.test(e.detail));
    expect(tornCrashes.length).toBeGreaterThan(0);
    const tornTimes = events.filter((e) => e.kind === 'torn-write').map((e) => e.time);
    expect(tornTimes.sort((a, b) => a - b)).toEqual(tornCrashes.map((e) => e.time));
    const downSegments = data.lanes.flatMap((lane) => lane.segments.filter((s) => s.role === 'down'));
    expect(downSegments.length).toBe(count(brutal, 'crash'));
  });

  it('shows each executed partition and burst as an interval inside the run', () => {
    const data = buildReportData(brutal);
    const partitions = data.faults.filter((f) => f.kind === 'partition');
    // A leader isolation is a partition too (src/sim/leader-faults.ts).
    expect(brutal.stats.leaderIsolations).toBeGreaterThan(0);
    expect(partitions).toHaveLength(brutal.stats.partitions + brutal.stats.leaderIsolations);
    const bursts = brutal.plan.faults.filter((f) => f.kind === 'burst' && f.at <= data.run.end);
    expect(data.faults.filter((f) => f.kind === 'drop' || f.kind === 'duplicate').length).toBeGreaterThanOrEqual(bursts.length);
    for (const fault of data.faults) {
      expect(fault.start).toBeGreaterThanOrEqual(0);
      expect(fault.end).toBeGreaterThanOrEqual(fault.start);
      expect(fault.end).toBeLessThanOrEqual(data.run.end);
    }
    expect(partitions.every((p) => p.description.length > 0)).toBe(true);
  });

  it('derives the leader spans from the lanes when the run has no availability figures', () => {
    const { availability: _oracle, ...withoutOracle } = passing.stats;
    const data = buildReportData({ ...passing, stats: withoutOracle });
    expect(data.availability.source).toBe('trace');
    expect(data.availability.calmWindows).toBeNull();
    expect(data.availability.leaderSpans).toEqual(leaderSpansFromLanes(data.lanes, data.faults, data.run.start, data.run.end));
    expect(data.availability.leaderSpans.length).toBeGreaterThan(0);
  });

  it('takes the availability oracle’s leader spans and calm windows when the run has them', () => {
    const oracle: AvailabilityStats = {
      leaderFraction: 0.5, calmElectionsPerSecond: 0, latencyMs: { median: 5, p99: 50 }, completed: 10, gaveUp: 0,
      calmWindows: [{ start: 100, end: 900 }], leaderSpans: [{ start: 200, end: 800, leader: 2 }],
    };
    const data = buildReportData({ ...passing, stats: { ...passing.stats, availability: oracle } });
    expect(data.availability).toEqual({ source: 'oracle', leaderSpans: [{ start: 200, end: 800, leader: 2 }], calmWindows: [{ start: 100, end: 900 }] });
  });

  it('reports an invariant failure at the run’s time and node', () => {
    const result = runSeed(3, {}, selfProclaimedLeaderSystem(), { keepTrace: true });
    expect(result.failure?.invariant).toBe('ElectionSafety');
    const data = buildReportData(result);
    expect(data.verdict).toMatchObject({
      status: 'fail',
      kind: 'invariant',
      invariant: 'ElectionSafety',
      time: result.failure!.time,
      node: result.failure!.node,
      message: result.failure!.message,
      stuckOp: null,
    });
    // The message window ends shortly after the failure, where the story is.
    expect(data.messages.end).toBeGreaterThanOrEqual(result.failure!.time);
    expect(data.messages.start).toBeLessThanOrEqual(result.failure!.time);
  });

  it('reports a linearizability failure with the checker’s longest prefix and stuck op', () => {
    const result = runSeed(1, {}, staleReadSystem(), { keepTrace: true });
    expect(result.failure?.kind).toBe('linearizability');
    const data = buildReportData(result);
    const check = checkHistory(result.history, { maxSteps: result.config.checkerMaxSteps });
    const failing = check.partitions.find((p) => p.verdict === 'not linearizable')!;
    const stuckOriginal = result.history.operations[failing.stuckOperation!]!;

    expect(data.verdict).toMatchObject({ status: 'fail', kind: 'linearizability', time: result.failure!.time, node: null });
    // Op ids are history indexes: the checker's and the report's "op #N" are the same op.
    expect(data.verdict.stuckOp).toBe(failing.stuckOperation);
    expect(data.history.checker!.longestPrefix).toEqual(failing.longestPrefixes[0]!.operations);
    const stuck = data.history.ops[data.verdict.stuckOp!]!;
    expect(stuck).toMatchObject({ client: stuckOriginal.client, call: stuckOriginal.call, return: stuckOriginal.return, key: stuckOriginal.input.key });
    expect(data.history.checker).toMatchObject({ result: 'not-linearizable', partition: stuckOriginal.input.key, stuckOp: data.verdict.stuckOp });
    expect(data.history.checker!.longestPrefix).toHaveLength(failing.longestPrefixes[0]!.operations.length);
    for (const id of data.history.checker!.longestPrefix) expect(data.history.ops[id]!.key).toBe(stuckOriginal.input.key);
    // The messages kept are those around the stuck op, not the end of the run.
    expect(data.messages.start).toBeLessThanOrEqual(stuck.return ?? stuck.call);
  });
});
