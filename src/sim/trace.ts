/**
 * The run's trace: structured events, kept only when asked, and always a
 * running 64-bit hash over them (see hash.ts) so that two runs can be compared cheaply.
 *
 * The hash covers (time, kind, node, peer, tag) of every event. The `detail`
 * text is built lazily and only when the trace is kept, because describing
 * every message would cost more than the simulation itself.
 */

import { Hash64 } from './hash.js';

export type TraceKind =
  | 'send'
  | 'deliver'
  | 'drop'
  | 'duplicate'
  | 'crash'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'torn-write'
  /** A storage fault beyond crashes struck a node's disk (storage-faults.ts). */
  | 'storage'
  | 'partition'
  | 'heal'
  | 'burst'
  | 'clock-drift'
  | 'call'
  | 'retry'
  | 'return'
  | 'give-up'
  | 'role'
  | 'commit'
  | 'snapshot'
  | 'phase'
  /** A line a node logged (an exec node's stderr). */
  | 'log'
  | 'violation';

export interface TraceEvent {
  /** Simulated time in ms. */
  time: number;
  kind: TraceKind;
  /** The node (or, for client events, the client) the event happened at; -1 when none. */
  node: number;
  /** The other party (receiver of a send, sender of a delivery or drop, target of a request); -1 when none. */
  peer: number;
  /** A short stable tag: message kind, role, operation, ... */
  tag: string;
  /** Human-readable detail (only in kept traces). */
  detail: string;
  /** For an event at a node: that node's clock reading then (src/sim/clocks.ts), beside the true `time`. */
  nodeTime?: number;
}

export class Trace {
  readonly events: TraceEvent[] | null;
  /** Reads a node's clock at a true time, for the kept events' nodeTime (not hashed). */
  clockOf: ((node: number, time: number) => number) | null = null;
  private readonly hasher = new Hash64();
  private eventCount = 0;

  constructor(
    keep: boolean,
    private readonly onEvent: ((event: TraceEvent) => void) | null = null,
  ) {
    this.events = keep ? [] : null;
  }

  /** Whether event details are built at all: hot callers skip making a `detail` closure when not. */
  get describes(): boolean {
    return this.events !== null || this.onEvent !== null;
  }

  get count(): number {
    return this.eventCount;
  }

  record(time: number, kind: TraceKind, node: number, peer: number, tag: string, detail?: () => string): void {
    this.eventCount++;
    this.hasher.number(time).string(kind).number(node).number(peer).string(tag);
    if (this.events === null && this.onEvent === null) return;
    const event: TraceEvent = { time, kind, node, peer, tag, detail: detail === undefined ? '' : detail() };
    if (this.clockOf !== null && node >= 0 && !isClientEvent(kind)) event.nodeTime = Math.round(this.clockOf(node, time));
    this.events?.push(event);
    this.onEvent?.(event);
  }

  /** The running hash as 16 hex digits. */
  hash(): string {
    return this.hasher.hex();
  }
}

/** One line per event, as `--trace` prints it. */
export function formatTraceEvent(event: TraceEvent): string {
  const where = event.node >= 0 ? (isClientEvent(event.kind) ? `c${event.node}` : `n${event.node}`) : '--';
  const detail = event.detail === '' ? event.tag : event.detail;
  const clock = event.nodeTime === undefined ? ''.padEnd(9) : `(${String(event.nodeTime).padStart(6)})`;
  return `t=${String(event.time).padStart(6)} ${clock} ${where.padEnd(4)} ${event.kind.padEnd(10)} ${detail}`;
}

function isClientEvent(kind: TraceKind): boolean {
  return kind === 'call' || kind === 'retry' || kind === 'return' || kind === 'give-up';
}
