/**
 * Ctrl-C on long commands keeps what was done: `shrink` saves the smallest
 * failing plan found so far, `power` prints the table of the bugs measured;
 * both exit 130. (The sweep's own Ctrl-C test is in test/sweep/sweep-limits.)
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from './run-cli.js';

interface Interrupted {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI, sends SIGINT once `ready` matches its output so far, and waits for it to end. */
async function interruptWhen(args: string[], ready: RegExp): Promise<Interrupted> {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  const maybeInterrupt = (): void => {
    if (!sent && ready.test(stdout + stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  };
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), maybeInterrupt()));
  child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), maybeInterrupt()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('Ctrl-C', () => {
  it('during shrink saves the smallest failing plan found so far, which still replays to the failure (exit 130)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shrink-int-'));
    const run = await interruptWhen(['shrink', '--seed', '1', '--bug', 'send-before-fsync', '--budget', '600', '--save', dir], /^ {2}run \d+: /m);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted: saving the smallest failing plan found so far');
    expect(run.stdout).toMatch(/^after: .*interrupted: Ctrl-C\)$/m);
    const saved = /^saved: (.+)$/m.exec(run.stdout)?.[1];
    expect(saved !== undefined && existsSync(saved)).toBe(true);
    expect(runCli(['replay', saved!]).status).toBe(1);
  });

  it('during power stops the bug in flight at once and prints the table of the bugs measured, saying it is partial (exit 130)', async () => {
    // The first bug fails on seed 1; the second runs for hundreds of seeds, so the signal lands while it is in flight.
    const bugs = ['send-before-fsync', 'lease-of-own-election-timeout'];
    const started = performance.now();
    const run = await interruptWhen(['power', ...bugs.flatMap((bug) => ['--bug', bug]), '--workers', '1', '--shrink-budget', '0'], /send-before-fsync: seed 1 /);
    expect(run.code).toBe(130);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.stdout).toMatch(/^interrupted: Ctrl-C after 1 of 2 bugs; the median and maximum above are of those 1 only$/m);
    expect(run.stdout).toContain('replay send-before-fsync: raft-check --seed 1 --bug send-before-fsync');
  });
});
