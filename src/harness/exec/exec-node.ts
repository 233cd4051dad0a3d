/**
 * One exec node as a SimNode: the harness side of the step protocol for one
 * process. Each call writes a line and blocks for the answer. The node's
 * randomness is the seed in `init` (NodeOptions.randomSeed), so no call needs
 * more than one round trip.
 */

import type { MessagePromises, NodeEffect, NodeId, NodeInput, NodeOptions, NodeView, SimNode } from '../api.js';
import { NodeFault } from '../../sim/node-host.js';
import { ProtocolViolation, parseNodeLine, readEffects, readQuietTicks, readView, type PromiseListener } from './decode.js';
import { readPromiseDeclaration, type PromiseDeclaration } from './decode-promises.js';
import { NodeProcessExit, NodeProcessGarbled, NodeProcessTimeout, type NodeProcess } from './node-process.js';
import type { HarnessLine, InitRequest, NodeLine, StepRequest, WireView } from './protocol.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { ViewMirror } from './view-mirror.js';

/** What the ready answer declared. */
export interface NodeDeclaration extends PromiseDeclaration {
  messageKind: string;
  reuse: boolean;
}

/** A request without its id, which exchange() gives it. */
type Request = DistributiveOmit<HarnessLine, 'requestId'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function describeRequest(line: Request, id: number): string {
  return `request ${id}, ${line.type === 'step' ? `step(${line.input.kind})` : line.type}`;
}

/**
 * The rules of docs/protocol.md ("When a node breaks the protocol") a node can
 * break, by the name a violation cites.
 */
export const RULES = {
  shape: 'answers as the schemas of docs/protocol/ define them',
  type: 'each request gets the answer of its type',
  once: 'one answer per request',
  ids: 'an echoed requestId names the request waiting',
  time: 'an answer within the wall-time limit',
  declaration: 'every node declares the same',
} as const;

/** A node's own error message in a failure, which is one line of the verdict: newlines folded, cut at 500 characters. */
function oneLine(message: string): string {
  const folded = message.replace(/\s*\n\s*/g, ' ').trim();
  return folded.length > 500 ? `${folded.slice(0, 500)}...` : folded;
}

function base64Files(files: ReadonlyMap<string, Uint8Array>): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [name, bytes] of files) encoded[name] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return encoded;
}

export class ExecNode implements SimNode<unknown> {
  private readonly mirror = new ViewMirror();
  /** The last view the node sent: an `effects` answer without one means it is unchanged. */
  private wire: WireView | null = null;
  /** The node's configuration as last reported (views omit it while unchanged). */
  private configuration: readonly NodeId[] | undefined;
  private current: NodeView;
  /** Bumped per answer, so that a view object knows when it is stale. */
  private generation = 0;
  /** Ticks the node promised to be quiet, and those held back under that promise (sent with the next step). */
  private quietTicks = 0;
  private heldTicks = 0;
  /** The state digest of the current view, once asked: the state cannot change until the next step. */
  private digest: string | null = null;
  readonly declaration: NodeDeclaration;
  /** Hears the promises of each message sent, when the node declared that it describes them. */
  private readonly promised: PromiseListener;
  /** The last line the node printed, shown as it was in a protocol violation. */
  private lastLine = '';
  /** The request being answered ("request 17, step(tick)"), for a violation. */
  private request = '';

  constructor(
    private readonly process: NodeProcess,
    private readonly options: NodeOptions,
    files: ReadonlyMap<string, Uint8Array>,
    now: number,
    private readonly release: (process: NodeProcess, reusable: boolean) => void,
    promised: (message: object, promises: MessagePromises) => void,
  ) {
    const init: Omit<InitRequest, 'requestId'> = {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      time: now,
      id: options.id,
      cluster: [...options.cluster],
      randomSeed: options.randomSeed,
      snapshotEvery: options.snapshotEvery,
      bugs: [...options.bugs].sort(),
      tuning: { ...options.tuning },
      selfChecks: options.selfChecks,
      features: { ...options.features },
      maxClockDrift: options.maxClockDrift,
      files: base64Files(files),
    };
    const ready = this.exchange(init, 'ready');
    const messageKind = ready['messageKind'];
    if (typeof messageKind !== 'string' || messageKind === '') this.violation('shape', 'ready.messageKind must name the field that holds a message\'s kind');
    let declared: PromiseDeclaration;
    try {
      declared = readPromiseDeclaration(ready);
    } catch (error) {
      if (error instanceof ProtocolViolation) this.violation('shape', error.message);
      throw error;
    }
    this.declaration = { messageKind, reuse: ready['reuse'] === true, ...declared };
    this.promised = declared.promises ? promised : null;
    this.current = this.observe(ready);
  }

  step(input: NodeInput<unknown>, now = 0): NodeEffect<unknown>[] {
    // A late tick that stands for missed ones (after a block or pause) carries that count: it is never held back.
    if (input.kind === 'tick' && input.missed === undefined && this.quietTicks > 0) {
      // Promised to change nothing: the node gets it with its next step, the simulation sees [] and the same view.
      this.quietTicks--;
      this.heldTicks++;
      return [];
    }
    const request: Omit<StepRequest, 'requestId'> = this.heldTicks > 0 ? { type: 'step', time: now, ticks: this.heldTicks, input } : { type: 'step', time: now, input };
    this.heldTicks = 0;
    const answer = this.exchange(request, 'effects');
    let effects: NodeEffect<unknown>[];
    try {
      effects = readEffects(answer['effects'], this.declaration.messageKind, this.promised);
    } catch (error) {
      if (error instanceof ProtocolViolation) this.violation('shape', error.message);
      throw error;
    }
    this.current = this.observe(answer);
    const logged = this.process.stderrLines();
    return logged.length === 0 ? effects : [...logged.map((text): NodeEffect<unknown> => ({ kind: 'log', text })), ...effects];
  }

