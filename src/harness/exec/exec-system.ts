/**
 * `--system exec:'CMD ARGS'`: a System whose nodes are subprocesses speaking
 * the step protocol (protocol.ts, docs/protocol.md).
 *
 * A node start spawns a process (or, when the node declared `reuse`, takes an
 * idle one: a fresh `init` forgets everything, so this is the same as a new
 * process, without paying its start-up); a crash or the end of the run kills
 * it (or hands it back to the idle list). Messages are opaque JSON: their kind
 * is the field the node named in its ready answer.
 */

import type { NodeFactory, NodeOptions, SimNode } from '../api.js';
import { SystemError } from '../system-error.js';
import { defaultSystem, type System } from '../../sim/index.js';
import { ExecNode } from './exec-node.js';
import { NodeFault } from '../../sim/node-host.js';
import { NodeProcess } from './node-process.js';
import { DEFAULT_ANSWER_TIMEOUT_MS, ExecWorkspace } from './workspace.js';

export const EXEC_PREFIX = 'exec:';

/** Idle processes kept per command: a cluster has at most five nodes alive at once. */
const MAX_IDLE = 5;

/** Longest rendering of a message in traces and reports. */
const MAX_DESCRIPTION = 240;

let workspace: ExecWorkspace | null = null;

/** Idle processes by command (and traffic log), shared by every System loaded for it in this thread. */
const idleByCommand = new Map<string, NodeProcess[]>();

/** The wall-clock limit per answer: RAFT_CHECK_EXEC_TIMEOUT_MS, default 10 s. */
function answerTimeoutMs(): number {
  const configured = process.env['RAFT_CHECK_EXEC_TIMEOUT_MS'];
  if (configured === undefined || configured === '') return DEFAULT_ANSWER_TIMEOUT_MS;
  const value = Number(configured);
  if (!Number.isSafeInteger(value) || value <= 0) throw new SystemError(`RAFT_CHECK_EXEC_TIMEOUT_MS must be a positive integer (ms), got ${configured}`);
  return value;
}

class ExecFactory implements NodeFactory<unknown> {
  readonly name: string;
  private readonly idle: NodeProcess[];
  private messageKindField: string | null = null;

  constructor(
    private readonly command: string,
    private readonly trafficLog: string | null,
  ) {
    this.name = `${EXEC_PREFIX}${command}`;
    const poolKey = `${command}\u0000${trafficLog ?? ''}`;
    this.idle = idleByCommand.get(poolKey) ?? [];
    idleByCommand.set(poolKey, this.idle);
  }

  start(options: NodeOptions, files: ReadonlyMap<string, Uint8Array>, now = 0): SimNode<unknown> {
    workspace ??= new ExecWorkspace(answerTimeoutMs());
    const reused = this.idle.pop();
    const process = reused ?? new NodeProcess(this.command, workspace, this.trafficLog);
    let node: ExecNode;
    try {
      node = new ExecNode(process, options, files, now, (done, reusable) => this.release(done, reusable));
    } catch (error) {
      // A command that never got as far as one ready answer is not a node failure: it does not run at all.
      if (error instanceof NodeFault && this.messageKindField === null) {
        throw new SystemError(`exec:${this.command} ended before its first ready answer: ${error.message}`);
      }
      throw error;
    }
    const declared = node.declaration.messageKind;
    if (this.messageKindField !== null && this.messageKindField !== declared) {
      throw new SystemError(`n${options.id} of exec:${this.command} declared messageKind "${declared}", another node "${this.messageKindField}"`);
    }
    this.messageKindField = declared;
    return node;
  }

  describeMessage(message: unknown): string {
    const text = JSON.stringify(message);
    return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}...` : text;
  }

  messageKind(message: unknown): string {
    // Checked when the message left its node (decode.ts), so the field is there.
    return (message as Record<string, string>)[this.messageKindField ?? 'kind'] as string;
  }

  private release(process: NodeProcess, reusable: boolean): void {
    if (reusable && this.idle.length < MAX_IDLE) this.idle.push(process);
    else process.kill();
  }
}

/**
 * The System for `exec:CMD`; the history is judged by our checker, as for any
 * system. RAFT_CHECK_EXEC_TRAFFIC=FILE appends every protocol line to FILE.
 */
export function execSystem(command: string): System {
  if (command.trim() === '') throw new SystemError('exec: needs a command, e.g. --system exec:\'python3 node.py\'');
  const trafficLog = process.env['RAFT_CHECK_EXEC_TRAFFIC'];
  return { factory: new ExecFactory(command, trafficLog === undefined || trafficLog === '' ? null : trafficLog), checkHistory: defaultSystem.checkHistory };
}
