/**
 * buildReportData: a simulator run (RunResult with its kept trace) and the
 * checker's result, turned into ReportData. Everything the page shows comes
 * from the run; nothing is re-simulated. For a history found not
 * linearizable the checker is re-run on it (unless the caller passes its
 * result), with the run's own deterministic step budget, to get the longest
 * linearizable prefix and the stuck operation that RunResult does not carry.
 */

import { checkHistory, type CheckResult } from '@raft-check/checker';
import { clusterIds, describeFaultMix, type RunResult, type Verdict } from '../sim/index.js';
import { configurationSpans } from './configuration-spans.js';
import { leaderSpansFromLanes } from './leader-spans.js';
import { chooseMessageWindow, DEFAULT_WINDOW, type WindowOptions } from './message-window.js';
import { REPORT_FORMAT, type AvailabilityData, type FaultInterval, type MessageWindow, type NodeLane, type ReportData } from './report-data.js';
import { historyFromRun } from './run-history.js';
import { clockLabels } from './run-clocks.js';
import { faultsFromRun } from './run-faults.js';
import { defaultReplayCommand, verdictFromRun } from './run-verdict.js';
import { lanesFromTrace } from './trace-lanes.js';
import { messagesFromTrace } from './trace-messages.js';
import { trafficHistogram } from './traffic-histogram.js';

export interface RunReportOptions {
  /** The exact replay command (the CLI's, with every flag that shaped the run); default: seed and bugs. */
  replayCommand?: string;
  /** Name of the implementation under test (NodeFactory.name). */
  implementation?: string;
  /** The checker's result on result.history, if the caller has it; null: do not show checker details. */
  check?: CheckResult | null;
  window?: WindowOptions;
}

export class MissingTraceError extends Error {
  override readonly name = 'MissingTraceError';
}

/**
 * What the report knows of the check: the caller's result; else, for a
 * history found not linearizable, the check redone (deterministically, with
 * the run's own budget) for its prefix and stuck op; else the run's verdict
 * alone, which is all a linearizable or undecided history needs.
 */
function checkOf(result: RunResult, options: RunReportOptions): CheckResult | Verdict | null {
  if (options.check !== undefined) return options.check;
  if (result.verdict !== 'not linearizable') return result.verdict;
  return checkHistory(result.history, { maxSteps: result.config.checkerMaxSteps });
}

/** The availability oracle's spans when the run has them, else leader spans derived from the lanes. */
function availabilityOf(result: RunResult, lanes: readonly NodeLane[], faults: readonly FaultInterval[], start: number, end: number): AvailabilityData {
  const oracle = result.stats.availability;
  if (oracle !== undefined) {
    return {
      source: 'oracle',
      leaderSpans: oracle.leaderSpans.map(({ start, end, leader }) => ({ start, end, leader })),
      calmWindows: oracle.calmWindows.map(({ start, end }) => ({ start, end })),
    };
  }
  return { source: 'trace', leaderSpans: leaderSpansFromLanes(lanes, faults, start, end), calmWindows: null };
}

export function buildReportData(result: RunResult, options: RunReportOptions = {}): ReportData {
  const trace = result.trace;
  if (trace === null) throw new MissingTraceError('a report needs the run trace: run with keepTrace: true');
  const start = 0;
  const end = Math.max(result.stats.simulatedMs, trace.length > 0 ? (trace[trace.length - 1]?.time ?? 0) : 0, 1);
  // Nodes added by membership changes get lanes too, after the initial ones.
  const nodes = [...clusterIds(result.config.nodes), ...result.plan.faults.flatMap((fault) => (fault.kind === 'add-node' ? [fault.node] : []))];
  const history = historyFromRun(result.history.operations, checkOf(result, options), result.config.clients, trace);
  const verdict = verdictFromRun(result, history.checker?.stuckOp ?? null, options.replayCommand ?? defaultReplayCommand(result));

  // For a linearizability failure the story is around the stuck op, not at the
  // end of the run when the checker ran.
  const stuck = verdict.stuckOp === null ? undefined : history.ops[verdict.stuckOp];
  const anchor = stuck !== undefined ? (stuck.return ?? stuck.call) : verdict.time;

  const traced = messagesFromTrace(trace);
  const window = chooseMessageWindow(traced.messages.map((m) => m.sent), start, end, anchor, options.window ?? DEFAULT_WINDOW);
  const inWindow = traced.messages.filter((m) => m.sent >= window.start && m.sent <= window.end);
  const trafficSamples = [
    ...traced.messages,
    ...traced.unpaired.map((time) => ({ sent: time, dropped: false, duplicate: false })),
  ];
  const messages: MessageWindow = {
    ...window,
    messages: inWindow,
    total: traced.messages.length + traced.unpaired.length,
    unpaired: traced.unpaired.length,
    traffic: trafficHistogram(trafficSamples, start, end),
  };

  const config = result.config;
  const clocks = clockLabels(config.clocks, nodes);
  const lanes = lanesFromTrace(trace, nodes, start, end).map((lane) => ({ ...lane, clock: clocks.get(lane.node) ?? 'true clock' }));
  const faults = faultsFromRun(trace, result.plan, end);
  return {
    format: REPORT_FORMAT,
    title: `raft-check seed ${result.seed}: ${verdict.status === 'pass' ? 'pass' : `FAIL ${verdict.kind}`}`,
    run: {
      start,
      end,
      implementation: options.implementation ?? 'raft',
      bugs: [...config.bugs],
      config: `${config.keys} keys, snapshot every ${config.snapshotEvery}; faults: ${describeFaultMix(config.faults)}`,
      events: result.stats.traceEvents,
      phases: trace.filter((event) => event.kind === 'phase').map((event) => ({ time: event.time, name: event.tag, detail: event.detail })),
    },
    verdict,
    lanes,
    faults,
    configurations: configurationSpans(trace, clusterIds(config.nodes), start, end),
    availability: availabilityOf(result, lanes, faults, start, end),
    messages,
    history,
  };
}
