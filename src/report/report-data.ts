/**
 * `ReportData`: everything the HTML run report shows, and nothing else.
 *
 * It is the one contract between whoever knows a run (the simulator adapter in
 * from-run.ts, or a test building synthetic data) and the page (render-report.ts).
 * It is embedded verbatim as JSON in the page, so it is kept compact: times are
 * numbers, descriptions are short display strings, node state is stored as
 * change points rather than per step, and individual messages are kept only for
 * one time window (the rest of the traffic is a histogram).
 *
 * All times are simulated milliseconds since the start of the run.
 */

export const REPORT_FORMAT = 'raft-check/report@1';

/** A node's role over time; `down` covers the time between a crash and its restart. */
export type LaneRole = 'follower' | 'candidate' | 'leader' | 'down';

/** One maximal stretch of time during which a node kept the same role and term. */
export interface RoleSegment {
  start: number;
  end: number;
  role: LaneRole;
  /** The node's current term (for `down`: the term it had when it crashed). */
  term: number;
}

export type NodeEventKind = 'crash' | 'restart' | 'snapshot-taken' | 'snapshot-installed' | 'torn-write' | 'configuration';

/** Something that happened to one node at one instant. */
export interface NodeEvent {
  time: number;
  kind: NodeEventKind;
  /** One line for the tooltip, e.g. "snapshot at index 120" or "WAL tail truncated (37 bytes)". */
  detail: string;
}

/** One lane of the cluster timeline. */
export interface NodeLane {
  node: number;
  /** Sorted, non-overlapping, covering the run from its start to its end. */
  segments: RoleSegment[];
  /** Sorted by time. */
  events: NodeEvent[];
  /** Commit index progress as [time, commitIndex] change points, sorted by time (thinned on long runs). */
  commits: Array<[number, number]>;
  /** The node's clock: its drawn rate and offset, e.g. "+3.1% +420ms", or "true clock" (run-clocks.ts). */
  clock?: string;
  /** For a node added by a membership change: when it started (before that it did not exist). */
  joined?: number;
  /** For a node removed by a membership change: when it was stopped for good. */
  removed?: number;
}

/** A configuration in force (the leader's), with its members; see configuration-spans.ts. */
export interface ConfigurationSpan extends TimeSpan {
  members: number[];
  /** The leader that adopted it; null for the initial configuration. */
  leader: number | null;
}

export type FaultKind = 'partition' | 'drop' | 'duplicate' | 'reorder' | 'delay' | 'pause' | 'clock';

/** A fault active from `start` to `end` (`end` = the run's end if it never healed). */
export interface FaultInterval {
  kind: FaultKind;
  start: number;
  end: number;
  /** One line, e.g. "{1,2} | {3}", "drop 30%" or "n2 paused". */
  description: string;
  /** For partitions: the groups of nodes that could still talk to each other. */
  groups?: number[][];
  /** For a pause: the node that was frozen; for a clock drift burst: the node whose clock drifted. */
  node?: number;
}

/** A stretch of simulated time, [start, end). */
export interface TimeSpan {
  start: number;
  end: number;
}

/** A span during which `leader` was followed by a majority of the cluster. */
export interface LeaderSpan extends TimeSpan {
  leader: number;
}

/**
 * When the cluster could serve clients: the spans with a leader followed by a
 * majority, and the availability oracle's calm windows (when it ran).
 */
export interface AvailabilityData {
  /** 'oracle': the availability oracle's own spans; 'trace': derived from the lanes and partitions. */
  source: 'oracle' | 'trace';
  leaderSpans: LeaderSpan[];
  /** Spans when a majority was up, connected and calm, so the oracle applied; null without the oracle. */
  calmWindows: TimeSpan[] | null;
}

/** One message between two nodes. */
export interface ReportMessage {
  from: number;
  to: number;
  sent: number;
  /** Delivery time, or null when it never arrived (dropped, receiver down, still in flight at the end). */
  received: number | null;
  /** Short kind for colour and legend, e.g. "AppendEntries". */
  kind: string;
  /** One line with the message fields, for the tooltip. */
  description: string;
  /** The network dropped it on purpose (fault injection). */
  dropped: boolean;
  /** This delivery is an injected duplicate of an earlier one. */
  duplicate: boolean;
}