  view(): NodeView {
    return this.current;
  }

  stop(): void {
    this.generation++;
    // What this node wrote after its last step is not for the next node a reused process hosts.
    if (this.process.alive) this.process.stderrLines();
    this.release(this.process, this.declaration.reuse && this.process.alive);
  }

  /**
   * Sends a request (numbered here) and reads its answer, which must be of the
   * expected type (or an error) and echo no other request's id.
   */
  private exchange(line: Request, expected: 'ready' | 'effects' | 'state-digest'): NodeLine & Record<string, unknown> {
    const id = this.process.requestIds.next();
    this.request = describeRequest(line, id);
    try {
      // The id right after the type, where a human reading the traffic looks first.
      const { type, ...fields } = line;
      this.process.send(JSON.stringify({ type, requestId: id, ...fields }));
      const text = this.process.receive();
      this.lastLine = text;
      let answer: NodeLine & Record<string, unknown>;
      try {
        answer = parseNodeLine(text);
      } catch (error) {
        if (error instanceof ProtocolViolation) this.violation('shape', error.message);
        throw error;
      }
      const mismatch = this.process.requestIds.problem(answer.requestId, id);
      if (mismatch !== null) this.violation(answer.requestId === undefined || answer.requestId > id ? 'ids' : 'once', mismatch);
      if (answer.type === expected) return answer;
      if (answer.type === 'error') {
        // What in-process is an exception thrown by the node: a failure of the node (NodeException).
        this.process.kill();
        const message = typeof answer['message'] === 'string' ? answer['message'] : JSON.stringify(answer['message']);
        throw new NodeFault(this.options.id, `n${this.options.id} ${this.request} failed: ${oneLine(message ?? 'null')}`);
      }
      this.violation('type', `expected a ${expected} line`);
    } catch (error) {
      if (error instanceof NodeProcessGarbled) {
        this.lastLine = error.printed;
        this.violation(error.rule, error.message);
      }
      if (error instanceof NodeProcessTimeout) this.violation('time', error.message, false);
      // A node that dies mid-request failed, as a node that throws does in-process.
      if (error instanceof NodeProcessExit) throw new NodeFault(this.options.id, `n${this.options.id} ${this.request}: process ${error.message}`);
      throw error;
    }
  }

  /** Takes the view (and the quiet-ticks promise) of an answer; the answer is re-printed only for an error message. */
  private observe(answer: Record<string, unknown>): NodeView {
    let wire: WireView;
    try {
      if (answer['view'] === undefined && answer.type === 'effects' && this.wire !== null) {
        wire = this.wire;
      } else {
        wire = readView(answer['view']);
        this.mirror.update(wire);
        this.wire = wire;
      }
      this.quietTicks = readQuietTicks(answer['quietTicks']);
    } catch (error) {
      if (error instanceof ProtocolViolation) this.violation('shape', error.message);
      throw error;
    }
    // A new view object even when the fields are the same: the state behind stateDigest() may have moved.
    const generation = ++this.generation;
    this.digest = null;
    const mirror = this.mirror;
    if (wire.configuration !== undefined) this.configuration = wire.configuration;
    const configuration = this.configuration;
    const progress = wire.progress === undefined ? undefined : new Map(wire.progress.map(([peer, match, next]) => [peer, { match, next }]));
    const fetchDigest = (): string => {
      if (generation !== this.generation) throw new Error('stateDigest() of a view older than the node\'s last step');
      if (this.digest !== null) return this.digest;
      const answer = this.exchange({ type: 'state-digest' }, 'state-digest');
      const digest = answer['digest'];
      if (typeof digest !== 'string') this.violation('shape', 'state-digest.digest must be a string');
      this.digest = digest;
      return digest;
    };
    return {
      role: wire.role,
      term: wire.term,
      commitIndex: wire.commitIndex,
      appliedIndex: wire.appliedIndex,
      snapshotIndex: wire.snapshotIndex,
      lastIndex: wire.lastIndex,
      termAt: (index) => mirror.termAt(index),
      entryDigest: (index) => mirror.entryDigest(index),
      stateDigest: fetchDigest,
      ...(configuration === undefined ? {} : { configuration: () => configuration }),
      ...(progress === undefined ? {} : { matchIndex: (peer: NodeId) => progress.get(peer)?.match ?? 0, nextIndex: (peer: NodeId) => progress.get(peer)?.next ?? 0 }),
    };
  }

  /**
   * A broken protocol is the node's failure, as an exception in-process is: its
   * seed reproduces it, a sweep saves it, the shrinker shrinks it (a broken
   * first start of the command is turned into a SystemError by exec-system.ts).
   * One line: the node, the request, the rule, the problem and what it printed,
   * as it printed it (never re-serialized: a value nested too deep to print
   * again would turn the violation into a RangeError).
   */
  private violation(rule: keyof typeof RULES, problem: string, printed = true): never {
    this.process.kill();
    const line = this.lastLine;
    const shown = line.length > 200 ? `${line.slice(0, 200)}...` : line;
    const what = printed ? `; it printed: ${shown}` : '';
    throw new NodeFault(this.options.id, `n${this.options.id} broke the exec protocol (rule: ${RULES[rule]}; docs/protocol.md) on ${this.request}: ${problem}${what}`);
  }
}
