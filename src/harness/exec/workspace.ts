/**
 * What the exec processes of one thread share: a private temporary directory
 * for their FIFOs and stderr files, the watchdog, and the list of live
 * processes, killed when the thread or process exits.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Watchdog } from './watchdog.js';

/** FIFOs are made in batches: one `mkfifo` process per batch instead of one per node start. */
const FIFO_BATCH = 16;

/** How long a node may take to answer one request, in wall-clock ms. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000;

export class ExecWorkspace {
  readonly directory = mkdtempSync(join(tmpdir(), 'raft-check-exec-'));
  readonly watchdog: Watchdog;
  private readonly live = new Set<number>();
  private readonly spareFifos: string[] = [];
  private counter = 0;

  constructor(answerTimeoutMs: number) {
    this.watchdog = new Watchdog(answerTimeoutMs);
    process.once('exit', () => this.close());
  }

  nextId(): number {
    return ++this.counter;
  }

  /** Two fresh FIFO paths (the caller unlinks them once opened). */
  takeFifoPair(): [string, string] {
    if (this.spareFifos.length < 2) {
      const names = Array.from({ length: FIFO_BATCH }, () => join(this.directory, `fifo-${this.nextId()}`));
      execFileSync('mkfifo', names);
      this.spareFifos.push(...names);
    }
    return [this.spareFifos.pop() as string, this.spareFifos.pop() as string];
  }

  track(pid: number): void {
    this.live.add(pid);
  }

  untrack(pid: number): void {
    this.live.delete(pid);
  }

  /** Kills what is still running and removes the directory. */
  close(): void {
    for (const pid of this.live) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.live.clear();
    this.watchdog.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
