/**
 * A node that breaks the protocol ends the run with one line naming the node
 * and what it printed (a SystemError: exit 255 at the CLI), and never hangs.
 * A node that fails (exits, or answers `error`) is a NodeException, like an
 * exception thrown in-process. stderr lines reach the trace, and
 * --check-determinism names where a node that reads its own randomness parts.
 */

import { describe, expect, it } from 'vitest';
import { loadSystem } from '../../src/harness/system-module.js';
import { SystemError } from '../../src/harness/system-error.js';
import { isUsageError } from '../../src/cli/usage-error.js';
import { runSeed } from '../../src/sim/run.js';
import { runCli } from '../cli/run-cli.js';
import { brokenNode } from './exec-helpers.js';

// Read when the first exec process of this test file starts; long enough for a node to boot on a loaded machine.
process.env['RAFT_CHECK_EXEC_TIMEOUT_MS'] = '3000';

async function systemError(mode: string): Promise<SystemError> {
  const system = await loadSystem(brokenNode(mode));
  try {
    runSeed(1, {}, system);
  } catch (error) {
    if (error instanceof SystemError) return error;
    throw error;
  }
  throw new Error(`mode ${mode} did not end the run`);
}

describe('exec nodes that break the protocol', () => {
  it('bad JSON: one line naming the node and the line', async () => {
    const error = await systemError('bad-json');
    expect(error.message).toMatch(/^n\d broke the exec protocol: not a JSON line; it printed: hello, I am not JSON$/);
  });

  it('an unknown effect: names the effect and the valid kinds', async () => {
    const error = await systemError('unknown-effect');
    expect(error.message).toMatch(/^n\d broke the exec protocol: effects\[0\] has unknown kind "launch-missiles" \(expected append, write, fsync, rename, delete, send, reply or admin-reply\); it printed: \{"type":"effects"/);
    expect(error.message).not.toContain('\n');
  });

  it('a broken quietTicks promise: names the field and the value', async () => {
    const error = await systemError('bad-quiet-ticks');
    expect(error.message).toMatch(/^n\d broke the exec protocol: quietTicks must be an integer >= 0, got -1; it printed: \{"type":"effects"/);
  });

  it('malformed promises of a send: names the field and the value', async () => {
    expect((await systemError('bad-promises')).message).toMatch(/^n\d broke the exec protocol: effects\[0\]\.promises\.term must be an integer >= 0, got "3"; it printed: \{"type":"effects"/);
    const typo = await systemError('promise-typo');
    expect(typo.message).toMatch(/^n\d broke the exec protocol: effects\[0\]\.promises has unknown field "ackIndex" \(expected term, acknowledgedIndex, snapshotInstalledIndex, leaderCommit, preVoteTerm, candidateLastLogIndex, candidateLastLogTerm, voteGranted, fromLeader, campaign, preVoteGranted, leadershipTransfer\); it printed: /);
  });

  it('a leader\'s malformed progress: names the field and the value', async () => {
    expect((await systemError('bad-progress')).message).toMatch(/^n\d broke the exec protocol: view\.progress must be a list of \[peer, matchIndex, nextIndex\], got \[\[2,-1,3\]\]; it printed: /);
  });

  it('promises from a node that did not declare them, or declarations that differ: one line each', async () => {
    expect((await systemError('undeclared-promises')).message).toMatch(/^n\d broke the exec protocol: effects\[0\]\.promises given, but the ready answer did not declare "promises": true; it printed: /);
    expect((await systemError('bad-features')).message).toMatch(/^n1 broke the exec protocol: ready\.implementsFeatures must be a list of preVote, checkQuorum, leadershipTransfer, got \["preVote","warpDrive"\]; it printed: \{"type":"ready"/);
    expect((await systemError('split-declaration')).message).toMatch(/^n2 of exec:.* declared promises true, another node false$/);
  });

  it('two answers to one request: a protocol error, not answers shifted onto the next requests', async () => {
    // Before: the second line answered the next step, and every later answer belonged to another request (a liveness failure).
    expect((await systemError('two-answers')).message).toMatch(/^n\d broke the exec protocol: printed more than one line for one request \(an answer, then more before the next request\); it printed: \{"type":"effects".* then \{"type":"effects"/);
  });

  it('a view nested too deep to print again: a protocol error, not the node\'s failure', async () => {
    // Before: re-printing the answer for the message threw a RangeError, which the run counted as a NodeException of the node.
    const error = await systemError('deep-view');
    expect(error.message).toMatch(/^n\d broke the exec protocol: view must be an object; it printed: \{"type":"effects","effects":\[\],"view":\[\[\[/);
    expect(error.message.length).toBeLessThan(400);
  });

  it('a node that stops answering is killed after the wall-time limit', async () => {
    const started = performance.now();
    const error = await systemError('hang');
    expect(error.message).toMatch(/^n\d's exec process gave no answer within 3000ms of wall time \(killed\), while handling step\(tick\)$/);
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('an empty command is the user\'s input (exit 2), not a system error (exit 255)', async () => {
    await expect(loadSystem('exec: ')).rejects.toSatisfy((error: unknown) => isUsageError(error) && /^--system exec: needs a command/.test((error as Error).message));
  });

  it('a command that dies before its first answer is a system error with its stderr', async () => {
    const error = await systemError('dies-at-start');
    expect(error.message).toMatch(/ended before its first ready answer: n1 init: process closed its stdout \(exited\); stderr: cannot open my config$/);
  });
});

describe('exec nodes that fail', () => {
  it('a node that exits mid-step fails the run with NodeException and its stderr', async () => {
    const result = runSeed(1, {}, await loadSystem(brokenNode('exits')));
    expect(result.failure?.invariant).toBe('NodeException');
    expect(result.failure?.message).toMatch(/step\(tick\): process closed its stdout \(exited\); stderr: AssertionError: the log went backwards$/);
  });

  it('a node that answers `error` fails the run with NodeException', async () => {
    const result = runSeed(1, {}, await loadSystem(brokenNode('error')));
    expect(result.failure?.invariant).toBe('NodeException');
    expect(result.failure?.message).toMatch(/step\(tick\) failed: AssertionError: the log went backwards$/);
  });

  it('an `error` with a stack of many lines is one cut line in the failure (the verdict line)', async () => {
    const result = runSeed(1, {}, await loadSystem(brokenNode('multiline-error')));
    expect(result.failure?.invariant).toBe('NodeException');
    expect(result.failure?.message).toMatch(/step\(tick\) failed: AssertionError: the log went backwards at frame at frame .*\.\.\.$/);
    expect(result.failure?.message).not.toContain('\n');
    expect(result.failure!.message.length).toBeLessThan(700);
  });
});

describe('exec node stderr', () => {
  it('goes to the trace as log events, with the simulated time the node was given', async () => {
    const result = runSeed(1, { safetyMs: 200 }, await loadSystem(brokenNode('chatty')), { keepTrace: true });
    const logs = (result.trace ?? []).filter((event) => event.kind === 'log');
    expect(logs.length).toBeGreaterThan(10);
    for (const event of logs.slice(0, 10)) expect(event.detail).toBe(`step at t=${event.time}`);
  }, 60_000);
});

describe('a nondeterministic exec node', () => {
  it('is named by --check-determinism (exit 5) at the first event where two runs part', () => {
    const run = runCli(['--seed', '1', '--duration', '300', '--check-determinism', '--system', brokenNode('nondeterministic')]);
    expect(run.status).toBe(5);
    expect(run.stdout).toMatch(/^determinism: FAIL, the second run diverged at trace event #\d+\n {2}first run: .*\n {2}second run: /m);
  }, 120_000);
});
