/**
 * One exec node's operating-system process, spoken to synchronously.
 *
 * The simulator is synchronous, so the harness writes a line to the child's
 * stdin and blocks until the answer line arrives on its stdout. Both are
 * named pipes (FIFOs) opened in blocking mode, which Node's own child pipes
 * are not: a blocking read wakes exactly when the answer lands, with no
 * polling. The FIFOs are opened so that each end has one holder: the child
 * sees end-of-file on stdin when the harness goes away, and the harness sees
 * end-of-file on stdout when the child dies (or the watchdog kills it).
 *
 * stderr goes to an unlinked temporary file, read after each answer.
 *
 * What a node prints is bounded, so that a broken node ends the run with one
 * line instead of exhausting memory: an answer line may be at most
 * MAX_LINE_BYTES, each stderr line is cut at MAX_LOG_LINE characters, and at
 * most MAX_STDERR_BYTES of stderr are read per answer (the rest is skipped,
 * with a line that says how much).
 * `trafficLog`, when set, gets every line both ways (`pid> ` to the node,
 * `pid< ` from it): for debugging a node, and for the schema test.
 */

import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, fstatSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RequestIds } from './request-ids.js';
import type { ExecWorkspace } from './workspace.js';

const READ_CHUNK = 1 << 16;
/** The longest answer line: far above any honest answer (a view, a snapshot's bytes), far below what exhausts memory. */
export const MAX_LINE_BYTES = 64 << 20;
/** stderr read per answer at most; a flood beyond it is skipped, not held in memory or in the trace. */
const MAX_STDERR_BYTES = 1 << 20;
/** A stderr line becomes one trace event; longer ones are cut. */
const MAX_LOG_LINE = 4096;
const NEWLINE = 0x0a;

export class NodeProcessExit extends Error {
  override readonly name = 'NodeProcessExit';
}

export class NodeProcessTimeout extends Error {
  override readonly name = 'NodeProcessTimeout';
}

/** The child printed something that cannot be an answer: a line too long, or more than one line for one request. */
export class NodeProcessGarbled extends Error {
  override readonly name = 'NodeProcessGarbled';
  constructor(
    /** Which rule of the protocol it broke (exec-node.ts RULES). */
    readonly rule: 'shape' | 'once',
    message: string,
    /** What it printed, cut, for the error message. */
    readonly printed: string,
  ) {
    super(message);
  }
}

export class NodeProcess {
  readonly pid: number;
  private readonly toChild: number;
  private readonly fromChild: number;
  private readonly stderr: number;
  private stderrOffset = 0;
  private stderrPartial = '';
  private readonly chunk = Buffer.allocUnsafe(READ_CHUNK);
  /** The requests sent to this process, numbered across every node it hosts. */
  readonly requestIds = new RequestIds();
  alive = true;

