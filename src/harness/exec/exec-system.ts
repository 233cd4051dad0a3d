/**
 * `--system exec:'CMD ARGS'`: a System whose nodes are subprocesses speaking
 * the step protocol (protocol.ts, docs/protocol.md).
 *
 * A node start spawns a process (or, when the node declared `reuse`, takes an
 * idle one: a fresh `init` forgets everything, so this is the same as a new
 * process, without paying its start-up); a crash or the end of the run kills
 * it (or hands it back to the idle list). Messages are opaque JSON: their kind
 * is the field the node named in its ready answer.
 *
 * What a node declares in its ready answer (messageKind, whether its sends
 * carry promises, the features it implements) is the command's, the same for
 * every node: the simulator needs it before the first node of a run starts
 * (it decides which oracles run), so the first time it is asked for, one
 * probe start (a first boot of n1 in a three-node cluster) reads it, and
 * every later ready must agree.
 */

import { appendFileSync } from 'node:fs';
import type { ImplementableFeature, MessagePromises, NodeFactory, NodeOptions, SimNode } from '../api.js';
import { SystemError } from '../system-error.js';
import { UserInputError } from '../../util/user-input-error.js';
import { DEFAULT_FEATURES, DEFAULT_TUNING } from '../tuning.js';
import { defaultSystem, type System } from '../../sim/index.js';
import { seededRandomInt } from '../../sim/node-seed.js';
import { ExecNode, RULES, type NodeDeclaration } from './exec-node.js';
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
  // The user's setting, not the node's doing: bad input (exit 2), not a system error (exit 255).
  if (!Number.isSafeInteger(value) || value <= 0) throw new UserInputError(`RAFT_CHECK_EXEC_TIMEOUT_MS must be a positive integer (ms), got ${configured}`);
  return value;
}

const PROBE_SEED = 'raft-check:declaration-probe';

/** The probe start: a plain first boot, as the first node of a run gets. */
const PROBE_OPTIONS: NodeOptions = {
  id: 1,
  cluster: [1, 2, 3],
  randomSeed: PROBE_SEED,
  randomInt: seededRandomInt(PROBE_SEED),
  snapshotEvery: 100,
  bugs: new Set(),
  tuning: DEFAULT_TUNING,
  selfChecks: true,
  features: DEFAULT_FEATURES,
  maxClockDrift: 0,
};

/** How `later` differs from `first` (the first ready seen), or null when they agree. */
function disagreement(first: NodeDeclaration, later: NodeDeclaration): string | null {
  if (later.messageKind !== first.messageKind) return `messageKind "${later.messageKind}", another node "${first.messageKind}"`;
  if (later.promises !== first.promises) return `promises ${later.promises}, another node ${first.promises}`;
  const features = (declared: NodeDeclaration): string => JSON.stringify(declared.implementsFeatures);
  if (features(later) !== features(first)) return `implementsFeatures ${features(later)}, another node ${features(first)}`;
  return null;
}

class ExecFactory implements NodeFactory<unknown> {
  readonly name: string;
  private readonly idle: NodeProcess[];
  /** The first ready answer's declaration: every node of the command must make the same. */
  private declared: NodeDeclaration | null = null;
  /** What each message sent promised, as its send effect said (messages are immutable once sent). */
  private readonly promisesByMessage = new WeakMap<object, MessagePromises>();
  private readonly promisesOf = (message: unknown): MessagePromises | null =>
    typeof message === 'object' && message !== null ? (this.promisesByMessage.get(message) ?? null) : null;

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
      node = new ExecNode(
        process,
        options,
        files,
        now,
        (done, reusable) => this.release(done, reusable),
        (message, promises) => this.promisesByMessage.set(message, promises),
      );
    } catch (error) {
      // A command whose first start (the declaration probe) fails or breaks the protocol does not run at all:
      // no seed reproduces that, so it is bad input (exit 2), not a failing run.
      if (error instanceof NodeFault && this.declared === null) {
        throw new SystemError(`exec:${this.command} cannot run: at its first start, ${error.message}`);
      }
      throw error;
    }
    if (this.declared === null) this.declared = node.declaration;
    const differs = disagreement(this.declared, node.declaration);
    if (differs !== null) {
      node.stop();
      throw new NodeFault(options.id, `n${options.id} broke the exec protocol (rule: ${RULES.declaration}; docs/protocol.md) in its ready answer: it declared ${differs}`);
    }
    return node;
  }

  /** NodeFactory.promises, present only when the command's nodes declared that their sends carry them. */
  get promises(): ((message: unknown) => MessagePromises | null) | undefined {
    return this.declaration().promises ? this.promisesOf : undefined;
  }

  get implementsFeatures(): readonly ImplementableFeature[] {
    return this.declaration().implementsFeatures;
  }

  /** The command's declaration; the first time, before any node started, from a probe start. */
  private declaration(): NodeDeclaration {
    if (this.declared === null) this.start(PROBE_OPTIONS, new Map()).stop?.();
    return this.declared as NodeDeclaration;
  }

  describeMessage(message: unknown): string {
    const text = JSON.stringify(message);
    return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}...` : text;
  }

  messageKind(message: unknown): string {
    // Checked when the message left its node (decode.ts), so the field is there.
    return (message as Record<string, string>)[this.declared?.messageKind ?? 'kind'] as string;
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
  // A flag's value: bad input (exit 2), as a --system module that cannot be loaded is.
  if (command.trim() === '') throw new UserInputError('--system exec: needs a command, e.g. --system exec:\'python3 node.py\'');
  const configured = process.env['RAFT_CHECK_EXEC_TRAFFIC'];
  const trafficLog = configured === undefined || configured === '' ? null : configured;
  if (trafficLog !== null) checkTrafficLog(trafficLog);
  return { factory: new ExecFactory(command, trafficLog), checkHistory: defaultSystem.checkHistory };
}

/**
 * The user's setting, tried before any node starts: a folder or a missing folder was found at the first
 * line the harness logged, an internal error (exit 255) instead of bad input (exit 2).
 */
function checkTrafficLog(path: string): void {
  try {
    appendFileSync(path, '');
  } catch (error) {
    throw new UserInputError(`RAFT_CHECK_EXEC_TRAFFIC=${path}: cannot append to it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
