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
 * `trafficLog`, when set, gets every line both ways (`pid> ` to the node,
 * `pid< ` from it): for debugging a node, and for the schema test.
 */

import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecWorkspace } from './workspace.js';

const READ_CHUNK = 1 << 16;

export class NodeProcessExit extends Error {
  override readonly name = 'NodeProcessExit';
}

export class NodeProcessTimeout extends Error {
  override readonly name = 'NodeProcessTimeout';
}

export class NodeProcess {
  readonly pid: number;
  private readonly toChild: number;
  private readonly fromChild: number;
  private readonly stderr: number;
  private stderrOffset = 0;
  private stderrPartial = '';
  private pendingText = '';
  private readonly chunk = Buffer.allocUnsafe(READ_CHUNK);
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

  /** Blocks until the next line from the child's stdout. */
  receive(): string {
    for (;;) {
      const newline = this.pendingText.indexOf('\n');
      if (newline >= 0) {
        const line = this.pendingText.slice(0, newline);
        this.pendingText = this.pendingText.slice(newline + 1);
        if (this.trafficLog !== null) appendFileSync(this.trafficLog, `${this.pid}< ${line}\n`);
        return line;
      }
      let count: number;
      try {
        count = this.workspace.watchdog.guard(this.pid, () => readSync(this.fromChild, this.chunk, 0, READ_CHUNK, null));
      } catch (error) {
        this.throwEnded(error);
      }
      if (count === 0) this.throwEnded(null);
      this.pendingText += this.chunk.toString('utf8', 0, count);
    }
  }

  /** Complete stderr lines written since the last call. */
  stderrLines(): string[] {
    // Called after every answer: a read at the offset is one syscall, and finds nothing almost always.
    let count = readSync(this.stderr, this.chunk, 0, READ_CHUNK, this.stderrOffset);
    if (count === 0) return [];
    // Decoded once at the end, so that no character is cut between two reads.
    const pieces: Buffer[] = [];
    while (count > 0) {
      this.stderrOffset += count;
      pieces.push(Buffer.from(this.chunk.subarray(0, count)));
      count = readSync(this.stderr, this.chunk, 0, READ_CHUNK, this.stderrOffset);
    }
    const lines = (this.stderrPartial + Buffer.concat(pieces).toString('utf8')).split('\n');
    this.stderrPartial = lines.pop() ?? '';
    return lines;
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