  constructor(
    command: string,
    private readonly workspace: ExecWorkspace,
    private readonly trafficLog: string | null = null,
  ) {
    const [inPath, outPath] = workspace.takeFifoPair();
    // Open each FIFO through a temporary read-write descriptor so that no open() blocks,
    // then close it: afterwards the child holds the only reader of stdin and the only writer of stdout.
    const inBoth = openSync(inPath, 'r+');
    const childIn = openSync(inPath, 'r');
    this.toChild = openSync(inPath, 'w');
    closeSync(inBoth);
    const outBoth = openSync(outPath, 'r+');
    this.fromChild = openSync(outPath, 'r');
    const childOut = openSync(outPath, 'w');
    closeSync(outBoth);
    // Never reused: a killed child might still hold an end for a moment.
    unlinkSync(inPath);
    unlinkSync(outPath);
    const stderrPath = join(workspace.directory, `stderr-${workspace.nextId()}`);
    this.stderr = openSync(stderrPath, 'w+');
    try {
      // Its own process group, so that a kill reaches whatever the command started.
      const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: [childIn, childOut, this.stderr], detached: true });
      child.unref();
      if (child.pid === undefined) throw new NodeProcessExit(`cannot start \`${command}\``);
      this.pid = child.pid;
      workspace.track(this.pid);
    } finally {
      closeSync(childIn);
      closeSync(childOut);
      unlinkSync(stderrPath);
    }
  }

  /** Writes one line (the newline is added). */
  send(line: string): void {
    if (this.trafficLog !== null) appendFileSync(this.trafficLog, `${this.pid}> ${line}\n`);
    try {
      this.workspace.watchdog.guard(this.pid, () => writeSync(this.toChild, `${line}\n`));
    } catch (error) {
      this.throwEnded(error);
    }
  }

  /**
   * Blocks until the next line from the child's stdout. The child speaks only
   * when spoken to, so bytes after the answer's newline are a second answer
   * to one request: left in place, they would be read as the answer to the
   * next request, and every later answer would belong to another request.
   * Each chunk is searched once and the bytes are decoded once, at the end:
   * a line of many chunks costs linear time, and a character cut between two
   * reads stays whole.
   */
  receive(): string {
    const pieces: Buffer[] = [];
    let size = 0;
    for (;;) {
      let count: number;
      try {
        count = this.workspace.watchdog.guard(this.pid, () => readSync(this.fromChild, this.chunk, 0, READ_CHUNK, null));
      } catch (error) {
        this.throwEnded(error);
      }
      if (count === 0) this.throwEnded(null);
      const read = this.chunk.subarray(0, count);
      const newline = read.indexOf(NEWLINE);
      if (newline < 0) {
        size += count;
        if (size > MAX_LINE_BYTES) {
          const start = Buffer.concat(pieces.slice(0, 1)).toString('utf8', 0, 200);
          this.kill();
          throw new NodeProcessGarbled('shape', `printed more than ${MAX_LINE_BYTES >> 20} MiB without a newline`, start);
        }
        pieces.push(Buffer.from(read));
        continue;
      }
      pieces.push(read.subarray(0, newline));
      const line = pieces.length === 1 ? read.toString('utf8', 0, newline) : Buffer.concat(pieces).toString('utf8');
      if (this.trafficLog !== null) appendFileSync(this.trafficLog, `${this.pid}< ${line}\n`);
      if (newline + 1 < count) {
        const after = read.toString('utf8', newline + 1, Math.min(count, newline + 201));
        this.kill();
        throw new NodeProcessGarbled('once', 'printed more than one line for one request (an answer, then more before the next request)', `${line.slice(0, 200)} then ${after}`);
      }
      return line;
    }
  }

  /** Complete stderr lines written since the last call (each cut at MAX_LOG_LINE; a flood skipped past MAX_STDERR_BYTES). */
  stderrLines(): string[] {
    // Called after every answer: a read at the offset is one syscall, and finds nothing almost always.
    let count = readSync(this.stderr, this.chunk, 0, READ_CHUNK, this.stderrOffset);
    if (count === 0) return [];
    // Decoded once at the end, so that no character is cut between two reads.
    const pieces: Buffer[] = [];
    let read = 0;
    let skipped = 0;
    while (count > 0) {
      this.stderrOffset += count;
      read += count;
      pieces.push(Buffer.from(this.chunk.subarray(0, count)));
      if (read >= MAX_STDERR_BYTES) {
        const end = fstatSync(this.stderr).size;
        skipped = Math.max(0, end - this.stderrOffset);
        this.stderrOffset = Math.max(end, this.stderrOffset);
        break;
      }
      count = readSync(this.stderr, this.chunk, 0, READ_CHUNK, this.stderrOffset);
    }
    const lines = (this.stderrPartial + Buffer.concat(pieces).toString('utf8')).split('\n');
    this.stderrPartial = lines.pop() ?? '';
    if (this.stderrPartial.length > MAX_LOG_LINE) {
      // A line that never ends is logged cut now rather than held until it does.
      lines.push(this.stderrPartial);
      this.stderrPartial = '';
    }
    const cut = lines.map((line) => (line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE)}... (${line.length - MAX_LOG_LINE} more characters)` : line));
    if (skipped > 0) cut.push(`(${skipped} more bytes of stderr skipped)`);
    return cut;
  }

  /** The last lines of stderr, for an error message. */
  stderrTail(): string {
    const lines = [...this.stderrLines(), this.stderrPartial].filter((line) => line.trim() !== '');
    return lines.slice(-3).join(' | ');
  }

  /** SIGKILL to the process group; closes the pipes. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    this.workspace.untrack(this.pid);
    closeSync(this.toChild);
    closeSync(this.fromChild);
    closeSync(this.stderr);
  }

  private throwEnded(error: unknown): never {
    const timedOut = this.workspace.watchdog.firedOnLatest();
    const tail = this.stderrTail();
    this.kill();
    const stderr = tail === '' ? '' : `; stderr: ${tail}`;
    if (timedOut) throw new NodeProcessTimeout(`gave no answer within ${this.workspace.watchdog.timeoutMs}ms of wall time (killed)${stderr}`);
    const cause = error === null ? 'closed its stdout (exited)' : `cannot be written to (${error instanceof Error ? error.message : String(error)})`;
    throw new NodeProcessExit(`${cause}${stderr}`);
  }
}