/** Message traffic of the whole run, bucketed, so the page can show where the traffic is. */
export interface TrafficHistogram {
  /** Width of one bucket in ms; bucket i covers [runStart + i*bucket, runStart + (i+1)*bucket). */
  bucket: number;
  sent: number[];
  dropped: number[];
  duplicated: number[];
}

/** Messages are kept one by one only inside [start, end]. */
export interface MessageWindow {
  start: number;
  end: number;
  /** Why this window: "before the failure", "busiest 2 s", "whole run". */
  reason: string;
  /** Messages sent inside the window, sorted by send time. */
  messages: ReportMessage[];
  /** Messages sent during the whole run. */
  total: number;
  /** Deliveries in the whole run whose send time is unknown (the trace lacks it), so not drawn. */
  unpaired: number;
  traffic: TrafficHistogram;
}

/** `unknown`: the client never got an answer, so the operation may or may not have taken effect. */
export type OpOutcome = 'ok' | 'failed' | 'unknown';

/** One client operation; `id` is its index in `HistoryData.ops`. */
export interface ReportOp {
  id: number;
  client: number;
  call: number;
  return: number | null;
  /** The key, used to group ops per checker partition. */
  key: string;
  /** e.g. "put x=3", "cas x 1→2". */
  input: string;
  /** e.g. "ok", "→ 3", "cas ok"; null when it never returned. */
  output: string | null;
  outcome: OpOutcome;
  /** Every request the client sent for it (first try and retries) as [time, node]; empty when unknown. */
  attempts: Array<[number, number]>;
  /** The node whose answer completed it; null when never answered or unknown. */
  answeredBy: number | null;
}

export type CheckerResult = 'linearizable' | 'not-linearizable' | 'unknown';

/** What the linearizability checker concluded, in terms of `ReportOp` ids. */
export interface CheckerInfo {
  result: CheckerResult;
  /** The key (partition) the failure is about; null when linearizable. */
  partition: string | null;
  /** The longest linearizable prefix of that partition, as op ids in linearization order. */
  longestPrefix: number[];
  /** The op the search could not place after that prefix; null when none. */
  stuckOp: number | null;
  /** One line, e.g. "not linearizable: key x". */
  message: string;
}

export interface HistoryData {
  /** ops[i].id === i. From a run: in history order, so an id is the history index the checker reports. */
  ops: ReportOp[];
  clients: number[];
  /** The history's rows, each a list of client ids in time order (see client-rows.ts). */
  rows: number[][];
  /** Null when the checker did not run (e.g. the run failed an invariant first). */
  checker: CheckerInfo | null;
}

export type VerdictKind = 'pass' | 'invariant' | 'linearizability' | 'liveness' | 'crash' | 'unknown';

/** The run's verdict, as the CLI prints it. */
export interface Verdict {
  status: 'pass' | 'fail';
  kind: VerdictKind;
  /** For invariant failures: the invariant's name, e.g. "election-safety". */
  invariant: string | null;
  message: string;
  /** When it failed (simulated ms); null for a pass. */
  time: number | null;
  /** The node it failed on, when it is about one node. */
  node: number | null;
  /** For linearizability failures: the op id the checker got stuck on. */
  stuckOp: number | null;
  seed: number;
  fingerprint: string;
  replayCommand: string;
}

/** A moment that changes the rules of the run, e.g. the liveness phase starting (faults healed). */
export interface PhaseMarker {
  time: number;
  name: string;
  detail: string;
}

export interface RunInfo {
  start: number;
  end: number;
  /** Implementation under test, e.g. "raft". */
  implementation: string;
  /** Injected bugs switched on for this run. */
  bugs: string[];
  /** One line summarising the configuration (fault mix, sizes). */
  config: string;
  /** Total trace events of the run, for the header. */
  events: number;
  /** Sorted by time. */
  phases: PhaseMarker[];
}

export interface ReportData {
  format: typeof REPORT_FORMAT;
  title: string;
  run: RunInfo;
  verdict: Verdict;
  lanes: NodeLane[];
  faults: FaultInterval[];
  /** Sorted, covering the run; absent from data that predates membership changes. */
  configurations?: ConfigurationSpan[];
  availability: AvailabilityData;
  messages: MessageWindow;
  history: HistoryData;
}
