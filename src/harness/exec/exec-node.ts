/**
 * One exec node as a SimNode: the harness side of the step protocol for one
 * process. Each call writes a line and blocks for the answer; a `random`
 * request met on the way is answered from the node's randomInt (so the node
 * draws from the simulator's own stream, exactly as an in-process node does).
 */

import type { NodeEffect, NodeInput, NodeOptions, NodeView, SimNode } from '../api.js';
import { SystemError } from '../system-error.js';
import { NodeFault } from '../../sim/node-host.js';
import { ProtocolViolation, parseNodeLine, readEffects, readView } from './decode.js';
import { NodeProcessExit, NodeProcessTimeout, type NodeProcess } from './node-process.js';
import type { HarnessLine, InitRequest, NodeLine, WireView } from './protocol.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { ViewMirror } from './view-mirror.js';

/** What the ready answer declared. */
export interface NodeDeclaration {
  messageKind: string;
  reuse: boolean;
}

function describeRequest(line: HarnessLine): string {
  return line.type === 'step' ? `step(${line.input.kind})` : line.type;
}

function base64Files(files: ReadonlyMap<string, Uint8Array>): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [name, bytes] of files) encoded[name] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return encoded;
}

export class ExecNode implements SimNode<unknown> {
  private readonly mirror = new ViewMirror();
  private current: NodeView;
  /** Bumped per answer, so that a view object knows when it is stale. */
  private generation = 0;
  readonly declaration: NodeDeclaration;

  constructor(
    private readonly process: NodeProcess,
    private readonly options: NodeOptions,
    files: ReadonlyMap<string, Uint8Array>,
    now: number,
    private readonly release: (process: NodeProcess, reusable: boolean) => void,
  ) {
    const init: InitRequest = {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      time: now,
      id: options.id,
      cluster: [...options.cluster],
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
    if (typeof messageKind !== 'string' || messageKind === '') this.violation('ready.messageKind must name the field that holds a message\'s kind', JSON.stringify(ready));
    this.declaration = { messageKind, reuse: ready['reuse'] === true };
    this.current = this.observe(ready);
  }

  step(input: NodeInput<unknown>, now = 0): NodeEffect<unknown>[] {
    const answer = this.exchange({ type: 'step', time: now, input }, 'effects');
    let effects: NodeEffect<unknown>[];
    try {
      effects = readEffects(answer['effects'], this.declaration.messageKind);
    } catch (error) {
      if (error instanceof ProtocolViolation) this.violation(error.message, JSON.stringify(answer));
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

  /** Sends a line and reads until the expected answer, serving random requests on the way. */
  private exchange(line: HarnessLine, expected: 'ready' | 'effects' | 'state-digest'): NodeLine & Record<string, unknown> {
    try {
      this.process.send(JSON.stringify(line));
      for (;;) {
        const text = this.process.receive();
        let answer: NodeLine & Record<string, unknown>;
        try {
          answer = parseNodeLine(text);
        } catch (error) {
          if (error instanceof ProtocolViolation) this.violation(error.message, text);
          throw error;
        }
        if (answer.type === expected) return answer;
        if (answer.type === 'random') {
          const bound = answer['bound'];
          if (typeof bound !== 'number' || !Number.isSafeInteger(bound) || bound <= 0) this.violation('random.bound must be a positive integer', text);
          this.process.send(JSON.stringify({ type: 'random', value: this.options.randomInt(bound) }));
          continue;
        }
        if (answer.type === 'error') {
          // What in-process is an exception thrown by the node: a failure of the node (NodeException).
          this.process.kill();
          const message = typeof answer['message'] === 'string' ? answer['message'] : JSON.stringify(answer['message']);
          throw new NodeFault(this.options.id, `n${this.options.id} ${describeRequest(line)} failed: ${message}`);
        }
        this.violation(`expected a ${expected} line (or random)`, text);
      }
    } catch (error) {
      if (error instanceof NodeProcessTimeout) throw new SystemError(`n${this.options.id}'s exec process ${error.message}, while handling ${describeRequest(line)}`);
      // A node that dies mid-request failed, as a node that throws does in-process.
      if (error instanceof NodeProcessExit) throw new NodeFault(this.options.id, `n${this.options.id} ${describeRequest(line)}: process ${error.message}`);
      throw error;
    }
  }

  /** Takes the view of an answer; the answer is re-printed only for an error message. */
  private observe(answer: Record<string, unknown>): NodeView {
    let wire: WireView;
    try {
      wire = readView(answer['view']);
      this.mirror.update(wire);
    } catch (error) {
      if (error instanceof ProtocolViolation) this.violation(error.message, JSON.stringify(answer));
      throw error;
    }
    const generation = ++this.generation;
    const mirror = this.mirror;
    const fetchDigest = (): string => {
      if (generation !== this.generation) throw new Error('stateDigest() of a view older than the node\'s last step');
      const answer = this.exchange({ type: 'state-digest' }, 'state-digest');
      const digest = answer['digest'];
      if (typeof digest !== 'string') this.violation('state-digest.digest must be a string', JSON.stringify(answer));
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
    };
  }

  /** A broken protocol ends the run (exit 255): one line with the node and what it printed. */
  private violation(problem: string, line: string): never {
    this.process.kill();
    const shown = line.length > 200 ? `${line.slice(0, 200)}...` : line;
    throw new SystemError(`n${this.options.id} broke the exec protocol: ${problem}; it printed: ${shown}`);
  }
}
